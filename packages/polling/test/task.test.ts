import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PollingTask } from '../src/index.js';
import { recordingLogger } from './helpers/fakes.js';

describe('PollingTask', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at start then on slots aligned to the start, without drift', async () => {
    const starts: number[] = [];
    const task = new PollingTask(10, async () => {
      starts.push(Date.now());
      await new Promise((r) => setTimeout(r, 3000));
    }, recordingLogger());
    task.start();
    await vi.advanceTimersByTimeAsync(35_000);
    expect(starts).toEqual([0, 10_000, 20_000, 30_000]);
    await task.stop();
  });

  it('does not stack an overrunning cycle: skips the missed slots and reports them', async () => {
    const starts: number[] = [];
    const overruns: number[] = [];
    const logger = recordingLogger();
    let first = true;
    const task = new PollingTask(
      10,
      async () => {
        starts.push(Date.now());
        if (first) {
          first = false;
          await new Promise((r) => setTimeout(r, 25_000));
        }
      },
      logger,
      (n) => overruns.push(n),
    );
    task.start();
    await vi.advanceTimersByTimeAsync(41_000);
    expect(starts).toEqual([0, 30_000, 40_000]);
    expect(overruns).toEqual([2]);
    expect(logger.lines.some((l) => l.startsWith('warn: polling cycle of interval 10s took longer than its interval; skipping 2'))).toBe(true);
    await task.stop();
  });

  it('stop waits for the cycle in flight and schedules nothing more', async () => {
    let runs = 0;
    let finished = false;
    const task = new PollingTask(10, async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 5000));
      finished = true;
    }, recordingLogger());
    task.start();
    const stopped = task.stop();
    await vi.advanceTimersByTimeAsync(5000);
    await stopped;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(1);
  });

  it('one slow task never blocks another', async () => {
    const fast: number[] = [];
    const slow = new PollingTask(60, () => new Promise((r) => setTimeout(r, 100_000)), recordingLogger());
    const quick = new PollingTask(10, async () => {
      fast.push(Date.now());
    }, recordingLogger());
    slow.start();
    quick.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fast).toEqual([0, 10_000, 20_000, 30_000]);
    await quick.stop();
    const s = slow.stop();
    await vi.advanceTimersByTimeAsync(100_000);
    await s;
  });

  it('runCycles runs N cycles on the schedule, then stops and resolves', async () => {
    const starts: number[] = [];
    const task = new PollingTask(10, async () => {
      starts.push(Date.now());
      await new Promise((r) => setTimeout(r, 1000));
    }, recordingLogger());
    let done = false;
    const run = task.runCycles(3).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(20_500);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(done).toBe(true);
    await run;
    // no fourth cycle
    await vi.advanceTimersByTimeAsync(30_000);
    expect(starts).toEqual([0, 10_000, 20_000]);
  });

  it('runCycles resolves at stop() after the cycle in flight, and refuses a running task', async () => {
    let cycles = 0;
    const task = new PollingTask(10, async () => {
      cycles += 1;
      await new Promise((r) => setTimeout(r, 1000));
    }, recordingLogger());
    const run = task.runCycles(100);
    await expect(task.runCycles(1)).rejects.toThrow('already running');
    await vi.advanceTimersByTimeAsync(10_500);
    const stopped = task.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    await stopped;
    await run;
    expect(cycles).toBe(2);
  });
});
