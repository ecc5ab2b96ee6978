import { describe, expect, it } from 'vitest';
import { makeSample, type PollCycle, type Sample } from '@ceilometer-ts/sdk';
import {
  Blacklist,
  Discoverer,
  parseDiscoveryUrl,
  parsePollingConfig,
  planTasks,
  runCycle,
  type CycleContext,
  type DiscoveryEntry,
  type PollsterEntry,
  type TaskPlan,
} from '../src/index.js';
import { deferred, failingOn, FakeDiscovery, FakePollster, recordingLogger, RecordingSink } from './helpers/fakes.js';

function setup(yaml: string, pollsters: PollsterEntry[], discoveries: DiscoveryEntry[] = [], over: Partial<CycleContext> = {}) {
  const sink = new RecordingSink();
  const logger = recordingLogger();
  const plan = planTasks(parsePollingConfig(yaml, 'p.yaml'), pollsters);
  const ctx: CycleContext = {
    discoverer: new Discoverer(discoveries, logger),
    blacklist: new Blacklist(),
    publish: (s) => sink.publish(s),
    batchSize: 50,
    concurrency: 1,
    sampleSource: 'openstack',
    logger,
    observers: [],
    signal: new AbortController().signal,
    errorCounts: new Map(),
    warnedNoResources: new Set(),
    ...over,
  };
  const task = plan.tasks[0] as TaskPlan;
  return { sink, logger, ctx, task, run: () => runCycle(task, ctx) };
}

const p = (name: string, pollster: FakePollster): PollsterEntry => ({ name, pollster });
const d = (name: string, discovery: FakeDiscovery): DiscoveryEntry => ({ name, discovery });

describe('discovery urls', () => {
  it('splits like urlparse', () => {
    expect(parseDiscoveryUrl('local_instances')).toEqual({ name: 'local_instances', param: undefined });
    expect(parseDiscoveryUrl('endpoint:object-store')).toEqual({ name: 'endpoint', param: 'object-store' });
    expect(parseDiscoveryUrl('fip://host/path?x=1')).toEqual({ name: 'fip', param: 'host/path' });
    // urlparse takes no scheme with "_" in it
    expect(parseDiscoveryUrl('local_node:x')).toEqual({ name: 'local_node:x', param: undefined });
  });
});

