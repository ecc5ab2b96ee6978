import { describe, expect, it, vi } from 'vitest';
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

  it('pollCycles runs N cycles of every task on its interval and sums their outcomes', async () => {
    const sink = new RecordingSink();
    const agent = new PollingAgent({
      settings: defaultPollingSettings(),
      config: parsePollingConfig(`sources:
  - {name: fast, interval: 10, meters: [cpu], resources: [r1]}
  - {name: slow, interval: 20, meters: [disk], resources: [r1]}`, 'p.yaml'),
      pollsters: [
        { name: 'cpu', pollster: new FakePollster('cpu') },
        { name: 'disk', pollster: new FakePollster('disk') },
      ],
      discoveries: [],
      sink,
    });
    vi.useFakeTimers({ now: 0 });
    try {
      let ended = -1;
      const run = agent.pollCycles(3).then((r) => ((ended = Date.now()), r));
      await vi.advanceTimersByTimeAsync(39_000);
      expect(ended).toBe(-1);
      await vi.advanceTimersByTimeAsync(2_000);
      // the 20 s task's third cycle (at 40 s) ends the run
      expect(ended).toBe(40_000);
      const result = await run;
      expect(result).toMatchObject({ ok: true, complete: true, samples: 6 });
      expect(result.cycles.map((c) => [c.interval, Date.parse(c.startedAt)]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!)).toEqual([[10, 0], [10, 10_000], [10, 20_000], [20, 0], [20, 20_000], [20, 40_000]]);
    } finally {
      vi.useRealTimers();
    }
    expect(sink.samples.map((s) => s.name).sort()).toEqual(['cpu', 'cpu', 'cpu', 'disk', 'disk', 'disk']);
    expect(agent.running).toBe(false);
  });

  it('pollCycles is not ok when a pollster failed in any cycle, and not complete when stopped early', async () => {
    let calls = 0;
    const later = new FakePollster('later');
    const fails: typeof later = Object.assign(Object.create(later) as typeof later, {
      getSamples: (...args: Parameters<typeof later.getSamples>) => {
        calls += 1;
        if (calls > 1) throw new Error('second call fails');
        return later.getSamples(...args);
      },
    });
    const agent = new PollingAgent({
      settings: defaultPollingSettings(),
      config: parsePollingConfig('sources: [{name: s, interval: 1, meters: [later], resources: [r1]}]', 'p.yaml'),
      pollsters: [{ name: 'later', pollster: fails }],
      discoveries: [],
      sink: new RecordingSink(),
    });
    const twice = await agent.pollCycles(2);
    expect(twice).toMatchObject({ ok: false, complete: true, samples: 1 });
    expect(twice.outcomes.map((o) => o.status)).toEqual(['ok', 'error']);

    const stopped = new PollingAgent({
      settings: defaultPollingSettings(),
      config: parsePollingConfig(yaml(3600), 'p.yaml'),
      pollsters: [{ name: 'cpu', pollster: new FakePollster('cpu') }],
      discoveries: [],
      sink: new RecordingSink(),
    });
    const run = stopped.pollCycles(5);
    await new Promise((r) => setTimeout(r, 20));
    await stopped.stop();
    const result = await run;
    expect(result).toMatchObject({ ok: true, complete: false, samples: 2 });
    await expect(stopped.pollCycles(1)).rejects.toThrow('already running');
  });
});
