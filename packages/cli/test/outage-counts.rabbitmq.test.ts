/**
 * What the agents say about a broker outage, with private RabbitMQ brokers stopped and started
 * again: during it, how many samples are held (periodically, not per sample); after it, how many
 * were replayed and dropped. The polling agent holds them in its notifier's outbox; the
 * notification agent in its `notifier://` publisher's outbox. The periodic lines come every
 * `CEILOMETER_TS_REPORT_INTERVAL_MS` (a minute by default). Build first (`pnpm build`).
 */
import { rmSync } from 'node:fs';
import { AmqpNotifier, parseTransportUrl } from '@ceilometer-ts/messaging';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentConfig, sendPolled, until } from './agent-process.js';
import { crashLines, installSyntheticPlugin, jsonLines, launcherBuilt, startPolling, syntheticPollingYaml, tempDir, type TempDir } from './polling-helpers.js';

const AGENT_BIN = new URL('../../../bin/ceilometer-agent-notification', import.meta.url).pathname;
const REPORT_ENV = { CEILOMETER_TS_REPORT_INTERVAL_MS: '1000' };
const RETRY_FAST = ['[oslo_messaging_rabbit]', 'rabbit_retry_interval = 1', 'rabbit_retry_backoff = 1', 'rabbit_interval_max = 1'];

const lines = (text: string, pattern: RegExp): Record<string, unknown>[] => jsonLines(text).filter((l) => pattern.test(String(l['msg'])));

describe.skipIf(!launcherBuilt())('broker outages: held and replayed counts (spawned agents)', () => {
  let tmp: TempDir;
  let rabbit: RabbitMQService;

  beforeAll(async () => {
    tmp = tempDir('ceilo-outage-counts-');
    rabbit = await startRabbitMQ({ private: true });
  }, 120_000);
  afterAll(async () => {
    await rabbit?.stop();
    tmp?.cleanup();
  }, 60_000);

  it('ceilometer-polling says what its outbox holds during the outage and what it replayed after', async () => {
    const pluginPath = installSyntheticPlugin(tmp.dir);
    const yaml = tmp.write('polling/polling.yaml', syntheticPollingYaml(1));
    const conf = tmp.write(
      'polling/ceilometer.conf',
      ['[DEFAULT]', 'polling_namespaces = synthetic', `transport_url = ${rabbit.url}`, '[polling]', `cfg_file = ${yaml}`, 'batch_size = 5', 'stop_timeout = 5', ...RETRY_FAST, ''].join('\n'),
    );
    const agent = startPolling(['--config-file', conf], { env: { CEILOMETER_PLUGIN_PATH: pluginPath, SYNTH_RESOURCES: '5', ...REPORT_ENV }, timeoutMs: 120_000 });
    try {
      await agent.waitFor(/polling agent started/);
      await agent.waitFor(/polling cycle of interval 1s \(synthetic_source\) done in \d+ ms: 5 sample\(s\)/);
      await rabbit.stopBroker();
      await agent.waitFor(/unavailable: holding \d+ notification\(s\) with \d+ samples/, 30_000);
      await new Promise((r) => setTimeout(r, 1500));
      await rabbit.startBroker();
      await agent.waitFor(/back after [\d.]+ s: replayed \d+ notification\(s\) with \d+ samples held during the outage/, 60_000);
      const result = await agent.stop('SIGTERM');
      expect(crashLines(result.stderr)).toEqual([]);
      const held = lines(result.stderr, /unavailable: holding/);
      // once per interval, not once per sample or batch
      expect(held.length).toBeGreaterThan(0);
      expect(held.length).toBeLessThan(30);
      expect(held[0]).toMatchObject({ level: 40 });
      expect(Number(held.at(-1)!['heldRecords'])).toBeGreaterThan(0);
      const [back, ...more] = lines(result.stderr, /back after/);
      expect(more).toEqual([]);
      expect(back).toMatchObject({ level: 30, dropped: 0, droppedRecords: 0 });
      // what was held at the last report was replayed (and what came between the report and the reconnection)
      expect(Number(back!['replayedRecords'])).toBeGreaterThanOrEqual(Number(held.at(-1)!['heldRecords']));
      // one summary per cycle went on through the outage: polling never waits for the broker
      expect(lines(result.stderr, /^polling cycle of interval 1s/).length).toBeGreaterThan(3);
    } finally {
      await agent.stop('SIGKILL');
    }
  }, 180_000);

  it('ceilometer-agent-notification says what its notifier:// publisher replayed once that broker is back, and logs its throughput', async () => {
    const target = await startRabbitMQ({ private: true });
    const { spawn } = await import('node:child_process');
    const { dir, conf, topic } = agentConfig({
      transportUrl: rabbit.url,
      pipelineYaml: `sources:\n  - name: all\n    meters: ["*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers: ["${target.url.replace(/^rabbit:/, 'notifier:')}?topic=metering&policy=queue"]\n`,
      conf: RETRY_FAST,
    });
    const child = spawn(process.execPath, [AGENT_BIN, '--config-file', conf], {
      env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1', ...REPORT_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const sender = new AmqpNotifier({ url: parseTransportUrl(rabbit.url), topics: [topic] });
    try {
      await until(() => log.includes('notification agent consuming'), 30_000, 'agent consuming');
      await sendPolled(sender, 'before.outage', 3);
      await until(() => lines(log, /notification throughput/).some((l) => Number(l['samples']) > 0), 20_000, 'a throughput line with samples');
      await target.stopBroker();
      await new Promise((r) => setTimeout(r, 1000));
      await sendPolled(sender, 'during.outage', 7, 100);
      await until(() => lines(log, /notification throughput/).some((l) => Number(l['messages']) >= 7 || Number(l['samples']) >= 7), 20_000, 'the outage samples went through the pipeline');
      await target.startBroker();
      await until(() => /back after [\d.]+ s: replayed \d+ notification\(s\)/.test(log), 60_000, 'the replay line');
      const [back, ...more] = lines(log, /back after/);
      expect(more).toEqual([]);
      // the publisher batches: the 7 samples may travel in fewer notifications, so count samples
      expect(back).toMatchObject({ level: 30, replayedRecords: 7, dropped: 0, droppedRecords: 0 });
      expect(Number(back!['replayed'])).toBeGreaterThanOrEqual(1);
      const throughput = lines(log, /notification throughput/);
      expect(throughput.length).toBeGreaterThan(1);
      expect(throughput[0]).toMatchObject({ level: 30, summary: 'notification-throughput' });
      expect(throughput.reduce((n, l) => n + Number(l['samples']), 0)).toBe(10);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await sender.close({ timeoutMs: 1000 }).catch(() => undefined);
      if (child.exitCode === null) child.kill('SIGKILL');
      await target.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
