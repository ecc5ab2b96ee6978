import { describe, expect, it } from 'vitest';
import {
  Blacklist,
  Discoverer,
  parsePollingConfig,
  planTasks,
  runCycle,
  type CycleContext,
  type PollsterEntry,
  type TaskPlan,
} from '../src/index.js';
import { FakeDiscovery, FakePollster, recordingLogger, RecordingSink } from './helpers/fakes.js';

function setup(yaml: string, pollsters: PollsterEntry[], discoveries: { name: string; discovery: FakeDiscovery }[]) {
  const logger = recordingLogger();
  const sink = new RecordingSink();
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
  };
  return { logger, run: () => runCycle(plan.tasks[0] as TaskPlan, ctx) };
}

describe('the per-cycle summary line', () => {
  it('is one INFO line per cycle with samples, pollsters, resources, failures and duration', async () => {
    const broken = new FakeDiscovery(() => Promise.reject(new Error('nova down')));
    const { logger, run } = setup(
      [
        'sources:',
        '  - {name: hosts, interval: 60, meters: [cpu, mem, boom], resources: [r1, r2]}',
        '  - {name: vms, interval: 60, meters: [disk], discovery: [broken]}',
      ].join('\n'),
      [
        { name: 'cpu', pollster: new FakePollster('cpu') },
        { name: 'mem', pollster: new FakePollster('mem') },
        { name: 'boom', pollster: new FakePollster('boom', null, () => { throw new Error('kaput'); }) },
        { name: 'disk', pollster: new FakePollster('disk') },
      ],
      [{ name: 'broken', discovery: broken }],
    );
    const result = await run();
    expect(result.discoveryFailures).toBe(1);
    const summaries = logger.lines.filter((l) => l.includes('polling cycle of interval'));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatch(
      /^info: polling cycle of interval 60s \(hosts, vms\) done in \d+ ms: 4 sample\(s\) from 3 of 4 pollster run\(s\) on 6 resource\(s\); 1 failed \(hosts\/boom\), 1 without resources, 1 discovery error\(s\)$/,
    );
    await run();
    expect(logger.lines.filter((l) => l.includes('polling cycle of interval'))).toHaveLength(2);
  });

  it('says nothing of failures when there were none', async () => {
    const { logger, run } = setup('sources: [{name: s, interval: 30, meters: [cpu], resources: [a]}]', [{ name: 'cpu', pollster: new FakePollster('cpu') }], []);
    await run();
    expect(logger.lines.filter((l) => l.startsWith('info: polling cycle'))).toEqual([
      expect.stringMatching(/^info: polling cycle of interval 30s \(s\) done in \d+ ms: 1 sample\(s\) from 1 of 1 pollster run\(s\) on 1 resource\(s\)$/),
    ]);
  });
});
