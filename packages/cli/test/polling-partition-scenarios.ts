/**
 * The multi-agent scenarios, run against one backend kind by `polling-partition.redis.test.ts` and
 * `polling-partition.etcd.test.ts`: three spawned agents share 300 static resources polled every
 * second; steady state, SIGKILL of one agent and its restart, a restart of the backend.
 */
import { expect } from 'vitest';
import { crashLines } from './polling-helpers.js';
import {
  coverageMs,
  Fleet,
  INTERVAL_S,
  largestGapMs,
  RESOURCE_COUNT,
  sleep,
  steadyReport,
  TIMEOUT_S,
  waitForAllMembers,
  type FleetAgent,
  type SteadyReport,
} from './polling-partition-helpers.js';

/** Seconds of steady state measured in each phase. */
const STEADY_S = 4;
/** A membership change is seen by every agent at its next cycle: one interval, plus start-up jitter. */
const SETTLE_MS = 2 * INTERVAL_S * 1000 + 500;

/** Prints one phase's figures (the spread per agent, gaps) so a run's log shows them. */
function print(label: string, report: SteadyReport): void {
  const shares = Object.entries(report.perAgent).map(([a, n]) => `${a}=${(n / report.intervals).toFixed(0)}`).join(' ');
  console.log(`${label}: resources per agent per interval ${shares}; gaps ${report.minGapMs}-${report.maxGapMs} ms over ${report.intervals} intervals`);
}

/** Every resource by exactly one agent, once per interval, in the window. */
function expectSteady(report: SteadyReport, agents: readonly string[]): void {
  expect(report.unpolled).toEqual([]);
  expect(report.sharedBySeveral).toEqual([]);
  expect(report.wrongCount).toEqual([]);
  expect(Object.keys(report.perAgent).sort()).toEqual([...agents].sort());
  // one poll per interval: never two within half an interval, never one missing
  expect(report.minGapMs).toBeGreaterThan(INTERVAL_S * 500);
  expect(report.maxGapMs).toBeLessThan(INTERVAL_S * 1500);
  const total = Object.values(report.perAgent).reduce((a, b) => a + b, 0);
  expect(Math.abs(total / report.intervals - RESOURCE_COUNT)).toBeLessThanOrEqual(RESOURCE_COUNT / report.intervals + 1);
}

/** Measures [now, now + STEADY_S) once it has passed. */
async function steadyWindow(fleet: Fleet): Promise<SteadyReport> {
  const from = Date.now();
  await sleep(STEADY_S * 1000 + 300);
  return steadyReport(fleet.samples(), from, from + STEADY_S * 1000);
}

function expectAlive(agents: readonly FleetAgent[]): void {
  for (const a of agents) {
    expect(a.process.child.exitCode, `${a.name} exited:\n${a.process.stderr().slice(-2000)}`).toBeNull();
    expect(crashLines(a.process.stderr())).toEqual([]);
  }
}

