import { describe, expect, it } from 'vitest';
import { parsePollingConfig, planTasks } from '../src/index.js';
import { FakePollster } from './helpers/fakes.js';

const entries = ['cpu', 'memory.usage', 'disk.read', 'disk.write'].map((name) => ({ name, pollster: new FakePollster(name) }));

describe('planTasks', () => {
  it('groups sources by interval and matches pollsters', () => {
    const config = parsePollingConfig(
      `sources:
  - {name: a, interval: 60, meters: [cpu, "disk.*"]}
  - {name: b, interval: 300, meters: ["*", "!disk.write"]}
  - {name: c, interval: 60, meters: [memory.usage, vcpus]}
  - {name: d, interval: 10, meters: [nothing.here]}
`,
      'p.yaml',
    );
    const plan = planTasks(config, entries);
    expect(plan.tasks.map((t) => [t.interval, t.sources.map((s) => [s.source.name, s.pollsters.map((p) => p.name)])])).toEqual([
      [60, [['a', ['cpu', 'disk.read', 'disk.write']], ['c', ['memory.usage']]]],
      [300, [['b', ['cpu', 'memory.usage', 'disk.read']]]],
    ]);
    expect(plan.missingMeters).toEqual([
      { source: 'c', meters: ['vcpus'] },
      { source: 'd', meters: ['nothing.here'] },
    ]);
  });
});
