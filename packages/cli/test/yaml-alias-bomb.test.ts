/**
 * A YAML alias bomb in any file the agents read is a configuration error like every other: the
 * command prints `file:line: (aliases): ...` and exits non-zero (it used to be a bare
 * `ReferenceError: Excessive alias count ...` naming no file). Spawns the built launchers.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installSyntheticPlugin, launcherBuilt, ROOT, runPolling, syntheticPollingYaml, tempDir, type RunResult, type TempDir } from './polling-helpers.js';

const BOMB = [
  'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
  '',
].join('\n');
const PIPELINE = 'sources:\n  - name: s\n    meters: ["*"]\n    sinks: [k]\nsinks:\n  - name: k\n    publishers: ["test://"]\n';
const EVENT_PIPELINE = 'sources:\n  - name: s\n    events: ["*"]\n    sinks: [k]\nsinks:\n  - name: k\n    publishers: ["test://"]\n';

/** Runs `ceilometer-agent-notification ARGS` to completion (it stops at the config error, before any broker). */
function runNotificationAgent(args: readonly string[]): Promise<RunResult> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/ceilometer-agent-notification'), ...args], {
    cwd: ROOT, env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe.skipIf(!launcherBuilt())('YAML alias bombs are config errors naming the file', () => {
  let tmp: TempDir;
  let pluginPath: string;
  beforeAll(() => {
    tmp = tempDir('ceilo-alias-bomb-');
    pluginPath = installSyntheticPlugin(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  function expectAliasError(run: RunResult, file: string): void {
    expect(run.code, run.stderr.slice(-2000)).not.toBe(0);
    expect(run.signal).toBeNull();
    expect(run.stderr).toContain(`${file}:2: (aliases): aliases expand to more than 1000 nodes`);
    expect(run.stderr).not.toContain('ReferenceError');
  }

  it('polling.yaml (ceilometer-polling)', async () => {
    const yaml = tmp.write('polling/polling.yaml', BOMB);
    const conf = tmp.write('polling/ceilometer.conf', `[DEFAULT]\npolling_namespaces = synthetic\n[polling]\ncfg_file = ${yaml}\nenable_notifications = false\n`);
    expectAliasError(await runPolling(['--config-file', conf, '--poll-once'], { env: { CEILOMETER_PLUGIN_PATH: pluginPath } }), yaml);
  });

  it('hardware definitions (ceilometer-polling, hardware.snmp builder)', async () => {
    const defs = tmp.write('hardware/snmp.yaml', BOMB);
    const yaml = tmp.write('hardware/polling.yaml', syntheticPollingYaml(60, ['hardware.cpu.load.1min']));
    const conf = tmp.write('hardware/ceilometer.conf', `[polling]\ncfg_file = ${yaml}\nenable_notifications = false\n[hardware]\nmeter_definitions_file = ${defs}\n`);
    expectAliasError(await runPolling(['--config-file', conf, '--polling-namespaces', 'central', '--poll-once']), defs);
  });

  describe('ceilometer-agent-notification', () => {
    function conf(name: string, files: { pipeline?: string; eventPipeline?: string; meters?: string; events?: string }): string {
      const pipeline = files.pipeline ?? tmp.write(`${name}/pipeline.yaml`, PIPELINE);
      const eventPipeline = files.eventPipeline ?? tmp.write(`${name}/event_pipeline.yaml`, EVENT_PIPELINE);
      const events = files.events ?? tmp.write(`${name}/event_definitions.yaml`, '- event_type: "*"\n  traits: {}\n');
      return tmp.write(`${name}/ceilometer.conf`, [
        '[DEFAULT]', 'transport_url = rabbit://guest:guest@127.0.0.1:1/', `pipeline_cfg_file = ${pipeline}`, `event_pipeline_cfg_file = ${eventPipeline}`,
        '[event]', `definitions_cfg_file = ${events}`,
        ...(files.meters ? ['[meter]', `meter_definitions_dirs = ${files.meters}`] : []), '',
      ].join('\n'));
    }

    it('pipeline.yaml', async () => {
      const file = tmp.write('n1/bomb-pipeline.yaml', BOMB);
      expectAliasError(await runNotificationAgent(['--config-file', conf('n1', { pipeline: file })]), file);
    });

    it('event_pipeline.yaml', async () => {
      const file = tmp.write('n2/bomb-event-pipeline.yaml', BOMB);
      expectAliasError(await runNotificationAgent(['--config-file', conf('n2', { eventPipeline: file })]), file);
    });

    it('event definitions', async () => {
      const file = tmp.write('n3/bomb-event-definitions.yaml', BOMB);
      expectAliasError(await runNotificationAgent(['--config-file', conf('n3', { events: file })]), file);
    });

    it('meter definitions', async () => {
      const file = tmp.write('n4/meters.d/bomb.yaml', BOMB);
      expectAliasError(await runNotificationAgent(['--config-file', conf('n4', { meters: join(tmp.dir, 'n4/meters.d') })]), file);
    });
  });
});
