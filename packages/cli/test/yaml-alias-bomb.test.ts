/**
 * A YAML alias bomb in any file the agents read is a configuration error like every other: the
 * command prints `file:line: (aliases): ...` and exits non-zero (it used to be a bare
 * `ReferenceError: Excessive alias count ...` naming no file). Spawns the built launchers.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installSyntheticPlugin, launcherBuilt, ROOT, runPolling, syntheticPollingYaml, tempDir, type RunResult, type TempDir } from './polling-helpers.js';

// Four levels of ten aliases each: 10^4 nodes from 4 lines (the first alias is on line 2).
const BOMB = ['a: &a [' + Array<string>(10).fill('"x"').join(', ') + ']', ...['b', 'c', 'd'].map((k, i) => `${k}: &${k} [${Array<string>(10).fill(`*${'abc'[i]}`).join(', ')}]`), ''].join('\n');
const PIPELINE = 'sources:\n  - name: s\n    meters: ["*"]\n    sinks: [k]\nsinks:\n  - name: k\n    publishers: ["test://"]\n';
const EVENT_PIPELINE = 'sources:\n  - name: s\n    events: ["*"]\n    sinks: [k]\nsinks:\n  - name: k\n    publishers: ["test://"]\n';

/** Runs `ceilometer-agent-notification ARGS` to completion (it stops at the config error, before any broker). */
const runNotificationAgent = (args: readonly string[]): Promise<RunResult> => runPolling(args, { launcher: join(ROOT, 'bin/ceilometer-agent-notification') });

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
