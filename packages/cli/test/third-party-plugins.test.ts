/**
 * Third-party plugins installed the documented way (docs/plugin-authoring.md): a TypeScript pollster
 * with decorators and constructor injection, compiled with experimentalDecorators and
 * emitDecoratorMetadata, packed, and installed with `npm install --prefix DIR` beside its sdk peer
 * (the workspace sdk packed with `pnpm pack`), without it (an optional peer, as the guide advises),
 * and beside an sdk copy the host cannot replace. `ceilometer-polling --poll-once` and
 * `ceilometer-plugins check` run on each directory.
 * Needs the build (`pnpm build`) and the npm registry (the sdk's own dependencies).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, jsonLines, launcherBuilt, tempDir, type TempDir } from './polling-helpers.js';

const FIXTURE = join(ROOT, 'packages/cli/test/fixtures/plugins/decorator-pollster');
const HOST_SDK_VERSION = (JSON.parse(readFileSync(join(ROOT, 'packages/sdk/package.json'), 'utf8')) as { version: string }).version;

let tmp: TempDir;
const npmEnv = (): NodeJS.ProcessEnv => ({ ...process.env, npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_loglevel: 'error' });

function npm(args: readonly string[], cwd = tmp.dir): string {
  return execFileSync('npm', args, { cwd, env: npmEnv(), encoding: 'utf8', timeout: 180_000 });
}

/** `npm pack DIR` into the temp dir; the tarball's path. */
function pack(dir: string): string {
  const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp.dir, dir])) as { filename: string }[];
  return join(tmp.dir, info!.filename);
}

