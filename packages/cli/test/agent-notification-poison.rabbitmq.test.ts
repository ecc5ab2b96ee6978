/**
 * Issue 8 against a real RabbitMQ: good messages, then a burst of poison (over the work budget,
 * including a 10,000-metric magnum.bay.metrics.update, and messages a publisher always fails on),
 * then good messages again. Every good message is published exactly once, the poison ones end up
 * in the dead-letter queue after max_delivery_attempts, the agent keeps running. And the crash
 * case: the spawned agent is SIGKILLed while stuck on a message, restarted, and the journal makes
 * it move that message aside after max_delivery_attempts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AmqpNotifier, decodeMessageBody } from '@ceilometer-ts/messaging';
import type { NotificationAgent } from '@ceilometer-ts/pipeline';
import { makeSample, silentLogger, toMeterMessage } from '@ceilometer-ts/sdk';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationAgent } from '../src/commands/agent-notification.js';
import { agentFiles, novaEventConverter, PickyPublisher, testRegistry, type AgentFiles } from './agent-notification-helpers.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const AGENT = join(ROOT, 'bin/ceilometer-agent-notification');
const built = existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-agent-notification.js'));

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const meter = (name: string, resource: string, i = 0) =>
  toMeterMessage(makeSample({ name, type: 'gauge', unit: 'u', volume: i, resource_id: resource, timestamp: '2024-05-01T12:00:00.123456' }), 'secret');

const magnumPayload = (count: number) => ({
  user_id: 'fake_user', project_id: 'fake_project', resource_id: '5d12f6fd-a196-4bf0-ae4c-1f639a523a55',
  metrics: Array.from({ length: count }, (_, i) => ({ name: `bay.metric.${String(i).padStart(5, '0')}`, value: 1000 + i + 0.5, unit: '%' })),
});

interface Dead {
  readonly headers: Record<string, unknown>;
  readonly message: Record<string, unknown>;
}

/** Takes every message of `queue`. */
async function drainQueue(notifier: AmqpNotifier, queue: string): Promise<Dead[]> {
  const model = await notifier.connection.waitConnected();
  const channel = await model.createChannel();
  const out: Dead[] = [];
  try {
    for (;;) {
      const msg = await channel.get(queue, { noAck: true });
      if (!msg) return out;
      out.push({ headers: (msg.properties.headers ?? {}) as Record<string, unknown>, message: decodeMessageBody(msg.content).message as Record<string, unknown> });
    }
  } finally {
    await channel.close();
  }
}

async function queueDepth(notifier: AmqpNotifier, queue: string): Promise<number> {
  const model = await notifier.connection.waitConnected();
  const channel = await model.createChannel();
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await channel.close();
  }
}

