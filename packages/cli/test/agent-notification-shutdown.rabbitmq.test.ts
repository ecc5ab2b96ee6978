/**
 * SIGTERM to the built `ceilometer-agent-notification` while a publisher fails (HTTP 500 beside a
 * healthy file sink): the stop must not turn requeues into a redelivery storm (measured before the
 * fix: 2,240 redeliveries in the 3.5 s of the stop). With per-publisher delivery queues a failing
 * publisher only makes the agent requeue under the `hold` policy, when its queue is full at the stop. Its listeners cancel their consumers first, so
 * the batch waiting in its requeue backoff is handed back to the broker at once and stays there. Build first (`pnpm build`).
 */
import { createServer, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AmqpNotifier, NotificationListener } from '@ceilometer-ts/messaging';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentBuilt, agentConfig, fileSamples, sendPolled, spawnAgent, until } from './agent-process.js';

describe.skipIf(!agentBuilt)('ceilometer-agent-notification: SIGTERM while a publisher fails', () => {
  let broker: RabbitMQService;
  let http500: Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    broker = await startRabbitMQ();
    http500 = createServer((req, res) => {
      hits++;
      req.resume();
      res.writeHead(500).end('injected failure');
    });
    await new Promise<void>((r) => http500.listen(0, '127.0.0.1', () => r()));
    port = (http500.address() as { port: number }).port;
  }, 120_000);
  afterAll(async () => {
    await new Promise((r) => http500.close(r));
    await broker?.stop();
  });

  it('SIGTERM while a hold-policy publisher fails: no redelivery storm, bounded stop, and every sample is either still in the broker or counted as dropped', async () => {
    // hold with room for one batch: the first failing batch is accepted into the queue, later ones
    // wait for room (unacknowledged) and are refused, so requeued, when the stop begins
    const pipelineYaml = [
      'sources:', '  - name: all', '    meters: ["*"]', '    sinks: [healthy, failing]',
      'sinks:',
      '  - name: healthy', '    publishers: ["file://@DIR@/samples.json?json"]',
      '  - name: failing', `    publishers: ["http://127.0.0.1:${port}/samples?timeout=1&max_retries=0&delivery_policy=hold&delivery_queue_length=1"]`, '',
    ].join('\n');
    const { dir, conf, topic } = agentConfig({ transportUrl: broker.url, pipelineYaml, conf: ['[notification]', 'batch_size = 10', 'batch_timeout = 1', 'stop_timeout = 3'] });
    const agent = spawnAgent(conf);
    const notifier = new AmqpNotifier({ url: broker.url, topics: [topic] });
    const out = join(dir, 'samples.json');
    const requeueLines = (text: string): number => text.split('\n').filter((l) => l.includes('publishing failed: requeueing')).length;
    try {
      await until(() => agent.log().includes('notification listener consuming'), 30_000, 'the agent consuming');
      await sendPolled(notifier, 'shutdown.sample', 30);
      // every sample reached the healthy file once; the failing publisher holds one batch, the rest wait
      await until(() => new Set(fileSamples(out).map((s) => s.volume)).size === 30 && hits >= 2, 60_000, 'the healthy file complete and the publisher failing');

      const [linesAtStop, logAtStop] = [fileSamples(out).length, agent.log().length];
      const stoppedAt = Date.now();
      agent.child.kill('SIGTERM');
      expect(await agent.exited).toEqual({ code: 0, signal: null });
      const took = Date.now() - stoppedAt;
      const after = agent.log().slice(logAtStop);

      // the consumers stop taking messages first: what is refused is handed back once, not spun
      expect(requeueLines(after), after.slice(-3000)).toBeLessThanOrEqual(3);
      expect(fileSamples(out).length - linesAtStop).toBe(0);
      // stop_timeout bounds the flush of the failing queue
      expect(took).toBeLessThan(10_000);

      // exact accounting: the stopped line counts what the failing publisher's queue gave up ...
      const stoppedLine = after.split('\n').find((l) => l.includes('notification agent stopped'));
      expect(stoppedLine, after.slice(-3000)).toBeDefined();
      const delivery = (JSON.parse(stoppedLine!) as { delivery: Array<{ publisher: string; dropped: number; delivered: number }> }).delivery;
      const failing = delivery.find((d) => d.publisher.startsWith(`http://127.0.0.1:${port}/`));
      expect(failing).toMatchObject({ delivered: 0 });
      // ... and the broker keeps every message that was never accepted anywhere
      const left = new Set<number>();
      const listener = new NotificationListener({
        url: broker.url, targets: [{ topic }], priorities: ['sample'],
        handler: (n) => {
          for (const s of (n.message['payload'] as { samples: Array<{ counter_volume: number }> }).samples) left.add(s.counter_volume);
        },
      });
      await listener.start();
      await until(() => left.size + failing!.dropped >= 30, 15_000, 'every sample in the broker or counted as dropped');
      await listener.stop();
      expect(left.size + failing!.dropped).toBe(30);
    } finally {
      agent.kill();
      await notifier.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
