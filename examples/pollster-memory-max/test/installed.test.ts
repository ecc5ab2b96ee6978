/**
 * The example installed as an operator installs a third-party plugin (docs/plugin-authoring.md):
 * compiled by its own `prepack` (tsc with decorators) against the workspace sdk's types, packed with
 * `npm pack`, installed into a plugin directory with `npm install --prefix DIR` (offline: it has no
 * dependency, and the sdk is an optional peer the agent provides), then listed by
 * `ceilometer-plugins list`, passing `ceilometer-plugins check`, and polled by
 * `ceilometer-polling --poll-once` against libvirt's test driver (three Nova domains of
 * test/fixtures/libvirt-node3.xml: Nova metadata, file/block/cdrom disks, OVS NICs, one domain without a balloon) beside
 * the compute plugins, with no change to any other package: its samples carry the metadata the
 * bundled `memory.usage` gives the same instance.
 * Needs the build (`pnpm build`); the poll needs plugins/inspector-libvirt and plugins/pollsters-compute
 * and virsh (libvirt-clients).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const EXAMPLE = resolve(HERE, '..');
const ROOT = resolve(EXAMPLE, '../..');
const NODE_XML = join(HERE, 'fixtures/libvirt-node3.xml');
const built = existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js'));
const computePlugins = ['inspector-libvirt', 'pollsters-compute'].every((p) => existsSync(join(ROOT, 'plugins', p, 'dist')));
const virsh = spawnSync('virsh', ['--version'], { encoding: 'utf8' }).status === 0;

const npmEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  // the author's tools (tsc for prepack) from the checkout, as `npm install --save-dev typescript` would give them
  PATH: `${join(ROOT, 'node_modules/.bin')}${delimiter}${process.env['PATH'] ?? ''}`,
  npm_config_update_notifier: 'false',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_loglevel: 'error',
});

/** Runs a launcher of the checkout with `pluginDir` as CEILOMETER_PLUGIN_PATH (no scan cache). */
function bin(command: string, args: readonly string[], pluginDir: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', command), ...args], {
    env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', CEILOMETER_PLUGIN_PATH: pluginDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** JSON lines of an output. */
function jsonLines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe.skipIf(!built)('examples/pollster-memory-max packed and installed into a plugin directory', () => {
  let work: string;
  let pluginDir: string;
  let conf: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ceilo-memory-max-'));
    // The author's checkout of the example: its sources, with the sdk (types) and @types/node installed.
    const build = join(work, 'build');
    for (const entry of ['package.json', 'tsconfig.json', 'README.md', 'CHANGELOG.md', 'src']) cpSync(join(EXAMPLE, entry), join(build, entry), { recursive: true });
    mkdirSync(join(build, 'node_modules/@ceilometer-ts'), { recursive: true });
    symlinkSync(join(ROOT, 'packages/sdk'), join(build, 'node_modules/@ceilometer-ts/sdk'));
    symlinkSync(join(ROOT, 'node_modules/@types'), join(build, 'node_modules/@types'));
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: build, env: npmEnv(), encoding: 'utf8', timeout: 120_000 })) as { filename: string }[];
    pluginDir = join(work, 'plugins');
    execFileSync('npm', ['install', '--prefix', pluginDir, '--offline', '--no-package-lock', join(work, packed!.filename)], { env: npmEnv(), encoding: 'utf8', timeout: 120_000 });

    const yaml = join(work, 'polling.yaml');
    writeFileSync(yaml, 'sources:\n  - name: memory\n    interval: 600\n    meters:\n      - memory.max\n      - memory.usage\n');
    conf = join(work, 'ceilometer.conf');
    writeFileSync(conf, ['[DEFAULT]', 'polling_namespaces = compute', `libvirt_uri = test://${NODE_XML}`, '[polling]', `cfg_file = ${yaml}`, 'enable_notifications = false', ''].join('\n'));
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds the compiled entry point and nothing else of the checkout', () => {
    const installed = join(pluginDir, 'node_modules/@example/ceilometer-pollster-memory-max');
    expect(existsSync(join(installed, 'dist/memory-max.js'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    // no second sdk copy: the optional peer is left to the agent
    expect(existsSync(join(pluginDir, 'node_modules/@ceilometer-ts/sdk'))).toBe(false);
    expect(readFileSync(join(installed, 'dist/memory-max.js'), 'utf8')).toContain('__decorate');
  });

  it('is listed by ceilometer-plugins list with its package and version', () => {
    const r = bin('ceilometer-plugins', ['list', '--config-file', conf, 'ceilometer.poll.compute'], pluginDir);
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const line = r.stdout.split('\n').find((l) => /\smemory\.max\s/.test(l));
    expect(line).toMatch(/^ceilometer\.poll\.compute\s+memory\.max\s+@example\/ceilometer-pollster-memory-max@0\.1\.0\s+\.\/dist\/memory-max\.js:MemoryMaxPollster$/);
  });

  it('passes ceilometer-plugins check (every installed entry point)', () => {
    const r = bin('ceilometer-plugins', ['check', '--config-file', conf], pluginDir);
    expect(r.stdout).toContain('ok    @example/ceilometer-pollster-memory-max@0.1.0 ceilometer.poll.compute/memory.max (./dist/memory-max.js:MemoryMaxPollster): constructed');
    expect(r.status, r.stdout.split('\n').filter((l) => l.startsWith('FAIL')).join('\n') + r.stderr.slice(-2000)).toBe(0);
  });

  it.skipIf(!computePlugins || !virsh)('is polled by ceilometer-polling --poll-once against the libvirt test driver', () => {
    const r = bin('ceilometer-polling', ['--config-file', conf, '--poll-once'], pluginDir);
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    const all = jsonLines(r.stdout);
    const samples = all.filter((s) => s['name'] === 'memory.max');
    expect(samples.map((s) => [s['name'], s['type'], s['unit'], s['resource_id'], s['volume']]).sort()).toEqual([
      ['memory.max', 'gauge', 'MB', '11111111-1111-4111-8111-111111111111', 2048],
      ['memory.max', 'gauge', 'MB', '22222222-2222-4222-8222-222222222222', 8192],
      ['memory.max', 'gauge', 'MB', '33333333-3333-4333-8333-333333333333', 4096],
    ]);
    const web = samples.find((s) => s['resource_id'] === '11111111-1111-4111-8111-111111111111')!;
    expect(web).toMatchObject({ user_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1', project_id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1' });
    expect(web['resource_metadata']).toMatchObject({
      display_name: 'web-1',
      name: 'instance-00000001',
      instance_id: '11111111-1111-4111-8111-111111111111',
      instance_type: 'm1.small',
      flavor: expect.objectContaining({ name: 'm1.small', ram: 2048, vcpus: 1, disk: 20, ephemeral: 0 }),
      memory_mb: 2048,
      vcpus: 1,
      root_gb: 20,
      image_ref: 'cccccccc-cccc-4ccc-8ccc-cccccccccc01',
      status: 'active',
      architecture: 'x86_64',
      os_type: 'hvm',
    });
    // the same user, project and metadata as the bundled compute pollsters give the same instance
    const usage = all.filter((s) => s['name'] === 'memory.usage');
    expect(usage.length).toBeGreaterThan(0);
    for (const u of usage) {
      const max = samples.find((s) => s['resource_id'] === u['resource_id'])!;
      expect([max['user_id'], max['project_id'], max['resource_metadata']]).toEqual([u['user_id'], u['project_id'], u['resource_metadata']]);
    }
  });
});
