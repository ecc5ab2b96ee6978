/**
 * SIGTERM to the built `ceilometer-agent-notification` while a publisher fails (HTTP 500 beside a
 * healthy file sink): the stop must not turn requeues into a redelivery storm (measured before the
 * fix: 2,240 redeliveries in the 3.5 s of the stop). Its listeners cancel their consumers first, so
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

  it('redeliveries after SIGTERM are bounded, the healthy file gets no duplicate storm, and the broker keeps every message', async () => {
    const pipelineYaml = [
      'sources:', '  - name: all', '    meters: ["*"]', '    sinks: [healthy, failing]',
      'sinks:',
      '  - name: healthy', '    publishers: ["file://@DIR@/samples.json?json"]',
      '  - name: failing', `    publishers: ["http://127.0.0.1:${port}/samples?timeout=1&max_retries=0"]`, '',
    ].join('\n');
    const { dir, conf, topic } = agentConfig({ transportUrl: broker.url, pipelineYaml, conf: ['[notification]', 'batch_size = 10', 'batch_timeout = 1'] });
    const agent = spawnAgent(conf);
    const notifier = new AmqpNotifier({ url: broker.url, topics: [topic] });
    const out = join(dir, 'samples.json');
    const requeueLines = (text: string): number => text.split('\n').filter((l) => l.includes('publishing failed: requeueing')).length;
    try {
      await until(() => agent.log().includes('notification listener consuming'), 30_000, 'the agent consuming');
      await sendPolled(notifier, 'shutdown.sample', 30);
      // the publisher has failed a few times: the requeue backoff is at 2 s or more
      await until(() => requeueLines(agent.log()) >= 6, 60_000, 'several requeued batches');

      const [hitsAtStop, linesAtStop, logAtStop] = [hits, fileSamples(out).length, agent.log().length];
      const stoppedAt = Date.now();
      agent.child.kill('SIGTERM');
      expect(await agent.exited).toEqual({ code: 0, signal: null });
      const took = Date.now() - stoppedAt;

      const hitsAfter = hits - hitsAtStop;
      const linesAfter = fileSamples(out).length - linesAtStop;
      const requeuedAfter = requeueLines(agent.log().slice(logAtStop));
      // what was delivered before the stop is processed once more at most (3 batches of 10), then handed back
      expect(hitsAfter, agent.log().slice(-3000)).toBeLessThanOrEqual(3);
      expect(requeuedAfter).toBeLessThanOrEqual(3);
      expect(linesAfter).toBeLessThanOrEqual(30);
      // the consumers stop taking messages first, so the batch in its backoff is handed back at once
      expect(took).toBeLessThan(10_000);

      // nothing was ever published everywhere, so nothing was acknowledged: the broker holds all 30
      const left = new Set<number>();
      const listener = new NotificationListener({
        url: broker.url, targets: [{ topic }], priorities: ['sample'],
        handler: (n) => {
          for (const s of (n.message['payload'] as { samples: Array<{ counter_volume: number }> }).samples) left.add(s.counter_volume);
        },
      });
      await listener.start();
      await until(() => left.size >= 30, 15_000, 'the 30 messages back in the queue');
      await listener.stop();
      expect([...left].sort((a, b) => a - b)).toEqual([...Array(30).keys()]);
    } finally {
      agent.kill();
      await notifier.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
