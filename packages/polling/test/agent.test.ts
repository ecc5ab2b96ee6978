import { describe, expect, it } from 'vitest';
import { ConfigError, type Sample } from '@ceilometer-ts/sdk';
import { defaultPollingSettings, parsePollingConfig, PollingAgent, PollingMetrics, type SampleSink } from '../src/index.js';
import { deferred, failingOn, FakePollster, recordingLogger, RecordingSink } from './helpers/fakes.js';

const yaml = (interval: number, meters = '[cpu]') => `sources: [{name: s, interval: ${interval}, meters: ${meters}, resources: [r1, r2]}]`;

describe('PollingAgent', () => {
  it('pollOnce runs every task and reports per-pollster success', async () => {
    const sink = new RecordingSink();
    const agent = new PollingAgent({
      settings: defaultPollingSettings(),
      config: parsePollingConfig(`sources:
  - {name: a, interval: 60, meters: [cpu, vcpus], resources: [r1]}
  - {name: b, interval: 300, meters: [bad], resources: [r1]}`, 'p.yaml'),
      pollsters: [
        { name: 'cpu', pollster: new FakePollster('cpu') },
        { name: 'bad', pollster: failingOn('bad', ['r1']) },
      ],
      discoveries: [],
      sink,
    });
    expect(agent.plan.missingMeters).toEqual([{ source: 'a', meters: ['vcpus'] }]);
    const result = await agent.pollOnce();
    expect(result.ok).toBe(false);
    expect(result.samples).toBe(1);
    expect(result.outcomes.map((o) => [o.pollster, o.status])).toEqual([
      ['cpu', 'ok'],
      ['bad', 'permanent-error'],
    ]);
    expect(sink.samples.map((s) => s.name)).toEqual(['cpu']);
  });

  it('pollOnce is not ok when a pollster had no resources, and says so once per source', async () => {
    const logger = recordingLogger();
    const agent = new PollingAgent({
      settings: defaultPollingSettings(),
      config: parsePollingConfig('sources: [{name: up, interval: 60, meters: [uptime]}]', 'p.yaml'),
      pollsters: [{ name: 'uptime', pollster: new FakePollster('uptime') }],
      discoveries: [],
      sink: new RecordingSink(),
      logger,
    });
    const result = await agent.pollOnce();
    expect(result.ok).toBe(false);
    expect(result.outcomes.map((o) => [o.pollster, o.status])).toEqual([['uptime', 'no-resources']]);
    await agent.pollOnce();
    expect(logger.lines.filter((l) => l.startsWith('warn: pollster uptime in source up is not polled: no resources'))).toHaveLength(1);
  });

  it('reload keeps the old configuration when the new one is invalid', async () => {
    const cpu = new FakePollster('cpu');
    const logger = recordingLogger();
    let next: () => never | ReturnType<typeof parsePollingConfig> = () => {
      throw new ConfigError([{ file: 'p.yaml', line: 1, path: 'sources', message: 'sources required' }]);
    };
    const agent = new PollingAgent({
      settings: defaultPollingSettings(),
      config: parsePollingConfig(yaml(3600), 'p.yaml'),
      pollsters: [{ name: 'cpu', pollster: cpu }],
      discoveries: [],
      sink: new RecordingSink(),
      logger,
      loadConfig: async () => next(),
    });
    agent.start();
    const bad = await agent.reload();
    expect(bad.ok).toBe(false);
    expect(logger.lines.some((l) => l.includes('reload rejected') && l.includes('p.yaml:1: sources: sources required'))).toBe(true);
    expect(agent.config.sources[0]!.interval).toBe(3600);
    expect(agent.running).toBe(true);

    next = () => parsePollingConfig(yaml(7200), 'p.yaml');
    const good = await agent.reload();
    expect(good.ok).toBe(true);
    expect(agent.plan.tasks.map((t) => t.interval)).toEqual([7200]);
    await agent.stop(1000);
    expect(cpu.calls.length).toBe(2); // one cycle at start, one after reload
  });

  it('reload clears blacklists', async () => {
    const bad = failingOn('cpu', ['r1']);
    const agent = new PollingAgent({
      settings: defaultPollingSettings(),
      config: parsePollingConfig(yaml(60), 'p.yaml'),
      pollsters: [{ name: 'cpu', pollster: bad }],
      discoveries: [],
      sink: new RecordingSink(),
    });
    await agent.pollOnce();
    await agent.pollOnce();
    await agent.reload(parsePollingConfig(yaml(60), 'p.yaml'));
    await agent.pollOnce();
    expect(bad.calls.map((c) => c.resources)).toEqual([['r1', 'r2'], ['r2'], ['r1', 'r2']]);
  });

  it('stop finishes the cycle in flight, then flushes the sink', async () => {
    const gate = deferred();
    const events: string[] = [];
    const sink: SampleSink = {
      publish: async (s: readonly Sample[]) => {
        events.push(`publish ${s.length}`);
      },
      close: async () => {
        events.push('close');
      },
    };
    const pollster = {
      defaultDiscovery: null,
      async getSamples() {
        await gate.promise;
        return new FakePollster('cpu').getSamples({} as never, ['r1']);
      },
    };
    const metrics = new PollingMetrics();
    const agent = new PollingAgent({
      settings: defaultPollingSettings(),
      config: parsePollingConfig(yaml(3600), 'p.yaml'),
      pollsters: [{ name: 'cpu', pollster }],
      discoveries: [],
      sink,
      observers: [metrics],
    });
    agent.start();
    const stopped = agent.stop(5000);
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual([]);
    gate.resolve();
    expect(await stopped).toBe(true);
    expect(events).toEqual(['publish 1', 'close']);
    expect(metrics.cycles.get('3600')).toBe(1);
    expect(metrics.samples.get('cpu')).toBe(1);
  });

  it('stop gives up after the bounded wait and aborts the cycle', async () => {
    let signal: AbortSignal | undefined;
    const pollster = {
      defaultDiscovery: null,
      getSamples(cycle: { signal: AbortSignal }) {
        signal = cycle.signal;
        return new Promise<never>(() => undefined);
      },
    };
    const agent = new PollingAgent({
      settings: defaultPollingSettings(),
      config: parsePollingConfig(yaml(3600), 'p.yaml'),
      pollsters: [{ name: 'cpu', pollster }],
      discoveries: [],
      sink: new RecordingSink(),
    });
    agent.start();
    await new Promise((r) => setTimeout(r, 5));
    expect(await agent.stop(50)).toBe(false);
    expect(signal?.aborted).toBe(true);
  });
});
