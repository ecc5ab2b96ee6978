import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CoordinationUnavailableError, type MembershipEvent } from '@ceilometer-ts/sdk';
import { startEtcd, type EtcdService } from '@ceilometer-ts/test-services';
import type { Etcd3Driver } from '../src/index.js';
import { makeDriver, waitUntil } from './helpers.js';

describe('Etcd3Driver against a real etcd', () => {
  let etcd: EtcdService;
  let url: string;
  const drivers: Etcd3Driver[] = [];
  const driver = (member: string): Etcd3Driver => {
    const d = makeDriver(url, member);
    drivers.push(d);
    return d;
  };

  beforeAll(async () => {
    etcd = await startEtcd();
    url = `${etcd.url}?timeout=3`;
  });
  afterEach(async () => {
    await Promise.all(drivers.splice(0).map((d) => d.stop()));
  });
  afterAll(async () => {
    await etcd.stop();
  });

  it('joins, lists members sorted, leaves; join is idempotent; an unknown group has no members', async () => {
    const [a, b] = [driver('agent-b'), driver('agent-a')];
    await Promise.all([a.start(), b.start()]);
    expect(a.connected).toBe(true);
    await a.joinGroup('g1');
    await a.joinGroup('g1');
    await b.joinGroup('g1');
    expect(await a.getMembers('g1')).toEqual(['agent-a', 'agent-b']);
    expect(await b.getMembers('nobody-here')).toEqual([]);
    await a.leaveGroup('g1');
    expect(await b.getMembers('g1')).toEqual(['agent-a']);
  });

  it('a clean stop leaves every group at once (the lease is revoked)', async () => {
    const [a, b] = [driver('a'), driver('b')];
    await Promise.all([a.start(), b.start()]);
    await Promise.all([a.joinGroup('g2'), a.joinGroup('g3'), b.joinGroup('g2')]);
    expect(await b.getMembers('g3')).toEqual(['a']);
    await a.stop();
    expect(a.connected).toBe(false);
    expect(await b.getMembers('g2')).toEqual(['b']);
    expect(await b.getMembers('g3')).toEqual([]);
  });

  it('watch pushes joins and leaves (a revoked lease too), and stops after unsubscribe', async () => {
    const [watcher, a, b] = [driver('watcher'), driver('a'), driver('b')];
    await Promise.all([watcher.start(), a.start(), b.start()]);
    const events: MembershipEvent[] = [];
    const unsubscribe = watcher.watch('g4', (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 200)); // the watch stream opens asynchronously
    await a.joinGroup('g4');
    await b.joinGroup('g4');
    await a.joinGroup('g4'); // idempotent: no second join event
    await a.leaveGroup('g4');
    await b.stop();
    await waitUntil(() => events.length >= 4, 5000, 'four membership events');
    expect(events).toEqual([
      { type: 'join', group: 'g4', member: 'a' },
      { type: 'join', group: 'g4', member: 'b' },
      { type: 'leave', group: 'g4', member: 'a' },
      { type: 'leave', group: 'g4', member: 'b' },
    ]);
    unsubscribe();
    await a.joinGroup('g4');
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toHaveLength(4);
  });

  it('rejects with CoordinationUnavailableError when etcd cannot be reached', async () => {
    const nowhere = makeDriver('etcd3+http://127.0.0.1:1?timeout=2', 'x');
    const error = await nowhere.start().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CoordinationUnavailableError);
    expect((error as CoordinationUnavailableError).code).toBe('CEILO_ERR_COORDINATION_UNAVAILABLE');
    expect(nowhere.connected).toBe(false);
    await expect(nowhere.getMembers('g')).rejects.toBeInstanceOf(CoordinationUnavailableError);
  });
});
