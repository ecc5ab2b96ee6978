/**
 * ceilometer-ts installed the way an operator installs it: every public package published to a
 * private registry (Verdaccio), `npm install -g --prefix <tmp>/opt ceilometer-ts` with plain npm (no
 * workspace, no pnpm, a private userconfig and cache), then the installed commands: `--version`,
 * `ceilometer-plugins list/check`, `ceilometer-polling --poll-once` on the shipped embedded config,
 * `ceilometer-agent-notification` consuming from RabbitMQ into file://, and a third-party plugin
 * (TypeScript with decorators, the sdk from the registry) published, installed with
 * `npm install --prefix DIR` into a plugin directory and polled.
 * Needs the build (`pnpm -s build`; scripts/test-all.sh builds) and registry.npmjs.org (uplink for
 * third-party dependencies). Prints publish and install times, the prefix size and start times.
 */
import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  publishPackageDir, publishWorkspace, startRabbitMQ, startVerdaccio, writeRegistryUserconfig, type RabbitMQService, type VerdaccioService,
} from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'registry-plugin');
const built = existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js'));
const COMMANDS = ['ceilometer-polling', 'ceilometer-agent-notification', 'ceilometer-config-generator', 'ceilometer-plugins', 'ceilometer-send-sample', 'ceilometer-upgrade'];
const versionOf = (folder: string): string => (JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8')) as { version: string }).version;

/** The public plugins of the workspace (the default set the meta-package must bring). */
function defaultPlugins(): string[] {
  return readdirSync(join(ROOT, 'plugins'))
    .map((d) => JSON.parse(readFileSync(join(ROOT, 'plugins', d, 'package.json'), 'utf8')) as { name: string; private?: boolean })
    .filter((m) => m.private !== true)
    .map((m) => m.name)
    .sort();
}

/** The environment of a clean machine: no npm_config_* from the pnpm/npx that started vitest, our HOME. */
function cleanEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|CEILOMETER_|CEILO_|NODE_OPTIONS$|VITEST|INIT_CWD$)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, HOME: home, XDG_CACHE_HOME: join(home, '.cache'), NO_COLOR: '1', ...extra };
}

