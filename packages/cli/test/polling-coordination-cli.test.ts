/**
 * `ceilometer-polling` with `[coordination] backend_url` that cannot be used: an unknown scheme or a
 * bad timeout is a config error naming the option (with "did you mean"), at start and under
 * `--validate-config`; `--pollster-list` stays refused with coordination. No backend needed.
 * Build first (`pnpm build`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installSyntheticPlugin, launcherBuilt, runPolling, syntheticPollingYaml, tempDir, type TempDir } from './polling-helpers.js';

describe.skipIf(!launcherBuilt())('ceilometer-polling [coordination] backend_url', () => {
  let tmp: TempDir;
  let pluginPath: string;
  beforeAll(() => {
    tmp = tempDir();
    pluginPath = installSyntheticPlugin(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  function conf(name: string, backendUrl: string): string {
    const yaml = tmp.write(`${name}/polling.yaml`, syntheticPollingYaml(60));
    return tmp.write(
      `${name}/ceilometer.conf`,
      ['[DEFAULT]', 'polling_namespaces = synthetic', '[polling]', `cfg_file = ${yaml}`, 'enable_notifications = false', '[coordination]', `backend_url = ${backendUrl}`, ''].join('\n'),
    );
  }
  const env = (): Record<string, string> => ({ CEILOMETER_PLUGIN_PATH: pluginPath });

  it('an unknown scheme stops the agent with the option, its line, the installed drivers and a suggestion', async () => {
    const file = conf('scheme', 'reddis://:s3cret@127.0.0.1:6379?timeout=3');
    const run = await runPolling(['--config-file', file], { env: env(), timeoutMs: 30_000 });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`${file}:7: coordination.backend_url: no coordination driver for reddis://`);
    expect(run.stderr).toMatch(/installed: [^)]*redis[^)]*\(ceilometer\.coordination\); did you mean redis:\/\/\?/);
    expect(run.stderr).not.toContain('s3cret');
  });

  it('a bad timeout is refused', async () => {
    const run = await runPolling(['--config-file', conf('timeout', 'redis://127.0.0.1:6379?timeout=soon')], { env: env(), timeoutMs: 30_000 });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/coordination\.backend_url: .*timeout=soon is not a positive number of seconds/);
  });

  it('--validate-config reports it as a problem', async () => {
    const file = conf('validate', 'reddis://127.0.0.1:6379');
    const run = await runPolling(['--config-file', file, '--validate-config'], { env: env(), timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${file}:7: coordination.backend_url: no coordination driver for reddis://`);
  });

  it('--pollster-list is refused with coordination, as upstream', async () => {
    const run = await runPolling(['--config-file', conf('list', 'redis://127.0.0.1:6379'), '--pollster-list', 'synthetic.*'], { env: env(), timeoutMs: 30_000 });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('It is forbidden to use --pollster-list with coordination');
  });
});
