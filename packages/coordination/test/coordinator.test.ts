import { silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { Coordinator, type MembershipChange } from '../src/index.js';
import { InMemoryCoordinationBackend } from '../src/testing/index.js';

interface Record_ {
  readonly level: string;
  readonly msg: string;
}

function recordingLogger(records: Record_[]): Logger {
  const at =
    (level: string) =>
    (a: unknown, b?: unknown): void => {
      records.push({ level, msg: typeof a === 'string' ? a : String(b ?? '') });
    };
  const logger: Logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'), child: () => logger };
  return logger;
}

const KEYS = Array.from({ length: 300 }, (_, i) => `resource-${i}`);
const TIMEOUT = 300;

describe('Coordinator (in-memory backend)', () => {
  const coordinators: Coordinator[] = [];
  afterEach(async () => {
    for (const c of coordinators.splice(0)) await c.stop();
  });

  function agent(backend: InMemoryCoordinationBackend, memberId: string, logger: Logger = silentLogger): Coordinator {
    const c = new Coordinator({ driver: backend.driver({ memberId, membershipTimeoutMs: TIMEOUT }), memberId, logger, retryInitialMs: 20, retryMaxMs: 50 });
    coordinators.push(c);
    return c;
  }

  async function refreshAll(agents: readonly Coordinator[]): Promise<void> {
    for (const a of agents) await a.refresh();
  }

  function owners(agents: readonly Coordinator[], group: string): number[] {
    return KEYS.map((k) => agents.filter((a) => a.belongsToSelf(group, k)).length);
  }

  it('three agents split the keys: every key owned by exactly one', async () => {
    const backend = new InMemoryCoordinationBackend();
    const agents = ['a', 'b', 'c'].map((id) => agent(backend, id));
    for (const a of agents) {
      await a.start();
      await a.joinGroup('g');
    }
    await refreshAll(agents);
    expect(owners(agents, 'g').every((n) => n === 1)).toBe(true);
    for (const a of agents) expect(a.members('g')).toEqual(['a', 'b', 'c']);
    const mine = agents.map((a) => a.extractMyItems('g', KEYS, (k) => k).length);
    expect(mine.reduce((x, y) => x + y)).toBe(KEYS.length);
    for (const n of mine) expect(n).toBeGreaterThan(40);
  });

  it('owns nothing before the membership was ever read, and everything alone', async () => {
    const backend = new InMemoryCoordinationBackend();
    backend.setAvailable(false);
    const a = agent(backend, 'a');
    await a.start();
    await a.joinGroup('g');
    expect(a.extractMyItems('g', KEYS, (k) => k)).toEqual([]);
    backend.setAvailable(true);
    await a.refresh();
    expect(a.extractMyItems('g', KEYS, (k) => k)).toEqual(KEYS);
  });

  it('keeps the last known membership through an outage, logging it once and the recovery once', async () => {
    const backend = new InMemoryCoordinationBackend();
    const records: Record_[] = [];
    const a = agent(backend, 'a', recordingLogger(records));
    const b = agent(backend, 'b');
    for (const x of [a, b]) {
      await x.start();
      await x.joinGroup('g');
    }
    await refreshAll([a, b]);
    const before = a.extractMyItems('g', KEYS, (k) => k);
    backend.setAvailable(false);
    for (let i = 0; i < 5; i += 1) await a.refresh();
    expect(a.available).toBe(false);
    expect(a.members('g')).toEqual(['a', 'b']);
    expect(a.extractMyItems('g', KEYS, (k) => k)).toEqual(before);
    backend.setAvailable(true);
    await a.refresh();
    expect(a.available).toBe(true);
    expect(records.filter((r) => r.level === 'warn' && r.msg.includes('unavailable'))).toHaveLength(1);
    expect(records.filter((r) => r.level === 'info' && r.msg.includes('available again'))).toHaveLength(1);
  });

  it('retries on its own after an outage, without being asked', async () => {
    const backend = new InMemoryCoordinationBackend();
    backend.setAvailable(false);
    const a = agent(backend, 'a');
    await a.start();
    await a.joinGroup('g');
    backend.setAvailable(true);
    await expect.poll(() => a.members('g'), { timeout: 2000 }).toEqual(['a']);
  });

  it('joins again when the backend lost its membership (restarted empty)', async () => {
    const backend = new InMemoryCoordinationBackend();
    const records: Record_[] = [];
    const a = agent(backend, 'a', recordingLogger(records));
    const b = agent(backend, 'b');
    for (const x of [a, b]) {
      await x.start();
      await x.joinGroup('g');
    }
    backend.wipe();
    await a.refresh();
    expect(a.members('g')).toContain('a');
    expect(records.some((r) => r.msg.includes('joining again'))).toBe(true);
    // b's heartbeat re-adds it too (timeout/3)
    await expect.poll(async () => (await a.refresh(), a.members('g')), { timeout: 2000 }).toEqual(['a', 'b']);
  });

  it('a killed member expires and its keys move to the survivors; a clean stop moves them at once', async () => {
    const backend = new InMemoryCoordinationBackend();
    const agents = ['a', 'b', 'c'].map((id) => agent(backend, id));
    for (const x of agents) {
      await x.start();
      await x.joinGroup('g');
    }
    await refreshAll(agents);
    const [a, b, c] = agents as [Coordinator, Coordinator, Coordinator];
    backend.kill('c');
    await refreshAll([a, b]);
    expect(a.members('g')).toEqual(['a', 'b', 'c']);
    await new Promise((r) => setTimeout(r, TIMEOUT + 50));
    await refreshAll([a, b]);
    expect(owners([a, b], 'g').every((n) => n === 1)).toBe(true);
    await b.stop();
    await a.refresh();
    expect(a.extractMyItems('g', KEYS, (k) => k)).toEqual(KEYS);
  });

  it('applies watch events at once and reports membership changes', async () => {
    const backend = new InMemoryCoordinationBackend();
    const a = agent(backend, 'a');
    const b = agent(backend, 'b');
    const changes: MembershipChange[] = [];
    a.onMembershipChange((change) => changes.push(change));
    await a.start();
    await a.joinGroup('g');
    await b.start();
    await b.joinGroup('g');
    // no refresh by a: the join event was pushed
    expect(a.members('g')).toEqual(['a', 'b']);
    await b.leaveGroup('g');
    expect(a.members('g')).toEqual(['a']);
    expect(changes.map((c) => [c.joined, c.left])).toEqual([
      [['a'], []],
      [['b'], []],
      [[], ['b']],
    ]);
  });

  it('refreshes on an interval when asked to', async () => {
    const backend = new InMemoryCoordinationBackend();
    const driver = backend.driver({ memberId: 'a', membershipTimeoutMs: TIMEOUT });
    const a = new Coordinator({ driver, memberId: 'a', logger: silentLogger, refreshIntervalMs: 30 });
    coordinators.push(a);
    // a driver without watch: only the interval brings b in
    Object.defineProperty(driver, 'watch', { value: undefined });
    await a.start();
    await a.joinGroup('g');
    const b = agent(backend, 'b');
    await b.start();
    await b.joinGroup('g');
    await expect.poll(() => a.members('g'), { timeout: 2000 }).toEqual(['a', 'b']);
  });

  it('concurrent refreshes share one run', async () => {
    const backend = new InMemoryCoordinationBackend();
    const a = agent(backend, 'a');
    await a.start();
    await a.joinGroup('g');
    const p1 = a.refresh();
    const p2 = a.refresh();
    expect(p2).toBe(p1);
    await Promise.all([p1, p2]);
  });
});