describe('poison notifications over RabbitMQ', () => {
  let broker: RabbitMQService;
  let files: AgentFiles | undefined;
  let agent: NotificationAgent | undefined;
  let notifier: AmqpNotifier | undefined;

  beforeAll(async () => {
    broker = await startRabbitMQ();
  });
  afterAll(async () => {
    await broker?.stop();
  });
  afterEach(async () => {
    await agent?.stop().catch(() => {});
    await notifier?.close().catch(() => {});
    files?.cleanup();
    agent = undefined;
    notifier = undefined;
    files = undefined;
    PickyPublisher.instances.length = 0;
  });

  it('publishes every good message exactly once around a burst of poison: over-budget messages end in the dead-letter queue, samples a publisher rejects are dropped by its delivery queue', async () => {
    const dlq = `dead-letters-${Math.random().toString(36).slice(2, 10)}`;
    files = agentFiles(broker.url, 'sources:\n  - name: all\n    meters: ["*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers: ["picky://out"]\n', [
      'pipelines = meter', 'max_delivery_attempts = 3', 'max_samples_per_notification = 50', 'batch_size = 5', 'batch_timeout = 1', `dead_letter_queue = ${dlq}`,
    ]);
    agent = createNotificationAgent({ config: files.config, registry: testRegistry(), logger: silentLogger, backoff: { initialMs: 50, maxMs: 200, multiplier: 2 }, loader: { loadEventConverter: async () => novaEventConverter } });
    await agent.start();
    notifier = new AmqpNotifier({ url: broker.url, topics: [files.topic], exchange: 'ceilometer' });
    notifier.start();

    let goods = 0;
    const sendGood = async (): Promise<void> => {
      await notifier!.sample('telemetry.polling', { samples: [meter('good', `good-${goods++}`)] });
    };
    for (let i = 0; i < 10; i++) await sendGood();
    // the burst: over budget (60 samples; a 10,000-metric magnum notification), then two a publisher always fails on
    await notifier.sample('telemetry.polling', { samples: Array.from({ length: 60 }, (_, i) => meter('big', `big-${i}`, i)) });
    await notifier.info('magnum.bay.metrics.update', magnumPayload(10_000), { user_id: 'fake_user', project_id: 'fake_project' });
    await notifier.sample('telemetry.polling', { samples: [meter('poison', 'poison-0')] });
    await notifier.sample('telemetry.polling', { samples: [meter('poison', 'poison-1')] });
    for (let i = 0; i < 16; i++) await sendGood();
    // good traffic keeps coming while the publisher's queue retries the poison: a batch that fails
    // while the ones behind it go through is split until the rejected samples are alone, then dropped
    const pickyDropped = (): number => agent!.stats().delivery.reduce((n, d) => n + d.dropped, 0);
    await until(async () => {
      await sendGood();
      return agent!.stats().deadLettered >= 2 && pickyDropped() >= 2;
    }, 60_000, 'two over-budget messages dead-lettered, two poison samples dropped');
    const expected = goods;
    const picky = PickyPublisher.instances[0]!;
    await until(() => picky.samples.length >= expected, 30_000, 'every good message published');
    await agent.stop();

    const resources = picky.samples.map((s) => s.resource_id);
    expect(resources.every((r) => r.startsWith('good-'))).toBe(true);
    expect(new Set(resources).size).toBe(expected);
    expect(resources).toHaveLength(expected); // exactly once
    expect(agent.stats()).toMatchObject({ deadLettered: 2, overBudget: 2, journalEntries: 0 });
    expect(agent.stats().delivery.reduce((n, d) => n + d.dropped, 0)).toBe(2);

    const dead = await drainQueue(notifier, dlq);
    const kinds = dead.map((d) => {
      const payload = d.message['payload'] as { samples?: Array<{ counter_name: string }>; metrics?: unknown[] };
      return d.message['event_type'] === 'magnum.bay.metrics.update' ? `magnum:${payload.metrics?.length}` : `${payload.samples?.[0]?.counter_name}:${payload.samples?.length}`;
    });
    expect(kinds.sort()).toEqual(['big:60', 'magnum:10000']);
    for (const d of dead) {
      expect(d.headers['x-ceilometer-message-id']).toBe(d.message['message_id']);
      expect(d.headers['x-original-exchange']).toBe('ceilometer');
    }
    const reasons = dead.map((d) => String(d.headers['x-ceilometer-reason']));
    expect(reasons.filter((r) => r.includes('max_samples_per_notification'))).toHaveLength(2);
    expect(await queueDepth(notifier, `${files.topic}.sample`)).toBe(0);
    expect(await queueDepth(notifier, `${files.topic}.info`)).toBe(0);
  }, 120_000);

  describe.skipIf(!built)('the spawned agent, killed while stuck on a message', () => {
    let dir = '';
    let child: ChildProcess | undefined;
    afterEach(() => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    });

    it('moves the message aside after max_delivery_attempts restarts (the journal counts the kills), then goes on', async () => {
      dir = mkdtempSync(join(tmpdir(), 'ceilo-poison-crash-'));
      const pluginDir = join(dir, 'plugins');
      cpSync(join(import.meta.dirname, 'fixtures/agent-notification/stall-publisher'), join(pluginDir, 'node_modules/ceilo-test-stall-publisher'), { recursive: true });
      const topic = `notifications-${Math.random().toString(36).slice(2, 10)}`;
      const out = join(dir, 'samples.json');
      const marker = join(dir, 'stalled');
      const dlq = `${topic}.dead-letters`;
      writeFileSync(join(dir, 'pipeline.yaml'), `sources:\n  - name: all\n    meters: ["*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers: ["stall://", "file://${out}?json"]\n`);
      writeFileSync(join(dir, 'ceilometer.conf'), [
        '[DEFAULT]', `transport_url = ${broker.url}`, `pipeline_cfg_file = ${join(dir, 'pipeline.yaml')}`,
        '[notification]', 'pipelines = meter', 'notification_control_exchanges = ceilometer', 'max_delivery_attempts = 3',
        `state_dir = ${join(dir, 'state')}`, `dead_letter_queue = ${dlq}`,
        '[oslo_messaging_notifications]', `topics = ${topic}`, '',
      ].join('\n'));
      const env = { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', CEILOMETER_PLUGIN_PATH: pluginDir, STALL_MARKER: marker, NO_COLOR: '1' };
      let log = '';
      const startAgent = async (): Promise<ChildProcess> => {
        log = '';
        const c = spawn(process.execPath, [AGENT, '--config-file', join(dir, 'ceilometer.conf')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        c.stdout!.on('data', (d: Buffer) => (log += d.toString()));
        c.stderr!.on('data', (d: Buffer) => (log += d.toString()));
        child = c;
        await until(() => log.includes('notification agent consuming') || c.exitCode !== null, 30_000, 'agent consuming');
        expect(c.exitCode).toBeNull();
        return c;
      };
      const stalls = (): number => (existsSync(marker) ? readFileSync(marker, 'utf8').trim().split('\n').length : 0);
      const kill = async (c: ChildProcess): Promise<void> => {
        const gone = new Promise((r) => c.once('exit', r));
        c.kill('SIGKILL');
        await gone;
      };

      notifier = new AmqpNotifier({ url: broker.url, topics: [topic], exchange: 'ceilometer' });
      notifier.start();
      let agentProcess = await startAgent();
      await notifier.sample('telemetry.polling', { samples: [meter('killer', 'killer-0')] });
      for (let attempt = 1; attempt <= 3; attempt++) {
        await until(() => stalls() === attempt, 30_000, `stall #${attempt}`);
        await kill(agentProcess);
        agentProcess = await startAgent();
      }
      // the fourth delivery finds three attempts in the journal: moved aside without processing
      await until(() => log.includes('poison notification moved aside'), 30_000, 'dead-lettered after restart');
      expect(log).toMatch(/not processed after 3 attempts/);
      await notifier.sample('telemetry.polling', { samples: [meter('after', 'after-0')] });
      await until(() => existsSync(out) && readFileSync(out, 'utf8').includes('after-0'), 30_000, 'good message after the poison');
      expect(stalls()).toBe(3);
      const exited = new Promise<number | null>((r) => agentProcess.once('exit', (code) => r(code)));
      agentProcess.kill('SIGTERM');
      expect(await exited).toBe(0);
      const dead = await drainQueue(notifier, dlq);
      expect(dead.map((d) => (d.message['payload'] as { samples: Array<{ resource_id: string }> }).samples[0]!.resource_id)).toEqual(['killer-0']);
      expect(dead[0]!.headers['x-ceilometer-attempts']).toBe(3);
      expect(await queueDepth(notifier, `${topic}.sample`)).toBe(0);
    }, 180_000);
  });
});