/** Compiles the fixture as its author would (tsc, decorators), against the workspace sdk's types. */
function buildFixture(dir: string, edit: (json: Record<string, unknown>) => void = () => {}): string {
  cpSync(FIXTURE, dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules/@ceilometer-ts'), { recursive: true });
  symlinkSync(join(ROOT, 'packages/sdk'), join(dir, 'node_modules/@ceilometer-ts/sdk'));
  symlinkSync(join(ROOT, 'node_modules/@types'), join(dir, 'node_modules/@types'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(json, null, 2));
  return pack(dir);
}

/** Runs a launcher with `pluginPath` as CEILOMETER_PLUGIN_PATH (no scan cache, no /etc config). */
function bin(command: string, args: readonly string[], pluginPath: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', command), ...args], {
    env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', CEILOMETER_PLUGIN_PATH: pluginPath }, encoding: 'utf8', timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!launcherBuilt())('third-party plugins installed with npm install --prefix', () => {
  let withPeer: string;
  let withoutPeer: string;
  let incompatible: string;
  let conf: string;

  beforeAll(() => {
    tmp = tempDir('ceilo-third-party-');
    const sdk = join(tmp.dir, execFileSync('pnpm', ['pack', '--pack-destination', tmp.dir], { cwd: join(ROOT, 'packages/sdk'), encoding: 'utf8' }).trim().split('\n').at(-1)!.split('/').at(-1)!);
    const plugin = buildFixture(join(tmp.dir, 'build'));
    withPeer = join(tmp.dir, 'with-peer');
    npm(['install', '--prefix', withPeer, '--prefer-offline', '--no-package-lock', sdk, plugin]);
    // The guide's command: the optional peer is not installed.
    withoutPeer = join(tmp.dir, 'without-peer');
    npm(['install', '--prefix', withoutPeer, '--prefer-offline', '--no-package-lock', plugin]);
    // A plugin built for a future sdk, installed with that sdk as its peer.
    const futureSdk = join(tmp.dir, 'future-sdk');
    mkdirSync(futureSdk);
    writeFileSync(join(futureSdk, 'package.json'), JSON.stringify({ name: '@ceilometer-ts/sdk', version: '9.0.0', type: 'module', main: 'index.js' }));
    writeFileSync(join(futureSdk, 'index.js'), 'export const future = true;\n');
    const future = buildFixture(join(tmp.dir, 'build-future'), (json) => {
      json['name'] = 'ceilo-test-future-pollster';
      json['peerDependencies'] = { '@ceilometer-ts/sdk': '^9.0.0' };
      json['ceilometer'] = { entryPoints: { 'ceilometer.poll.central': { 'future.uptime': './dist/uptime.js:UptimePollster' } } };
    });
    incompatible = join(tmp.dir, 'incompatible');
    npm(['install', '--prefix', incompatible, '--prefer-offline', '--no-package-lock', pack(futureSdk), future]);
    const yaml = tmp.write('polling.yaml', 'sources:\n  - name: uptime\n    interval: 60\n    meters: ["decorator.*", "future.*"]\n    resources: ["local://localhost"]\n');
    conf = tmp.write('ceilometer.conf', `[DEFAULT]\npolling_namespaces = central\n[polling]\ncfg_file = ${yaml}\n[decorator]\nscale = 2.0\n`);
  }, 300_000);
  afterAll(() => tmp?.cleanup());

  const pollOnce = (pluginPath: string) => bin('ceilometer-polling', ['--config-file', conf, '--poll-once', '--pollster-list', 'decorator.*', 'future.*'], pluginPath);
  const check = (pluginPath: string) => bin('ceilometer-plugins', ['check', '--config-file', conf, 'ceilometer.poll.central'], pluginPath);

  it.each([
    ['with its sdk peer installed', () => withPeer],
    ['without its sdk peer', () => withoutPeer],
  ])('a decorator-style pollster %s gets the host sdk: polled, injected, configured', (_, dir) => {
    const r = pollOnce(dir());
    expect(r.stderr).not.toContain('TypeInfo not known');
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    const samples = jsonLines(r.stdout);
    expect(samples.map((s) => s['name']).sort()).toEqual(['decorator.uptime', 'decorator.uptime_cjs']);
    const uptime = samples.find((s) => s['name'] === 'decorator.uptime')!;
    const cjs = samples.find((s) => s['name'] === 'decorator.uptime_cjs')!;
    // [decorator] scale = 2.0 reached the pollster through the injected context
    expect(uptime['volume'] as number).toBeGreaterThan(1.5 * (cjs['volume'] as number));
  });

  it.each([
    ['with its sdk peer installed', () => withPeer],
    ['without its sdk peer', () => withoutPeer],
  ])('ceilometer-plugins check constructs the pollster %s', (_, dir) => {
    const r = check(dir());
    expect(r.stdout).toContain('ok    ceilo-test-decorator-pollster@1.0.0 ceilometer.poll.central/decorator.uptime (./dist/uptime.js:UptimePollster): constructed');
    expect(r.stdout).toContain('ok    ceilo-test-decorator-pollster@1.0.0 ceilometer.poll.central/decorator.uptime_cjs (./cjs/uptime.cjs:UptimePollster): constructed');
    expect(r.status, r.stdout + r.stderr.slice(-2000)).toBe(0);
  });

  it('a plugin whose sdk copy the host cannot replace is named and isolated; the others load', () => {
    const copy = join(incompatible, 'node_modules/@ceilometer-ts/sdk');
    const r = check(`${withPeer}:${incompatible}`);
    expect(r.status).toBe(1);
    const fail = r.stdout.split('\n').find((l) => l.startsWith('FAIL'));
    expect(fail).toContain('ceilo-test-future-pollster@1.0.0');
    expect(fail).toContain('"^9.0.0"');
    expect(fail).toContain(`does not accept the installed ${HOST_SDK_VERSION}`);
    expect(fail).toContain(`a second copy, sdk 9.0.0, is installed at ${copy}`);
    expect(r.stdout).toContain('ok    ceilo-test-decorator-pollster@1.0.0 ceilometer.poll.central/decorator.uptime (./dist/uptime.js:UptimePollster): constructed');

    const polled = pollOnce(`${withPeer}:${incompatible}`);
    expect(polled.stderr).toContain('ceilo-test-future-pollster@1.0.0');
    expect(jsonLines(polled.stdout).map((s) => s['name']).sort()).toEqual(['decorator.uptime', 'decorator.uptime_cjs']);
  });
});
