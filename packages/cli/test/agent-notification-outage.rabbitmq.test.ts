/**
 * `ceilometer-agent-notification` (spawned, built) while its brokers are away or refuse it: it waits
 * with its signal handlers in place (SIGHUP reloads, SIGTERM stops cleanly and promptly), waits
 * past the old 30 s start deadline and then consumes everything published once the broker is up,
 * and a wrong-password messaging URL never holds up a good one. Build first (`pnpm build`).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AmqpNotifier } from '@ceilometer-ts/messaging';
import { findFreePort, startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentBuilt, agentConfig, fileSamples, sendPolled, spawnAgent, until, type AgentProcess } from './agent-process.js';

const FILE_SINK = 'sources:\n  - name: all\n    meters: ["*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers: ["file://@DIR@/samples.json?json"]\n';

describe.skipIf(!agentBuilt)('ceilometer-agent-notification while its brokers are away (spawned)', () => {
  let broker: RabbitMQService;
  const cleanups: Array<() => Promise<void> | void> = [];

  beforeAll(async () => {
    broker = await startRabbitMQ({ private: true });
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  function track(agent: AgentProcess, dir: string): AgentProcess {
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => agent.kill());
    return agent;
  }

  it('reloads on SIGHUP and stops cleanly and promptly on SIGTERM while waiting for a broker that is not there', async () => {
    const { dir, conf } = agentConfig({ transportUrl: `rabbit://guest:guest@127.0.0.1:${await findFreePort()}/`, pipelineYaml: FILE_SINK });
    const agent = track(spawnAgent(conf), dir);
    await until(() => agent.log().includes('waiting for broker'), 20_000, 'waiting log');
    agent.child.kill('SIGHUP');
    await until(() => agent.log().includes('pipelines and definitions reloaded'), 10_000, 'reload');
    agent.child.kill('SIGHUP');
    await new Promise((r) => setTimeout(r, 500));
    expect(agent.alive()).toBe(true);
    const stopping = Date.now();
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopping).toBeLessThan(5000);
    expect(agent.log()).toContain('notification agent stopped');
    expect(agent.log()).not.toContain('"level":50'); // nothing logged as an error: waiting is not a failure
  });

  it('started while the broker is down for more than 30 s, waits (with backoff, not a line per second) and then consumes everything published', async () => {
    const { dir, conf, topic } = agentConfig({ transportUrl: broker.url, pipelineYaml: FILE_SINK });
    const out = join(dir, 'samples.json');
    await broker.stopBroker();
    let brokerUp = false;
    cleanups.push(async () => {
      if (!brokerUp) await broker.startBroker(); // the next test needs it
    });
    const agent = track(spawnAgent(conf), dir);
    const started = Date.now();
    await until(() => agent.log().includes('waiting for broker'), 20_000, 'waiting log');
    // past the 30 s the listener used to give up after
    await new Promise((r) => setTimeout(r, Math.max(0, 33_000 - (Date.now() - started))));
    expect(agent.alive()).toBe(true);
    const waiting = agent.entries().filter((e) => e.msg.startsWith('waiting for broker'));
    // rabbit_retry_interval 1 s doubling to rabbit_interval_max 30 s (jittered): a handful of lines
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    expect(waiting.length).toBeLessThanOrEqual(10);
    expect(waiting.at(-1)!.msg).toMatch(/^waiting for broker rabbit:\/\/guest:\*\*\*@127\.0\.0\.1:\d+\/ \(the broker is not reachable: .*\); retrying in [\d.]+ s$/);
    expect(agent.log()).not.toContain('not consuming within');
    agent.child.kill('SIGHUP');
    await until(() => agent.log().includes('pipelines and definitions reloaded'), 10_000, 'reload');

    await broker.startBroker();
    brokerUp = true;
    const notifier = new AmqpNotifier({ url: broker.url, topics: [topic] });
    cleanups.push(async () => void (await notifier.close()));
    await sendPolled(notifier, 'while.waiting', 200);
    // the agent may still be in a backoff sleep of up to 30 s: the samples wait in their queue
    await until(() => fileSamples(out).length >= 200, 60_000, 'all 200 samples in the file');
    expect(agent.log()).toContain('notification agent consuming');
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    const volumes = new Set(fileSamples(out).map((s) => s.volume));
    expect(volumes.size).toBe(200);
  }, 180_000);

  it('consumes from the good messaging URL within seconds while another one has a wrong password', async () => {
    const wrong = broker.url.replace('guest:guest@', 'guest:not-the-password@');
    const { dir, conf, topic } = agentConfig({ transportUrl: broker.url, pipelineYaml: FILE_SINK, conf: ['[notification]', `messaging_urls = ${wrong}`, `messaging_urls = ${broker.url}`] });
    const out = join(dir, 'samples.json');
    const agent = track(spawnAgent(conf), dir);
    const notifier = new AmqpNotifier({ url: broker.url, topics: [topic] });
    cleanups.push(async () => void (await notifier.close()));
    await until(() => agent.log().includes('notification listener consuming'), 20_000, 'good listener consuming');
    const sent = Date.now();
    await sendPolled(notifier, 'good.url', 20);
    await until(() => fileSamples(out).length >= 20, 5000, '20 samples in the file');
    expect(Date.now() - sent).toBeLessThan(5000);
    await new Promise((r) => setTimeout(r, 3000));
    const refused = agent.entries().filter((e) => e.level === 50 && e.msg.includes('ACCESS_REFUSED'));
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(6); // one per backoff step, not a stream
    expect(agent.log()).not.toContain('not-the-password');
    expect(agent.alive()).toBe(true);
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
  }, 90_000);
});