describe('runCycle', () => {
  it('uses static resources plus source discoveries before the default discovery', async () => {
    const cpu = new FakePollster('cpu', 'default_disc');
    const src = new FakeDiscovery(['d1', 'd2']);
    const def = new FakeDiscovery(['x']);
    const { run } = setup(
      'sources: [{name: s, interval: 60, meters: [cpu], resources: ["r1"], discovery: ["srcdisc:arg"]}]',
      [p('cpu', cpu)],
      [d("srcdisc", src), d('default_disc', def)],
    );
    await run();
    expect(cpu.calls[0]!.resources).toEqual(['r1', 'd1', 'd2']);
    expect(src.params).toEqual(['arg']);
    expect(def.calls).toBe(0);
  });

  it('falls back to the pollster default discovery, once per cycle for all pollsters', async () => {
    const cpu = new FakePollster('cpu', 'local');
    const mem = new FakePollster('mem', 'local');
    const local = new FakeDiscovery(['vm1']);
    const { run, sink } = setup('sources: [{name: s, interval: 60, meters: ["*"]}]', [p('cpu', cpu), p('mem', mem)], [d('local', local)]);
    await run();
    expect(local.calls).toBe(1);
    expect(sink.samples.map((s) => `${s.name}/${s.resource_id}`)).toEqual(['cpu/vm1', 'mem/vm1']);
    await run();
    expect(local.calls).toBe(2);
  });

  it('does not poll pollsters without resources and warns once about unknown discoveries', async () => {
    const cpu = new FakePollster('cpu');
    const { run, logger } = setup('sources: [{name: s, interval: 60, meters: [cpu], discovery: [nope]}]', [p('cpu', cpu)]);
    const r1 = await run();
    await run();
    expect(cpu.calls).toHaveLength(0);
    expect(r1.outcomes[0]!.status).toBe('no-resources');
    expect(logger.lines.filter((l) => l.startsWith('warn: Unknown discovery extension: nope'))).toHaveLength(1);
  });

  it('says once per source, at warning level, that a pollster has no resources, then at debug', async () => {
    const cpu = new FakePollster('cpu');
    const mem = new FakePollster('mem', 'empty');
    const { run, logger } = setup(
      `sources:
  - {name: a, interval: 60, meters: [cpu, mem]}
  - {name: b, interval: 60, meters: [cpu]}`,
      [p('cpu', cpu), p('mem', mem)],
      [d('empty', new FakeDiscovery([]))],
    );
    const first = await run();
    await run();
    expect(first.outcomes.map((o) => `${o.source}/${o.pollster}: ${o.status}`)).toEqual(['a/cpu: no-resources', 'a/mem: no-resources', 'b/cpu: no-resources']);
    expect(logger.lines.filter((l) => l.startsWith('warn: pollster'))).toEqual([
      'warn: pollster cpu in source a is not polled: no resources (the source lists no resources and neither it nor the pollster names a discovery); said once, later cycles log it at debug',
      'warn: pollster mem in source a is not polled: no resources (discovery empty found none); said once, later cycles log it at debug',
      'warn: pollster cpu in source b is not polled: no resources (the source lists no resources and neither it nor the pollster names a discovery); said once, later cycles log it at debug',
    ]);
    expect(logger.lines.filter((l) => l === 'debug: Skip pollster cpu, no resources found this cycle')).toHaveLength(2);
  });

  it('counts a pollster whose resources another source already polled as skipped, without a warning', async () => {
    const cpu = new FakePollster('cpu');
    const { run, logger } = setup(
      `sources:
  - {name: a, interval: 60, meters: [cpu], resources: [r1]}
  - {name: b, interval: 60, meters: [cpu], resources: [r1]}`,
      [p('cpu', cpu)],
    );
    const result = await run();
    expect(result.outcomes.map((o) => o.status)).toEqual(['ok', 'skipped']);
    expect(logger.lines.filter((l) => l.startsWith('warn:'))).toEqual([]);
  });

  it('polls a resource once per pollster per cycle across sources', async () => {
    const cpu = new FakePollster('cpu');
    const { run } = setup(
      `sources:
  - {name: a, interval: 60, meters: [cpu], resources: [r1, r2]}
  - {name: b, interval: 60, meters: [cpu], resources: [r2, r3]}`,
      [p('cpu', cpu)],
    );
    const result = await run();
    expect(cpu.calls.map((c) => c.resources)).toEqual([['r1', 'r2'], ['r3']]);
    expect(result.samples).toBe(3);
  });

  it('blacklists resources of a PollsterPermanentError for that source and pollster only', async () => {
    const cpu = failingOn('cpu', ['bad']);
    const { run, logger } = setup(
      `sources:
  - {name: a, interval: 60, meters: [cpu], resources: [good, bad]}`,
      [p('cpu', cpu)],
    );
    const first = await run();
    expect(first.outcomes[0]!.status).toBe('permanent-error');
    expect(logger.lines).toContain('error: Prevent pollster cpu from polling ["bad"] on source a anymore!');
    await run();
    expect(cpu.calls.map((c) => c.resources)).toEqual([['good', 'bad'], ['good']]);
  });

  it('logs other errors once per cycle per pollster with a counter and goes on', async () => {
    const bad = new FakePollster('bad', null, () => {
      throw new Error('boom');
    });
    const cpu = new FakePollster('cpu');
    const { run, logger, sink } = setup(
      `sources:
  - {name: a, interval: 60, meters: [bad, cpu], resources: [r1]}
  - {name: b, interval: 60, meters: [bad], resources: [r2]}`,
      [p('bad', bad), p('cpu', cpu)],
    );
    const result = await run();
    expect(result.outcomes.map((o) => `${o.source}/${o.pollster}:${o.status}`)).toEqual(['a/bad:error', 'a/cpu:ok', 'b/bad:error']);
    expect(logger.lines.filter((l) => l.includes('boom'))).toEqual([
      'error: Continue after error from bad: boom (error #1)',
      'debug: Continue after error from bad: boom (error #2)',
    ]);
    await run();
    expect(logger.lines.filter((l) => l.startsWith('error: Continue'))).toHaveLength(2);
    expect(sink.samples).toHaveLength(2);
  });

  it('gives every sample of a pollster run the same timestamp and the configured source', async () => {
    const pollster = {
      defaultDiscovery: null,
      async *getSamples() {
        yield makeSample({ name: 'cpu', type: 'gauge', unit: 'ns', volume: 1, resource_id: 'a', timestamp: '2000-01-01T00:00:00+00:00' });
        await new Promise((r) => setTimeout(r, 5));
        yield makeSample({ name: 'cpu', type: 'gauge', unit: 'ns', volume: 2, resource_id: 'b', source: 'mine' });
      },
    };
    const { run, sink } = setup('sources: [{name: s, interval: 60, meters: [cpu], resources: [x]}]', [{ name: 'cpu', pollster }], [], { sampleSource: 'site1' });
    await run();
    const [a, b] = sink.samples as [Sample, Sample];
    expect(a.timestamp).toBe(b.timestamp);
    expect(a.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
    expect([a.source, b.source]).toEqual(['site1', 'mine']);
  });

  it('marks a pollster partial when it reports failed resources but goes on with the others', async () => {
    const pollster = {
      defaultDiscovery: null,
      getSamples: async (cycle: PollCycle, resources: readonly unknown[]) => {
        cycle.reportResourceFailure?.('snmp://dead-host', new Error('timeout'));
        return resources.filter((r) => r !== 'dead').map((r) => makeSample({ name: 'cpu', type: 'gauge', unit: 'ns', volume: 1, resource_id: String(r) }));
      },
    };
    const { run, sink } = setup('sources: [{name: s, interval: 60, meters: [cpu], resources: [good, dead]}]', [{ name: 'cpu', pollster }]);
    const result = await run();
    expect(sink.samples.map((x) => x.resource_id)).toEqual(['good']);
    expect(result.outcomes[0]).toMatchObject({ status: 'partial', samples: 1, failedResources: 1 });
  });

  it('accepts a promise of an iterable', async () => {
    const pollster = {
      defaultDiscovery: null,
      getSamples: async () => [makeSample({ name: 'cpu', type: 'gauge', unit: 'ns', volume: 1, resource_id: 'a' })],
    };
    const { run, sink } = setup('sources: [{name: s, interval: 60, meters: [cpu], resources: [x]}]', [{ name: 'cpu', pollster }]);
    await run();
    expect(sink.samples).toHaveLength(1);
  });

  it.each([
    [50, [[7]]],
    [3, [[3], [3], [1]]],
    [0, [[1], [1], [1], [1], [1], [1], [1]]],
  ])('batches with batch_size %i', async (batchSize, expected) => {
    const cpu = new FakePollster('cpu');
    const { run, sink } = setup('sources: [{name: s, interval: 60, meters: [cpu], resources: [a, b, c, d, e, f, g]}]', [p('cpu', cpu)], [], { batchSize });
    await run();
    expect(sink.batches.map((b) => [b.length])).toEqual(expected);
  });

  it('hands samples on without a copy or a promise per sample when the pollster stamped the cycle timestamp', async () => {
    const made: Sample[] = [];
    let microtaskTurns = 0;
    const stamped: PollsterEntry = {
      name: 'cpu',
      pollster: {
        defaultDiscovery: null,
        getSamples(cycle: PollCycle, resources: readonly unknown[]): Sample[] {
          for (const r of resources) made.push(makeSample({ name: 'cpu', type: 'gauge', unit: 'u', volume: 1, resource_id: String(r), timestamp: cycle.timestamp }));
          return made;
        },
      },
    };
    const { run, sink } = setup('sources: [{name: s, interval: 60, meters: [cpu], resources: [a, b, c, d, e, f, g]}]', [stamped], [], {
      publish: (batch) => {
        // counts the turns the cycle took between the pollster's return and the batch
        microtaskTurns = pending;
        return sink.publish(batch);
      },
    });
    let pending = 0;
    const counter = (): void => {
      pending++;
      if (pending < 1000) queueMicrotask(counter);
    };
    queueMicrotask(counter);
    await run();
    expect(sink.samples).toHaveLength(7);
    sink.samples.forEach((s, i) => expect(s).toBe(made[i]));
    // one batch of 7: a handful of turns for the cycle's own awaits, not one per sample
    expect(microtaskTurns).toBeLessThan(7);
  });

  it.each([
    [1, 1],
    [2, 2],
    [0, 4],
  ])('runs pollsters with threads_to_process_pollsters=%i at most %i at once', async (concurrency, expected) => {
    let active = 0;
    let peak = 0;
    const slow = (name: string): PollsterEntry => ({
      name,
      pollster: {
        defaultDiscovery: null,
        async getSamples() {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 10));
          active--;
          return [];
        },
      },
    });
    const { run } = setup('sources: [{name: s, interval: 60, meters: ["*"], resources: [x]}]', ['a', 'b', 'c', 'd'].map(slow), [], { concurrency });
    await run();
    expect(peak).toBe(expected);
  });

  it('shares one in-flight discovery between parallel pollsters', async () => {
    const gate = deferred<readonly unknown[]>();
    const disc = new FakeDiscovery(() => gate.promise);
    const a = new FakePollster('a', 'disc');
    const b = new FakePollster('b', 'disc');
    const { run } = setup('sources: [{name: s, interval: 60, meters: ["*"]}]', [p('a', a), p('b', b)], [d('disc', disc)], { concurrency: 0 });
    const done = run();
    await new Promise((r) => setTimeout(r, 5));
    gate.resolve(['r']);
    await done;
    expect(disc.calls).toBe(1);
    expect([a.calls.length, b.calls.length]).toEqual([1, 1]);
  });

  it('keeps going when the sink rejects a batch', async () => {
    const cpu = new FakePollster('cpu');
    const { run, logger } = setup('sources: [{name: s, interval: 60, meters: [cpu], resources: [a]}]', [p('cpu', cpu)], [], {
      publish: async () => {
        throw new Error('broker down');
      },
    });
    const result = await run();
    expect(result.outcomes[0]!.status).toBe('ok');
    expect(logger.lines).toContain('error: could not send 1 samples of cpu: broker down');
  });
});