function seconds(t0: number): number {
  return Math.round(performance.now() - t0) / 1000;
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!built)('ceilometer-ts installed from a registry with plain npm', () => {
  let registry: VerdaccioService;
  let work: string;
  let home: string;
  let npmrc: string;
  let globalrc: string;
  let prefix: string;
  let etc: string;
  const figures: Record<string, number | string> = {};

  const npm = (args: readonly string[], cwd = work): string =>
    execFileSync('npm', [...args, '--userconfig', npmrc, '--globalconfig', globalrc, '--registry', registry.url, '--loglevel=error'], {
      cwd, env: cleanEnv(home), encoding: 'utf8', timeout: 240_000,
    });
  const command = (name: string, args: readonly string[], extra: Record<string, string> = {}) => {
    const t0 = performance.now();
    const r = spawnSync(join(prefix, 'bin', name), [...args], { cwd: work, env: cleanEnv(home, extra), encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, seconds: seconds(t0) };
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ceilo-install-'));
    home = join(work, 'home');
    mkdirSync(home);
    registry = await startVerdaccio();
    figures['verdaccio install s'] = registry.installSeconds;
    figures['verdaccio start s'] = registry.startSeconds;
    npmrc = await writeRegistryUserconfig(registry.url, join(work, 'npm'));
    globalrc = join(work, 'npm', 'globalrc');
    writeFileSync(globalrc, '');

    const published = await publishWorkspace(registry.url);
    figures['publish s'] = Math.round(published.seconds * 10) / 10;
    figures['packages published'] = published.published.length;

    prefix = join(work, 'opt');
    const t0 = performance.now();
    npm(['install', '-g', '--prefix', prefix, 'ceilometer-ts']);
    figures['npm install -g s'] = seconds(t0);
    figures['prefix MiB'] = Math.round(Number(execFileSync('du', ['-sk', prefix], { encoding: 'utf8' }).split('\t')[0]) / 102.4) / 10;
    etc = join(prefix, 'lib/node_modules/ceilometer-ts/etc/ceilometer');
  }, 300_000);

  afterAll(async () => {
    console.log(`install from registry: ${Object.entries(figures).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    await registry?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installed the six commands, the cli, the sdk and the default plugins, nothing from the workspace', () => {
    expect(readdirSync(join(prefix, 'bin')).sort()).toEqual([...COMMANDS].sort());
    const nm = join(prefix, 'lib/node_modules/ceilometer-ts/node_modules/@ceilometer-ts');
    const installed = readdirSync(nm).map((d) => `@ceilometer-ts/${d}`);
    expect(installed).toEqual(expect.arrayContaining(['@ceilometer-ts/cli', '@ceilometer-ts/sdk', ...defaultPlugins()]));
    expect(installed).not.toContain('@ceilometer-ts/test-services');
    // real copies from the registry: no links into the workspace
    expect(execFileSync('find', [prefix, '-type', 'l', '-lname', `${ROOT}*`], { encoding: 'utf8' })).toBe('');
  });

  it('--version on every installed command names the meta-package, cli, sdk and node', () => {
    const meta = versionOf('packages/ceilometer-ts');
    for (const name of COMMANDS) {
      const r = command(name, ['--version']);
      figures[`${name} --version s`] = r.seconds;
      expect({ name, status: r.status, stderr: r.stderr }).toEqual({ name, status: 0, stderr: '' });
      expect(r.stdout).toBe(`${name} ${meta} (ceilometer-ts ${meta}, @ceilometer-ts/cli ${versionOf('packages/cli')}, @ceilometer-ts/sdk ${versionOf('packages/sdk')}, node ${process.version})\n`);
    }
  });

  it('ceilometer-plugins list finds every default plugin and check reports no problem', () => {
    const list = command('ceilometer-plugins', ['list', '--json']);
    expect(list.status, list.stderr).toBe(0);
    const packages = new Set((JSON.parse(list.stdout) as { package: string }[]).map((row) => row.package));
    for (const plugin of defaultPlugins()) expect(packages, plugin).toContain(plugin);

    const check = command('ceilometer-plugins', ['check', '--config-file', join(etc, 'embedded/ceilometer.conf')]);
    expect(check.stdout).not.toMatch(/^FAIL/m);
    expect(check.status, check.stdout.slice(-3000) + check.stderr.slice(-2000)).toBe(0);
  });

  it('ceilometer-polling --poll-once polls this host on the embedded config it ships', () => {
    const r = command('ceilometer-polling', ['--config-file', join(etc, 'embedded/ceilometer.conf'), '--poll-once']);
    figures['--poll-once s'] = r.seconds;
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    const names = new Set(r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { name: string }).name));
    expect(names).toContain('hardware.cpu.load.1min');
    expect(names).toContain('hardware.memory.used');
  });

  it('the cli and a few plugins without the meta-package (npm install --prefix, docs/operations/install.md)', () => {
    const small = join(work, 'small');
    npm(['install', '--prefix', small, '@ceilometer-ts/cli', '@ceilometer-ts/inspector-local', '@ceilometer-ts/pollsters-hardware']);
    const bin = join(small, 'node_modules/.bin');
    const version = spawnSync(join(bin, 'ceilometer-polling'), ['--version'], { cwd: work, env: cleanEnv(home), encoding: 'utf8' });
    expect(version.stdout).toBe(`ceilometer-polling ${versionOf('packages/cli')} (@ceilometer-ts/cli ${versionOf('packages/cli')}, @ceilometer-ts/sdk ${versionOf('packages/sdk')}, node ${process.version})\n`);
    const r = spawnSync(join(bin, 'ceilometer-polling'), ['--config-file', join(etc, 'embedded/ceilometer.conf'), '--poll-once'], { cwd: work, env: cleanEnv(home), encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    expect(r.stdout).toContain('"name":"hardware.cpu.load.1min"');
  }, 120_000);

  describe('with RabbitMQ', () => {
    let broker: RabbitMQService;
    beforeAll(async () => {
      broker = await startRabbitMQ();
    }, 180_000);
    afterAll(async () => {
      await broker?.stop();
    });

    it('ceilometer-agent-notification publishes what ceilometer-send-sample sends, from the prefix', async () => {
      const dir = join(work, 'notification');
      mkdirSync(dir);
      const out = join(dir, 'samples.json');
      const topic = `notifications-${Math.random().toString(36).slice(2, 10)}`;
      writeFileSync(join(dir, 'pipeline.yaml'), `sources:\n  - name: all\n    meters: ["*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers: ["file://${out}?json"]\n`);
      const conf = join(dir, 'ceilometer.conf');
      writeFileSync(conf, [
        '[DEFAULT]', `transport_url = ${broker.url}`, `pipeline_cfg_file = ${join(dir, 'pipeline.yaml')}`,
        '[notification]', 'pipelines = meter', 'notification_control_exchanges = ceilometer', `state_dir = ${join(dir, 'state')}`,
        '[oslo_messaging_notifications]', `topics = ${topic}`, '[publisher]', 'telemetry_secret = s3cret', '',
      ].join('\n'));
      const env = cleanEnv(home);
      const agent = spawn(join(prefix, 'bin/ceilometer-agent-notification'), ['--config-file', conf], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      agent.stdout.on('data', (d: Buffer) => (log += d.toString()));
      agent.stderr.on('data', (d: Buffer) => (log += d.toString()));
      const exited = new Promise<number | null>((r) => agent.once('exit', (code) => r(code)));
      try {
        await until(() => log.includes('notification agent consuming'), `agent start (log: ${log.slice(-2000)})`);
        await promisify(execFile)(join(prefix, 'bin/ceilometer-send-sample'), ['--config-file', conf, '-n', 'installed.meter', '-r', 'res-1', '-l', '7', '-U', 'things'], { env });
        await until(() => existsSync(out) && readFileSync(out, 'utf8').includes('installed.meter'), 'sample published to file://');
        expect(JSON.parse(readFileSync(out, 'utf8').trim())).toMatchObject({ name: 'installed.meter', volume: 7, unit: 'things', resource_id: 'res-1' });
      } finally {
        agent.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
    }, 90_000);
  });

  it('a third-party plugin (TypeScript, decorators, sdk from the registry) installed into a plugin dir is polled', async () => {
    const src = join(work, 'plugin-src');
    cpSync(FIXTURE, src, { recursive: true, filter: (p) => !/\/(dist|node_modules)(\/|$)/.test(p) });
    // the sdk range of the release being tested
    const manifest = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const sdkRange = `^${versionOf('packages/sdk')}`;
    manifest['peerDependencies']!['@ceilometer-ts/sdk'] = sdkRange;
    manifest['devDependencies']!['@ceilometer-ts/sdk'] = sdkRange;
    writeFileSync(join(src, 'package.json'), JSON.stringify(manifest, null, 2));

    let t0 = performance.now();
    npm(['install'], src);
    const published = await publishPackageDir(registry.url, src); // prepack: tsc
    figures['plugin build+publish s'] = seconds(t0);
    expect(published.published).toEqual(['@example/ceilometer-registry-loadavg@1.0.0']);

    const pluginDir = join(work, 'plugins');
    t0 = performance.now();
    npm(['install', '--prefix', pluginDir, '@example/ceilometer-registry-loadavg']);
    figures['plugin install s'] = seconds(t0);
    // the sdk is an optional peer: the agent's copy is the one used, npm installs no second one
    expect(readdirSync(join(pluginDir, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['@example']);

    const yaml = join(work, 'plugin-polling.yaml');
    writeFileSync(yaml, 'sources:\n  - name: loadavg\n    interval: 60\n    meters: ["registry.*"]\n    resources: ["local://localhost"]\n');
    const conf = join(work, 'plugin.conf');
    writeFileSync(conf, `[DEFAULT]\npolling_namespaces = central\nplugin_dirs = ${pluginDir}\n[polling]\ncfg_file = ${yaml}\n[registry_loadavg]\nminutes = 5\n`);

    const list = command('ceilometer-plugins', ['list', 'ceilometer.poll.central', '--config-file', conf]);
    expect(list.stdout).toContain('registry.loadavg');
    expect(list.stdout).toContain('@example/ceilometer-registry-loadavg@1.0.0');

    // [DEFAULT] plugin_dirs, and CEILOMETER_PLUGIN_PATH with a config that names no plugin dir
    const envConf = join(work, 'plugin-env.conf');
    writeFileSync(envConf, `[DEFAULT]\npolling_namespaces = central\n[polling]\ncfg_file = ${yaml}\n`);
    for (const [args, extra, minutes] of [
      [['--config-file', conf, '--poll-once'], {}, 5],
      [['--config-file', envConf, '--poll-once'], { CEILOMETER_PLUGIN_PATH: pluginDir }, 1],
    ] as const) {
      const r = command('ceilometer-polling', args, extra);
      expect(r.stderr).not.toContain('TypeInfo not known');
      expect(r.status, r.stderr.slice(-3000)).toBe(0);
      const samples = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { name: string; resource_metadata: Record<string, unknown> });
      expect(samples.map((s) => s.name)).toEqual(['registry.loadavg']);
      // [registry_loadavg] minutes reached the injected context (default 1)
      expect(samples[0]?.resource_metadata).toEqual({ minutes, resource_url: 'local://localhost' });
    }
  }, 240_000);
});
