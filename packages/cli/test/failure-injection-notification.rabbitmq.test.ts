/**
 * Failure injection, notification agent side: the spawned agent consumes from a dead broker URL, a
 * wrong-credential URL and a good one, and publishes through publishers that fail (HTTP to a closed
 * port, HTTP 500, TCP to a closed port, notifier:// to a broker that refuses the password) beside a
 * healthy file:// sink. The process must stay alive and the healthy sink must go on receiving what
 * the good broker delivers. Build first (`pnpm build`).
 *
 * What is asserted follows today's delivery design: a batch whose publishing failed anywhere is
 * requeued as a whole (with backoff up to 30 s), so the file sink receives each sample at least once,
 * possibly several times, and later samples are delayed by the backoff.
 */
import { createServer, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AmqpNotifier } from '@ceilometer-ts/messaging';
import { findFreePort, startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentBuilt, agentConfig, fileSamples, sendPolled, spawnAgent, until, type AgentProcess } from './agent-process.js';

describe.skipIf(!agentBuilt)('failure injection: ceilometer-agent-notification against dead, refusing and wrong-credential peers', () => {
  let broker: RabbitMQService;
  let http500: Server;
  let http500Port: number;
  let http500Hits = 0;
  const cleanups: Array<() => Promise<void> | void> = [];

  beforeAll(async () => {
    broker = await startRabbitMQ();
    http500 = createServer((req, res) => {
      http500Hits++;
      req.resume();
      res.writeHead(500).end('injected failure');
    });
    await new Promise<void>((r) => http500.listen(0, '127.0.0.1', () => r()));
    http500Port = (http500.address() as { port: number }).port;
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    await new Promise((r) => http500.close(r));
    await broker?.stop();
  });

  /** messaging_urls: a port nobody listens on, the good broker with a wrong password, the good broker. */
  async function messagingUrls(): Promise<string[]> {
    const dead = `rabbit://guest:guest@127.0.0.1:${await findFreePort()}/`;
    const wrong = broker.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:wrong-password@');
    return [`messaging_urls = ${dead}`, `messaging_urls = ${wrong}`, `messaging_urls = ${broker.url}`];
  }

  function pipelineWith(failing: Record<string, string>): string {
    const sinks = Object.keys(failing);
    return [
      'sources:', '  - name: all', '    meters: ["*"]', `    sinks: [healthy, ${sinks.join(', ')}]`,
      'sinks:', '  - name: healthy', '    publishers: ["file://@DIR@/samples.json?json"]',
      ...sinks.flatMap((name) => [`  - name: ${name}`, `    publishers: ["${failing[name]}"]`]), '',
    ].join('\n');
  }

  async function startAgent(failing: Record<string, string>): Promise<{ agent: AgentProcess; notifier: AmqpNotifier; out: string }> {
    const { dir, conf, topic } = agentConfig({ transportUrl: broker.url, pipelineYaml: pipelineWith(failing), conf: ['[notification]', 'batch_timeout = 1', ...(await messagingUrls())] });
    const agent = spawnAgent(conf);
    const notifier = new AmqpNotifier({ url: broker.url, topics: [topic] });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => agent.kill(), async () => void (await notifier.close()));
    return { agent, notifier, out: join(dir, 'samples.json') };
  }

  const received = (out: string, name: string): Set<number> => new Set(fileSamples(out).filter((s) => s.name === name).map((s) => s.volume));

  it('stays alive and the file sink keeps receiving while HTTP (closed port, 500) and TCP (closed port) publishers fail', async () => {
    const [closedHttp, closedTcp] = [await findFreePort(), await findFreePort()];
    const { agent, notifier, out } = await startAgent({
      http_closed: `http://127.0.0.1:${closedHttp}/samples?timeout=1&max_retries=0`,
      http_500: `http://127.0.0.1:${http500Port}/samples?timeout=1&max_retries=0`,
      tcp_closed: `tcp://127.0.0.1:${closedTcp}`,
    });
    await until(() => agent.log().includes('notification listener consuming'), 30_000, 'the good URL consuming');

    await sendPolled(notifier, 'wave.one', 10);
    await until(() => received(out, 'wave.one').size === 10, 45_000, 'wave one in the file');
    // still alive and still delivering after several failed (requeued) batches
    await new Promise((r) => setTimeout(r, 3000));
    expect(agent.alive()).toBe(true);
    await sendPolled(notifier, 'wave.two', 10, 100);
    await until(() => received(out, 'wave.two').size === 10, 45_000, 'wave two in the file');
    expect(agent.alive()).toBe(true);
    expect(http500Hits).toBeGreaterThan(0);

    const log = agent.log();
    expect(log).toContain('ACCESS_REFUSED'); // the wrong-credential URL says why
    expect(log).toContain('waiting for broker'); // the dead URL says it waits
    expect(log).not.toContain('wrong-password');
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
  }, 150_000);

  // NOTE: out of this suite's scope, measured before notifier:// had publish_timeout (30 s by
  // default since issue 9; a call now rejects then): refused by its broker it never settled a
  // publish, so every batch stayed in flight with its messages unacked; once
  // `rabbit_qos_prefetch_count` (100) messages are held, the good URL delivers nothing more and the
  // file sink stalls too (90 of 150 later samples arrived in 30 s), and SIGTERM takes ~40 s (30 s
  // for handlers in flight, 10 s for the notifier's close). Per-publisher delivery is being
  // redesigned separately; this case asserts only that the process lives and the file receives data.
  it('stays alive and the file sink receives data while notifier:// is refused by its broker', async () => {
    const wrong = broker.url.replace(/^rabbit:\/\/([^:@/]+):[^@/]*@/, 'notifier://$1:wrong-password@');
    const { agent, notifier, out } = await startAgent({ notifier_refused: `${wrong}?topic=injected` });
    await until(() => agent.log().includes('notification listener consuming'), 30_000, 'the good URL consuming');

    await sendPolled(notifier, 'wave.one', 10);
    await until(() => received(out, 'wave.one').size === 10, 45_000, 'wave one in the file');
    await new Promise((r) => setTimeout(r, 5000));
    expect(agent.alive()).toBe(true);
    expect(agent.log()).toContain('ACCESS_REFUSED');
    expect(agent.log()).not.toContain('wrong-password');
    agent.child.kill('SIGTERM');
    const stopped = await agent.exited;
    expect(stopped.signal).toBeNull();
  }, 150_000);
});
