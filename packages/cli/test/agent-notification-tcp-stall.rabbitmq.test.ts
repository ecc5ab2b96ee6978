/**
 * Issue 9, process level: "A TCP collector that accepts but never reads hangs the agent forever
 * after 10,500 samples, logging nothing; SIGTERM cannot stop it". The built agent publishes to a
 * file:// sink and, beside it, to tcp:// (default timeouts) on a collector created here that
 * accepts and never reads; once the TCP publisher has stalled, SIGTERM ends the process within the
 * agent's stop timeout (30 s) plus the publisher's close_timeout (5 s) and a margin, and the log names the
 * publisher and the write timeout. Build first (`pnpm build`).
 */
import { rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { AmqpNotifier } from '@ceilometer-ts/messaging';
import { makeSample, toMeterMessage } from '@ceilometer-ts/sdk';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentBuilt, agentConfig, fileSamples, spawnAgent, TELEMETRY_SECRET, until } from './agent-process.js';

/**
 * The agent's stop timeout (NotificationAgent.stop waits up to 30 s for handlers in flight, whose
 * redelivered batches stall the TCP publisher again), the tcp publisher's default close_timeout
 * (5 s), and 5 s for the process to exit.
 */
const STOP_BOUND_MS = 30_000 + 5_000 + 5_000;

/** A collector that accepts connections and never reads from them. */
async function startSilentPeer(): Promise<{ port: number; connections: Socket[]; close: () => Promise<void> }> {
  const connections: Socket[] = [];
  const server: Server = createServer({ pauseOnConnect: true }, (s) => void connections.push(s.on('error', () => undefined)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    close: () => new Promise<void>((r) => {
      for (const s of connections) s.destroy();
      server.close(() => r());
    }),
  };
}

describe.skipIf(!agentBuilt)('ceilometer-agent-notification with a tcp:// collector that never reads', () => {
  let broker: RabbitMQService;
  let collector: Awaited<ReturnType<typeof startSilentPeer>>;

  beforeAll(async () => {
    broker = await startRabbitMQ();
    collector = await startSilentPeer();
  }, 120_000);
  afterAll(async () => {
    await collector?.close();
    await broker?.stop();
  }, 60_000);

  it('fails the stalled publish with a write timeout and stops on SIGTERM within the stop timeout', async () => {
    const pipelineYaml = [
      'sources:', '  - name: all', '    meters: ["*"]', '    sinks: [healthy, collector]',
      'sinks:', '  - name: healthy', '    publishers: ["file://@DIR@/samples.json?json"]',
      '  - name: collector', `    publishers: ["tcp://127.0.0.1:${collector.port}"]`, '',
    ].join('\n');
    const { dir, conf, topic } = agentConfig({ transportUrl: broker.url, pipelineYaml, conf: ['[notification]', 'batch_timeout = 1'] });
    const agent = spawnAgent(conf);
    const notifier = new AmqpNotifier({ url: broker.url, topics: [topic] });
    try {
      await until(() => agent.log().includes('notification agent consuming'), 60_000, 'agent consuming');
      // 40 notifications of 500 samples of ~1 KB: 20 MB, far more than the kernel buffers hold
      const pad = 'x'.repeat(900);
      for (let n = 0; n < 40; n++) {
        const samples = Array.from({ length: 500 }, (_, i) => toMeterMessage(
          makeSample({ name: 'stall.test', type: 'gauge', unit: 'x', volume: n * 500 + i, resource_id: `r-${i}`, resource_metadata: { pad } }), TELEMETRY_SECRET));
        await notifier.sample('telemetry.polling', { samples });
      }
      const out = join(dir, 'samples.json');
      await until(() => fileSamples(out).length > 0, 60_000, 'the file sink receives samples');
      await until(() => collector.connections.length > 0, 30_000, 'the agent connects to the collector');
      // the TCP publisher stalls, and now reports it (default write_timeout 10 s) instead of hanging silently
      await until(() => /tcp publisher tcp:\/\/127\.0\.0\.1:\d+: write timeout/.test(agent.log()), 60_000, 'a write timeout in the log');
      const started = Date.now();
      agent.child.kill('SIGTERM');
      const exit = await Promise.race([agent.exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), STOP_BOUND_MS + 5_000))]);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(Date.now() - started).toBeLessThan(STOP_BOUND_MS);
      expect(agent.log()).toContain('notification agent stopped');
    } finally {
      agent.kill();
      await notifier.close({ timeoutMs: 2_000 });
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
