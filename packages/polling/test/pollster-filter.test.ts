import { describe, expect, it } from 'vitest';
import { filterPollsters, PollsterListError, PollsterListForbiddenError } from '../src/index.js';

const entries = ['cpu', 'cpu_util', 'disk.read.bytes', 'memory.usage'].map((name) => ({ name }));

describe('--pollster-list', () => {
  it('keeps pollsters matching any shell glob', () => {
    expect(filterPollsters(entries, ['cpu*', 'disk.*']).map((e) => e.name)).toEqual(['cpu', 'cpu_util', 'disk.read.bytes']);
    expect(filterPollsters(entries, undefined)).toHaveLength(4);
  });

  it('fails naming the patterns and the available pollsters when nothing matches', () => {
    const run = () => filterPollsters(entries, ['net.*', 'foo']);
    expect(run).toThrow(PollsterListError);
    expect(run).toThrow('--pollster-list net.* foo matches no installed pollster (available: cpu, cpu_util, disk.read.bytes, memory.usage)');
  });

  it('is refused with coordination', () => {
    expect(() => filterPollsters(entries, ['cpu'], { coordination: true })).toThrow(PollsterListForbiddenError);
  });
});
