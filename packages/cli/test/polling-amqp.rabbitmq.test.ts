/**
 * `ceilometer-polling` against a real RabbitMQ: the agent is spawned with the synthetic pollster on
 * a 1 s interval and its notifications are read raw with amqplib: oslo.messaging v2 envelope,
 * routing, signatures, batch size; a broker stop and restart loses no sample; a garbage message in
 * the same queue changes nothing. Build first (`pnpm build`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePyJson, isPyDict, verifySignature } from '@ceilometer-ts/sdk';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawConsumer } from './polling-amqp-helpers.js';
import { installSyntheticPlugin, launcherBuilt, startPolling, syntheticPollingYaml, tempDir, type RunningAgent, type TempDir } from './polling-helpers.js';

const SECRET = 'e2e secret';

describe.skipIf(!launcherBuilt())('ceilometer-polling over AMQP (RabbitMQ)', () => {
  let tmp: TempDir;
  let pluginPath: string;

  beforeAll(() => {
    tmp = tempDir('ceilo-polling-amqp-');
    pluginPath = installSyntheticPlugin(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  function agentConf(name: string, transportUrl: string, extra: readonly string[]): string {
    const yaml = tmp.write(`${name}/polling.yaml`, syntheticPollingYaml(1));
    return tmp.write(
      `${name}/ceilometer.conf`,
      [
        '[DEFAULT]',
        'polling_namespaces = synthetic',
        `transport_url = ${transportUrl}`,
        '[polling]',
        `cfg_file = ${yaml}`,
        '[publisher]',
        `telemetry_secret = ${SECRET}`,
        '[oslo_messaging_rabbit]',
        'rabbit_retry_interval = 1',
        'rabbit_interval_max = 2',
        ...extra,
        '',
      ].join('\n'),
    );
  }

  describe('with the run\'s broker', () => {
    let rabbit: RabbitMQService;
    let topic: string;

    beforeAll(async () => {
      rabbit = await startRabbitMQ();
      // NOTE: on a broker shared by the whole run, a private topic keeps other suites' consumers away
      topic = rabbit.shared ? `notifications_polling_e2e_${process.pid}` : 'notifications';
    });
    afterAll(async () => {
      await rabbit?.stop();
    });

    it('sends signed samples in oslo.messaging v2 envelopes to ceilometer/<topic>.sample in batches of batch_size', async () => {
      const consumer = new RawConsumer({ url: rabbit.amqpUrl, exchange: 'ceilometer', routingKey: `${topic}.sample` });
      await consumer.start();
      const conf = agentConf('envelope', rabbit.url, ['[oslo_messaging_notifications]', `topics = ${topic}`, '[polling]', 'batch_size = 7']);
      const agent = startPolling(['--config-file', conf], { env: { CEILOMETER_PLUGIN_PATH: pluginPath, SYNTH_RESOURCES: '10' } });
      try {
        await agent.waitFor(/polling agent started/);
        await consumer.until(() => consumer.samples().length >= 20, 30_000, '2 cycles of samples');
      } finally {
        const result = await agent.stop('SIGTERM');
        expect(result.code, result.stderr.slice(-2000)).toBe(0);
        await consumer.close();
      }

      const first = consumer.received[0]!;
      expect(first.raw.fields).toMatchObject({ exchange: 'ceilometer', routingKey: `${topic}.sample` });
      expect(first.raw.properties).toMatchObject({ contentType: 'application/json', contentEncoding: 'utf-8' });
      expect(Object.keys(first.envelope).sort()).toEqual(['oslo.message', 'oslo.version']);
      expect(first.envelope['oslo.version']).toBe('2.0');
      expect(first.message).toMatchObject({ publisher_id: 'ceilometer.polling', event_type: 'telemetry.polling', priority: 'SAMPLE' });
      expect(first.message.message_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(first.message.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);

      // batch_size = 7 with 10 resources: 7 then 3 per cycle
      expect(consumer.received.slice(0, 4).map((n) => n.message.payload.samples.length)).toEqual([7, 3, 7, 3]);

      for (const n of consumer.received) {
        const parsed = parsePyJson(n.messageText);
        expect(isPyDict(parsed)).toBe(true);
        const samples = (parsed as { payload: { samples: unknown[] } }).payload.samples;
        for (const s of samples) {
          expect(isPyDict(s) && verifySignature(s, SECRET)).toBe(true);
          expect(isPyDict(s) && verifySignature(s, 'another secret')).toBe(false);
        }
      }
      const meter = first.message.payload.samples[0]!;
      expect(meter).toMatchObject({
        counter_name: 'synthetic.meter.0',
        counter_type: 'gauge',
        counter_unit: 'item',
        counter_volume: 0,
        user_id: 'synthetic-user',
        project_id: 'synthetic-project',
        resource_id: 'synthetic-0',
        source: 'openstack',
        resource_metadata: { display_name: 'synthetic-0', meter_index: 0 },
      });
      expect(Object.keys(meter).sort()).toEqual(
        ['counter_name', 'counter_type', 'counter_unit', 'counter_volume', 'message_id', 'message_signature', 'monotonic_time', 'project_id', 'resource_id', 'resource_metadata', 'source', 'timestamp', 'user_id'].sort(),
      );
    });

    it('a garbage message published into the same queue does not disturb the agent', async () => {
      const consumer = new RawConsumer({ url: rabbit.amqpUrl, exchange: 'ceilometer', routingKey: `${topic}.sample` });
      await consumer.start();
      const conf = agentConf('garbage', rabbit.url, ['[oslo_messaging_notifications]', `topics = ${topic}`]);
      const agent = startPolling(['--config-file', conf], { env: { CEILOMETER_PLUGIN_PATH: pluginPath, SYNTH_RESOURCES: '3' } });
      try {
        await agent.waitFor(/polling agent started/);
        await consumer.until(() => consumer.samples().length >= 3, 30_000, 'the first cycle');
        await consumer.publishRaw(`${topic}.sample`, Buffer.from('\u0000 not json {{{'));
        await consumer.publishRaw(`${topic}.sample`, Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': '{"payload": 42' })));
        await consumer.until(() => consumer.garbage === 2, 10_000, 'the garbage messages');
        const seen = consumer.samples().length;
        await consumer.until(() => consumer.samples().length >= seen + 6, 30_000, 'two more cycles');
        expect(agent.child.exitCode).toBeNull();
      } finally {
        const result = await agent.stop('SIGTERM');
        expect(result.code, result.stderr.slice(-2000)).toBe(0);
        // errors of the agent's own doing (plugin import failures of unbuilt workspace packages aside)
        const errors = result.stderr.split('\n').filter((l) => l.includes('"level":50') && !l.includes('PluginImportError'));
        expect(errors).toEqual([]);
        await consumer.close();
      }
      const volumes = consumer.samples().map((s) => s['counter_volume']);
      expect(volumes).toEqual(Array.from({ length: volumes.length }, (_, i) => i));
    });
  });

  describe('with a private broker stopped and restarted in the middle of a run', () => {
    let rabbit: RabbitMQService;

    beforeAll(async () => {
      rabbit = await startRabbitMQ({ private: true });
    });
    afterAll(async () => {
      await rabbit?.stop();
    });

    it('loses no sample: everything produced during the outage arrives, in order, once the broker is back', async () => {
      // durable queue and persistent messages: what the broker confirmed survives its restart
      const consumer = new RawConsumer({ url: rabbit.amqpUrl, exchange: 'ceilometer', routingKey: 'notifications.sample', queue: 'notifications.sample', durable: true });
      await consumer.start();
      const countFile = join(tmp.dir, 'outage-count');
      const conf = agentConf('outage', rabbit.url, ['amqp_durable_queues = true', '[polling]', 'batch_size = 10']);
      let agent: RunningAgent | undefined = startPolling(['--config-file', conf], {
        env: { CEILOMETER_PLUGIN_PATH: pluginPath, SYNTH_RESOURCES: '25', SYNTH_COUNT_FILE: countFile },
        timeoutMs: 180_000,
      });
      try {
        await agent.waitFor(/polling agent started/);
        await consumer.until(() => consumer.samples().length >= 50, 30_000, 'two cycles before the outage');

        await rabbit.stopBroker();
        const atStop = Number(readFileSync(countFile, 'utf8'));
        await new Promise((r) => setTimeout(r, 3_000));
        const duringOutage = Number(readFileSync(countFile, 'utf8'));
        expect(duringOutage).toBeGreaterThan(atStop); // the agent kept polling
        await rabbit.startBroker();

        await consumer.until(() => consumer.connects >= 2, 60_000, 'the consumer to reconnect');
        await consumer.until(() => consumer.samples().length >= duringOutage, 60_000, 'the samples queued during the outage');
        const result = await agent.stop('SIGTERM');
        agent = undefined;
        expect(result.code, result.stderr.slice(-3000)).toBe(0);
        expect(result.stderr).toMatch(/AMQP connection (failed|lost|closed)/);

        const produced = Number(readFileSync(countFile, 'utf8'));
        await consumer.until(() => new Set(consumer.samples().map((s) => s['counter_volume'])).size >= produced, 30_000, `all ${produced} samples`);
        const volumes = consumer.samples().map((s) => Number(s['counter_volume']));
        const unique = [...new Set(volumes)].sort((a, b) => a - b);
        expect(unique).toEqual(Array.from({ length: produced }, (_, i) => i));
        // order is kept: a re-sent batch may repeat, but never goes back past what is already new
        expect(volumes.length - unique.length).toBeLessThanOrEqual(produced);
      } finally {
        if (agent) await agent.stop('SIGKILL');
        await consumer.close();
      }
    }, 180_000);
  });
});