/** Three agents, steady; SIGKILL one; survivors cover within timeout + interval; restart; rebalanced. */
export async function killAndRestart(fleet: Fleet): Promise<void> {
  const [a, b, c] = ['a', 'b', 'c'].map((n) => fleet.start(n)) as [FleetAgent, FleetAgent, FleetAgent];
  await waitForAllMembers([a, b, c], 3, 60_000);
  await sleep(SETTLE_MS);
  const steady = await steadyWindow(fleet);
  print('three agents', steady);
  expectSteady(steady, ['a', 'b', 'c']);
  expect(a.process.stderr()).toMatch(/coordination through \S+ as member [0-9a-f-]{36}/);

  const killedAt = Date.now();
  b.process.child.kill('SIGKILL');
  await b.process.exited;
  await waitForAllMembers([a, c], 2, (TIMEOUT_S + 5 * INTERVAL_S) * 1000);
  const coveredWithin = (TIMEOUT_S + INTERVAL_S) * 1000;
  await sleep(coveredWithin - (Date.now() - killedAt) + SETTLE_MS);
  const samples = fleet.samples();
  const gap = largestGapMs(samples, killedAt - INTERVAL_S * 1000, Date.now() - INTERVAL_S * 1000);
  const coverage = coverageMs(samples, 'b', killedAt);
  console.log(`SIGKILL: survivors polled all of b's resources ${coverage} ms after the kill; largest gap of any resource ${gap.gapMs} ms (${gap.resource}); bound: timeout ${TIMEOUT_S} s + interval ${INTERVAL_S} s`);
  // within the heartbeat expiry plus one interval (and a second of slack for a loaded machine)
  expect(coverage).toBeDefined();
  expect(coverage!).toBeLessThanOrEqual(coveredWithin + 1000);
  // the last poll before the kill, the expiry, the survivors' next cycle, and that cycle's own length
  expect(gap.gapMs).toBeLessThanOrEqual(coveredWithin + 2 * INTERVAL_S * 1000);
  expect(a.process.stderr()).toMatch(/partitioning group \S+: 2 member\(s\), left: [0-9a-f-]{36}; this agent polls \d+ of 300 resource\(s\) \(gained [1-9]\d*, lost 0\)/);
  const survivors = await steadyWindow(fleet);
  print('after SIGKILL', survivors);
  expectSteady(survivors, ['a', 'c']);

  const b2 = fleet.start('b2');
  await waitForAllMembers([a, c, b2], 3, 60_000);
  await sleep(SETTLE_MS);
  const rebalanced = await steadyWindow(fleet);
  print('after restart', rebalanced);
  expectSteady(rebalanced, ['a', 'c', 'b2']);
  expectAlive([a, c, b2]);

  // a clean stop leaves the groups at once: the others take the share at their next cycle, not after the timeout
  await b2.process.stop('SIGTERM');
  const stoppedAt = Date.now();
  await sleep(2 * INTERVAL_S * 1000 + 500);
  const afterStop = coverageMs(fleet.samples(), 'b2', stoppedAt);
  console.log(`SIGTERM: survivors polled all of b2's resources ${afterStop} ms after it exited`);
  expect(afterStop).toBeDefined();
  expect(afterStop!).toBeLessThan(INTERVAL_S * 1000 + 700);
}

/** Three agents, steady; the backend restarts under them: they poll on, log it, rejoin; no double polling after. */
export async function backendRestart(fleet: Fleet, restart: () => Promise<void>): Promise<void> {
  const agents = ['a', 'b', 'c'].map((n) => fleet.start(n));
  await waitForAllMembers(agents, 3, 60_000);
  await sleep(SETTLE_MS);
  const before = await steadyWindow(fleet);
  expectSteady(before, ['a', 'b', 'c']);

  const downAt = Date.now();
  await restart();
  const upAt = Date.now();
  for (const a of agents) await a.process.waitFor(/coordination backend unavailable/, 20_000);
  // after recovery every agent is (again) in the group and has read it
  for (const a of agents) await a.process.waitFor(/coordination backend available again/, 30_000);
  await waitForAllMembers(agents, 3, 30_000);
  await sleep(SETTLE_MS);
  const gap = largestGapMs(fleet.samples(), downAt - INTERVAL_S * 1000, Date.now() - INTERVAL_S * 1000);
  console.log(`backend restart (down ${upAt - downAt} ms): largest gap of any resource ${gap.gapMs} ms`);
  // they kept polling with the last known membership: no resource went unpolled for long
  expect(gap.gapMs).toBeLessThanOrEqual((TIMEOUT_S + 2 * INTERVAL_S) * 1000);
  const after = await steadyWindow(fleet);
  print('after backend restart', after);
  expectSteady(after, ['a', 'b', 'c']);
  for (const a of agents) expect(a.process.count(/coordination backend unavailable/)).toBe(1);
  expectAlive(agents);
}
