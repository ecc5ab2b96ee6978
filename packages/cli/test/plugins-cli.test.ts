/**
 * `ceilometer-plugins` and `ceilometer-config-generator` end to end: the example third-party plugin,
 * installed into an operator plugin directory outside the workspace, is listed, checked and its
 * options reach the generated sample config; a broken plugin is reported and makes `check` fail.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, launcherBuilt, tempDir, type TempDir } from './polling-helpers.js';

function run(command: string, args: readonly string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', command), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!launcherBuilt())('ceilometer-plugins with an operator plugin directory', () => {
  let tmp: TempDir;
  let pluginDir: string;
  let brokenDir: string;
  let throwingDir: string;

  beforeAll(() => {
    tmp = tempDir('ceilo-plugins-cli-');
    // The layout `npm install --prefix DIR @example/ceilometer-pollster-uptime` produces.
    pluginDir = join(tmp.dir, 'plugins');
    cpSync(join(ROOT, 'examples/third-party-pollster'), join(pluginDir, 'node_modules/@example/ceilometer-pollster-uptime'), { recursive: true });
    brokenDir = join(tmp.dir, 'broken');
    const broken = join(brokenDir, 'node_modules/ceilometer-broken-plugin');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'package.json'), JSON.stringify({
      name: 'ceilometer-broken-plugin', version: '2.3.4', type: 'module',
      ceilometer: { entryPoints: { 'ceilometer.poll.central': { 'broken.meter': './index.js:Missing' } } },
    }));
    writeFileSync(join(broken, 'index.js'), 'export class Present {}\n');
    throwingDir = join(tmp.dir, 'throwing');
    const throwing = join(throwingDir, 'node_modules/ceilometer-throwing-plugin');
    mkdirSync(throwing, { recursive: true });
    writeFileSync(join(throwing, 'package.json'), JSON.stringify({
      name: 'ceilometer-throwing-plugin', version: '0.3.0', type: 'module',
      ceilometer: { entryPoints: { 'ceilometer.poll.central': { 'throwing.meter': './index.js:ThrowingPollster', 'quiet.meter': './index.js:NotHerePollster' } } },
    }));
    writeFileSync(join(throwing, 'index.js'), [
      "export class ThrowingPollster { constructor() { throw new Error('no credentials for the throwing API'); } }",
      "export class NotHerePollster { constructor() { throw Object.assign(new Error('no libvirt on this host'), { code: 'CEILO_ERR_EXT_SKIPPED' }); } }",
      '',
    ].join('\n'));
  });
  afterAll(() => tmp.cleanup());

  it('lists the example plugin with its package and version', () => {
    const r = run('ceilometer-plugins', ['list', 'ceilometer.poll.central'], { CEILOMETER_PLUGIN_PATH: pluginDir });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ceilometer\.poll\.central\s+example\.uptime\s+@example\/ceilometer-pollster-uptime@1\.0\.0\s+\.\/index\.js:UptimePollster/);
  });

  it('finds it through [DEFAULT] plugin_dirs too', () => {
    const conf = tmp.write('plugin-dirs.conf', `[DEFAULT]\nplugin_dirs = ${pluginDir}\n`);
    const r = run('ceilometer-plugins', ['list', '--json', '--config-file', conf]);
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { name: string; package: string; version: string }[];
    expect(rows).toContainEqual(expect.objectContaining({ name: 'example.uptime', package: '@example/ceilometer-pollster-uptime', version: '1.0.0' }));
  });

  it('check imports every entry point and passes', () => {
    const r = run('ceilometer-plugins', ['check', 'ceilometer.poll.central'], { CEILOMETER_PLUGIN_PATH: pluginDir });
    expect(r.stdout).toContain('ok    @example/ceilometer-pollster-uptime@1.0.0 ceilometer.poll.central/example.uptime');
    expect(r.status).toBe(0);
  });

  it('check names the broken package, its version and what is wrong, and exits 1', () => {
    const r = run('ceilometer-plugins', ['check', 'ceilometer.poll.central'], { CEILOMETER_PLUGIN_PATH: `${pluginDir}:${brokenDir}` });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL .*ceilometer-broken-plugin@2\.3\.4 ceilometer\.poll\.central\/broken\.meter.*Missing/);
    // The good plugin still loads beside it.
    expect(r.stdout).toContain('ok    @example/ceilometer-pollster-uptime@1.0.0');
  });

  it("check constructs every entry point of every workspace package as the agents do (DI included): none fails", () => {
    // a class whose injection works when constructed by hand but not through the registry (an
    // @inject on a base class's constructor, which tsyringe does not pass to subclasses) fails here
    const r = run('ceilometer-plugins', ['check', '--config-file', join(ROOT, 'etc/ceilometer/embedded/ceilometer.conf')]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL')), r.stderr.slice(-2000)).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('check constructs each entry point: a constructor that throws fails it, a plugin skipping itself does not', () => {
    const r = run('ceilometer-plugins', ['check', 'ceilometer.poll.central'], { CEILOMETER_PLUGIN_PATH: `${pluginDir}:${throwingDir}` });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL  ceilometer-throwing-plugin@0.3.0 ceilometer.poll.central/throwing.meter (./index.js:ThrowingPollster): constructor failed: no credentials for the throwing API\n');
    expect(r.stdout).toContain('skip  ceilometer-throwing-plugin@0.3.0 ceilometer.poll.central/quiet.meter (./index.js:NotHerePollster): skipped by the plugin: no libvirt on this host');
    expect(r.stdout).toContain('ok    @example/ceilometer-pollster-uptime@1.0.0 ceilometer.poll.central/example.uptime (./index.js:UptimePollster): constructed');
    // the workspace's own central pollsters are counted too: only the throwing one is not loaded
    const counts = /(\d+) of (\d+) entry point\(s\) loaded \(1 skipped by the plugin itself\); 1 failure\(s\)/.exec(r.stdout);
    expect(counts, r.stdout).not.toBeNull();
    expect(Number(counts![2]) - Number(counts![1])).toBe(1);
  });

  it('the polling agent runs the third-party pollster', () => {
    const conf = tmp.write('poll.conf', '[polling]\ncfg_file = uptime-polling.yaml\nenable_notifications = false\n');
    tmp.write('uptime-polling.yaml', 'sources:\n  - name: uptime\n    interval: 60\n    meters: [example.uptime]\n    resources: ["local://localhost"]\n');
    const r = run('ceilometer-polling', ['--config-file', conf, '--polling-namespaces', 'central', '--poll-once', '--pollster-list', 'example.*'], { CEILOMETER_PLUGIN_PATH: pluginDir });
    expect(r.stderr).not.toContain('"level":50');
    expect(r.status).toBe(0);
    const sample = JSON.parse(r.stdout.trim().split('\n')[0] ?? '{}') as { name: string; type: string; volume: number };
    expect(sample).toMatchObject({ name: 'example.uptime', type: 'gauge' });
    expect(sample.volume).toBeGreaterThan(0);
  });
});

describe.skipIf(!launcherBuilt())('ceilometer-config-generator', () => {
  it('prints every option declared by core and the installed packages, with help and defaults', () => {
    const r = run('ceilometer-config-generator', []);
    expect(r.status).toBe(0);
    for (const section of ['[DEFAULT]', '[polling]', '[publisher]', '[oslo_messaging_rabbit]', '[notification]']) expect(r.stdout).toContain(section);
    expect(r.stdout).toMatch(/# Number of samples|batch_size/);
    expect(r.stdout).toContain('#batch_size = 50');
    expect(r.stdout).toContain('#telemetry_secret = change this for valid signing');
  });

  it('rejects a wrongly typed value with file, line, option and expected type', () => {
    const tmp = tempDir('ceilo-confgen-');
    try {
      const conf = tmp.write('bad.conf', '[DEFAULT]\n\n[polling]\nbatch_size = fifty\n');
      const r = run('ceilometer-polling', ['--config-file', conf, '--poll-once']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${conf}:4: polling.batch_size:`);
      expect(r.stderr).toMatch(/integer/);
    } finally {
      tmp.cleanup();
    }
  });
});
