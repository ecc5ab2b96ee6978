/**
 * SIGTERM to the built `ceilometer-polling` during a broker outage, with a private RabbitMQ: the
 * reconnect backoff is longer than the stop timeout, so only the shortened retries of the closing
 * notifier can reach the broker in time. A broker back within `stop_timeout` receives every held
 * sample exactly once; one that stays away costs the stop timeout and no more, and the closing line
 * says how many samples were dropped. Build first (`pnpm build`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawConsumer } from './polling-amqp-helpers.js';
import { crashLines, installSyntheticPlugin, jsonLines, launcherBuilt, startPolling, syntheticPollingYaml, tempDir, type RunningAgent, type TempDir } from './polling-helpers.js';

/** The notifier's closing line, parsed. */
interface ClosingLine {
  readonly level: number;
  readonly msg: string;
  readonly sent: number;
  readonly sentRecords: number;
  readonly dropped: number;
  readonly droppedRecords: number;
}

const closingLines = (stderr: string): ClosingLine[] =>
  jsonLines(stderr).filter((l) => typeof l['msg'] === 'string' && (l['msg'] as string).startsWith('notifier closed')) as unknown as ClosingLine[];

describe.skipIf(!launcherBuilt())('ceilometer-polling: SIGTERM while the broker is away', () => {
  let tmp: TempDir;
  let pluginPath: string;
  let rabbit: RabbitMQService;

  beforeAll(async () => {
    tmp = tempDir('ceilo-polling-shutdown-');
    pluginPath = installSyntheticPlugin(tmp.dir);
    rabbit = await startRabbitMQ({ private: true });
  }, 120_000);
  afterAll(async () => {
    await rabbit?.stop();
    tmp?.cleanup();
  }, 60_000);

  /** 10 samples a second in batches of 10; a first reconnect wait of 100-200 s, far beyond the stop timeout. */
  function conf(name: string, stopTimeout: number): string {
    const yaml = tmp.write(`${name}/polling.yaml`, syntheticPollingYaml(1));
    return tmp.write(
      `${name}/ceilometer.conf`,
      [
        '[DEFAULT]',
        'polling_namespaces = synthetic',
        `transport_url = ${rabbit.url}`,
        '[polling]',
        `cfg_file = ${yaml}`,
        'batch_size = 10',
        `stop_timeout = ${stopTimeout}`,
        '[oslo_messaging_rabbit]',
        'amqp_durable_queues = true',
        'rabbit_retry_interval = 200',
        'rabbit_interval_max = 300',
        '',
      ].join('\n'),
    );
  }

  async function runUntilOutage(name: string, stopTimeout: number): Promise<{ agent: RunningAgent; consumer: RawConsumer; countFile: string; beforeOutage: number }> {
    const consumer = new RawConsumer({ url: rabbit.amqpUrl, exchange: 'ceilometer', routingKey: 'notifications.sample', queue: 'notifications.sample', durable: true });
    await consumer.start();
    const countFile = join(tmp.dir, `${name}-count`);
    const agent = startPolling(['--config-file', conf(name, stopTimeout)], {
      env: { CEILOMETER_PLUGIN_PATH: pluginPath, SYNTH_RESOURCES: '10', SYNTH_COUNT_FILE: countFile },
      timeoutMs: 180_000,
    });
    await agent.waitFor(/polling agent started/);
    const from = consumer.samples().length;
    await consumer.until(() => consumer.samples().length >= from + 20, 30_000, 'two cycles before the outage');
    await rabbit.stopBroker();
    const beforeOutage = new Set(consumer.samples().map((s) => Number(s['counter_volume']))).size;
    // the agent is now in a reconnect wait of 100-200 s
    await agent.waitFor(/reconnecting to broker .*retrying in \d{3} s/, 30_000);
    // a few cycles held in the outbox
    await new Promise((r) => setTimeout(r, 3000));
    return { agent, consumer, countFile, beforeOutage };
  }

  it('a broker back within stop_timeout receives every held sample exactly once; the closing line counts them', async () => {
    const { agent, consumer, countFile, beforeOutage } = await runUntilOutage('back-in-time', 60);
    try {
      const stoppedAt = Date.now();
      agent.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 1000));
      await rabbit.startBroker();
      const result = await agent.exited;
      const took = Date.now() - stoppedAt;
      expect(result.code, result.stderr.slice(-3000)).toBe(0);
      expect(crashLines(result.stderr)).toEqual([]);
      // it left as soon as the buffer was flushed, well before the 60 s stop timeout
      expect(took).toBeLessThan(55_000);

      const produced = Number(readFileSync(countFile, 'utf8'));
      await consumer.until(() => new Set(consumer.samples().map((s) => s['counter_volume'])).size >= produced, 30_000, `all ${produced} samples`);
      const volumes = consumer.samples().map((s) => Number(s['counter_volume']));
      expect([...new Set(volumes)].sort((a, b) => a - b)).toEqual(Array.from({ length: produced }, (_, i) => i));
      // held during the outage: exactly once (a batch in flight when the broker stopped may repeat: at-least-once)
      const held = volumes.filter((v) => v >= beforeOutage + 10);
      expect(held.length).toBeGreaterThan(0);
      expect(held.length).toBe(new Set(held).size);

      const [closing, ...more] = closingLines(result.stderr);
      expect(more).toEqual([]);
      expect(closing).toMatchObject({ level: 30, dropped: 0, droppedRecords: 0 });
      expect(closing!.sentRecords).toBeGreaterThanOrEqual(produced - beforeOutage - 10);
      expect(closing!.sentRecords).toBeLessThanOrEqual(produced - beforeOutage + 10);
      expect(closing!.msg).toMatch(new RegExp(`^notifier closed: ${closing!.sent} notification\\(s\\) \\(${closing!.sentRecords} samples\\) flushed to rabbit://guest:\\*\\*\\*@127\\.0\\.0\\.1:\\d+/ on close; none dropped$`));
      expect(result.stderr).toMatch(/stopping with \d+ notification\(s\) \(\d+ samples\) held for broker/);
    } finally {
      await agent.stop('SIGKILL');
      await consumer.close();
    }
  }, 180_000);

  it('a broker that stays away: the process exits within stop_timeout and the closing line gives the dropped count', async () => {
    const { agent, consumer, countFile, beforeOutage } = await runUntilOutage('stays-away', 5);
    try {
      const stoppedAt = Date.now();
      agent.child.kill('SIGTERM');
      const result = await agent.exited;
      const took = Date.now() - stoppedAt;
      expect(result.code, result.stderr.slice(-3000)).toBe(0);
      expect(crashLines(result.stderr)).toEqual([]);
      expect(took).toBeGreaterThanOrEqual(4_000);
      expect(took).toBeLessThan(8_000);

      const produced = Number(readFileSync(countFile, 'utf8'));
      const [closing, ...more] = closingLines(result.stderr);
      expect(more).toEqual([]);
      expect(closing).toMatchObject({ level: 40, sent: 0, sentRecords: 0 });
      // everything the broker had not confirmed when it went away
      expect(closing!.droppedRecords).toBeGreaterThanOrEqual(produced - beforeOutage - 10);
      expect(closing!.droppedRecords).toBeLessThanOrEqual(produced - beforeOutage);
      expect(closing!.msg).toMatch(new RegExp(`; ${closing!.dropped} notification\\(s\\) \\(${closing!.droppedRecords} samples\\) dropped, not confirmed by the broker within \\d+(\\.\\d+)? s$`));
      // no line per dropped batch
      expect(jsonLines(result.stderr).filter((l) => Number(l['level']) >= 40 && String(l['msg']).includes('dropped'))).toHaveLength(1);
    } finally {
      await agent.stop('SIGKILL');
      await consumer.close();
    }
  }, 120_000);
});
