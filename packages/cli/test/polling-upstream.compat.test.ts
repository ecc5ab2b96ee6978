/**
 * Wire compatibility with upstream: samples sent by our polling agent over RabbitMQ are consumed by
 * Python Ceilometer 19.0's notification agent (Debian `ceilometer-agent-notification`) and written
 * by its `file://...?json` publisher with the same fields. Our agent publishes each sample twice,
 * over AMQP and through its embedded pipeline into a file of its own, so both sides are compared
 * sample by sample (matched by id). Skipped when the Python agent is not installed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installSyntheticPlugin, jsonLines, launcherBuilt, runPolling, syntheticPollingYaml, tempDir, type TempDir } from './polling-helpers.js';

const PYTHON_AGENT = '/usr/bin/ceilometer-agent-notification';
const installed = existsSync(PYTHON_AGENT) && existsSync('/usr/lib/python3/dist-packages/ceilometer/notification.py');
const SECRET = 'compat secret';
const RESOURCES = 4;
const METERS = 3;

if (!installed) console.warn(`skipping the upstream compatibility test: ${PYTHON_AGENT} (Debian ceilometer-agent-notification) is not installed`);

describe.skipIf(!installed || !launcherBuilt())('upstream Ceilometer 19.0 notification agent consumes what ceilometer-polling sends', () => {
  let tmp: TempDir;
  let rabbit: RabbitMQService;
  let python: ChildProcess | undefined;
  let pythonLog = '';
  const topic = `notifications_compat_${process.pid}`;

  beforeAll(async () => {
    tmp = tempDir('ceilo-polling-compat-');
    rabbit = await startRabbitMQ();
  });
  afterAll(async () => {
    if (python?.pid && python.exitCode === null) {
      // cotyledon's master and its worker share the group we gave them
      try {
        process.kill(-python.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 1_000));
      try {
        process.kill(-python.pid, 'SIGKILL');
      } catch {
        // stopped cleanly
      }
    }
    await rabbit?.stop();
    tmp?.cleanup();
  });

  function startPythonAgent(out: string): void {
    const pipeline = tmp.write(
      'python/pipeline.yaml',
      ['---', 'sources:', '  - name: meter_source', '    meters: ["*"]', '    sinks: [meter_sink]', 'sinks:', '  - name: meter_sink', '    publishers:', `      - file://${out}?json`, ''].join('\n'),
    );
    const eventPipeline = tmp.write('python/event_pipeline.yaml', ['---', 'sources: []', 'sinks: []', ''].join('\n'));
    const conf = tmp.write(
      'python/ceilometer.conf',
      [
        '[DEFAULT]',
        `transport_url = ${rabbit.url}`,
        `pipeline_cfg_file = ${pipeline}`,
        `event_pipeline_cfg_file = ${eventPipeline}`,
        'use_stderr = true',
        '[notification]',
        // the meter pipeline only (no event pipeline), one worker, our exchange only: no coordination in 19.0
        'pipelines = meter',
        'workers = 1',
        'notification_control_exchanges = ceilometer',
        '[oslo_messaging_notifications]',
        `topics = ${topic}`,
        '[publisher]',
        `telemetry_secret = ${SECRET}`,
        '',
      ].join('\n'),
    );
    python = spawn(PYTHON_AGENT, ['--config-file', conf], { cwd: tmp.dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    python.stdout!.setEncoding('utf8').on('data', (d: string) => (pythonLog += d));
    python.stderr!.setEncoding('utf8').on('data', (d: string) => (pythonLog += d));
  }

  async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (python?.exitCode !== null && python?.exitCode !== undefined) throw new Error(`the Python agent exited (${python.exitCode}):\n${pythonLog.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; Python agent log:\n${pythonLog.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('writes every sample with the same name, type, unit, volume, ids, metadata and timestamp', async () => {
    const pythonOut = join(tmp.dir, 'python-samples.json');
    const oursOut = join(tmp.dir, 'our-samples.json');
    startPythonAgent(pythonOut);
    // the listener declares its queues once it runs; the notifier would declare ours anyway, so
    // nothing is lost if we are first
    await until(() => /[Ss]tarted|Connected to AMQP|Reconnected/.test(pythonLog) || existsSync(pythonOut), 30_000, 'the Python agent to start');

    const pluginPath = installSyntheticPlugin(tmp.dir);
    const ourPipeline = tmp.write(
      'ours/pipeline.yaml',
      ['---', 'sources:', '  - name: all', '    meters: ["*"]', '    sinks: [file_sink]', 'sinks:', '  - name: file_sink', '    publishers:', `      - file://${oursOut}?json`, ''].join('\n'),
    );
    const yaml = tmp.write('ours/polling.yaml', syntheticPollingYaml(60));
    const conf = tmp.write(
      'ours/ceilometer.conf',
      [
        '[DEFAULT]',
        'polling_namespaces = synthetic',
        `transport_url = ${rabbit.url}`,
        '[polling]',
        `cfg_file = ${yaml}`,
        `pipeline_cfg_file = ${ourPipeline}`,
        'enable_notifications = true',
        'batch_size = 5',
        '[oslo_messaging_notifications]',
        `topics = ${topic}`,
        '[publisher]',
        `telemetry_secret = ${SECRET}`,
        '',
      ].join('\n'),
    );
    const run = await runPolling(['--config-file', conf, '--poll-once', '--publish'], {
      env: { CEILOMETER_PLUGIN_PATH: pluginPath, SYNTH_RESOURCES: String(RESOURCES), SYNTH_METERS: String(METERS) },
    });
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const ours = jsonLines(readFileSync(oursOut, 'utf8'));
    expect(ours).toHaveLength(RESOURCES * METERS);

    await until(() => existsSync(pythonOut) && jsonLines(readFileSync(pythonOut, 'utf8')).length >= ours.length, 40_000, `${ours.length} samples from the Python agent`);
    const theirs = jsonLines(readFileSync(pythonOut, 'utf8'));
    expect(theirs).toHaveLength(ours.length);
    expect(pythonLog).not.toMatch(/invalid signature|Fail to process notification/i);

    const byId = new Map(theirs.map((s) => [s['id'], s]));
    const fields = ['name', 'type', 'unit', 'volume', 'resource_id', 'user_id', 'project_id', 'resource_metadata', 'timestamp', 'source', 'id'];
    for (const sample of ours) {
      const upstream = byId.get(sample['id']);
      expect(upstream, `sample ${String(sample['id'])} reached the Python file publisher`).toBeDefined();
      for (const field of fields) expect(upstream![field], field).toEqual(sample[field]);
    }
    // Pollsters run concurrently, so the file's order is not the polling order: look the sample up.
    const first = theirs.find((s) => s['name'] === 'synthetic.meter.0' && s['resource_id'] === 'synthetic-0');
    expect(first).toMatchObject({ type: 'gauge', unit: 'item', user_id: 'synthetic-user', project_id: 'synthetic-project' });
  }, 90_000);
});
