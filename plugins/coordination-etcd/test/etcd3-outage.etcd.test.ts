/**
 * Failures under a running driver: a member process SIGKILLed, etcd restarted (data kept), etcd down
 * longer than the client keeps a lease, etcd's data wiped. Vitest fails the file on any unhandled
 * rejection, so these also check that the etcd3 client's lease and watch errors are all handled.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnMemberProcess, type MemberProcess } from '@ceilometer-ts/coordination/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CoordinationUnavailableError, type MembershipEvent } from '@ceilometer-ts/sdk';
import { startEtcd, type EtcdService } from '@ceilometer-ts/test-services';
import type { Etcd3Driver } from '../src/index.js';
import { makeDriver, membersOrUndefined, recordingLogger, waitUntil } from './helpers.js';

const DRIVER_MODULE = fileURLToPath(new URL('../src/etcd3-driver.ts', import.meta.url));

describe('Etcd3Driver under failures', () => {
  let etcd: EtcdService;
  const drivers: Etcd3Driver[] = [];
  const children: MemberProcess[] = [];

  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterEach(async () => {
    for (const member of children.splice(0)) member.kill('SIGKILL');
    await Promise.all(drivers.splice(0).map((d) => d.stop()));
  });
  afterAll(async () => {
    await etcd.stop();
  });

  const driver = (member: string, timeoutSeconds: number, logger = recordingLogger()): Etcd3Driver => {
    const d = makeDriver(`${etcd.url}?timeout=${timeoutSeconds}`, member, logger);
    drivers.push(d);
    return d;
  };

  it('a SIGKILLed member process leaves its group within the lease TTL, seen by a watch', async () => {
    const observer = driver('observer', 2);
    await observer.start();
    const member = spawnMemberProcess({ module: DRIVER_MODULE, exportName: 'Etcd3Driver', url: `${etcd.url}?timeout=2`, memberId: 'doomed', membershipTimeoutMs: 2000, groups: ['gk'] });
    children.push(member);
    await member.ready;
    expect(await observer.getMembers('gk')).toEqual(['doomed']);
    const events: MembershipEvent[] = [];
    observer.watch('gk', (e) => events.push(e));
    member.kill('SIGKILL');
    await member.exited;
    const gone = await waitUntil(async () => (await observer.getMembers('gk')).length === 0, 6000, 'the killed member left');
    // TTL 2 s from its last keepalive (sent every TTL/3), plus etcd's expiry sweep (every 500 ms)
    expect(gone).toBeLessThanOrEqual(2000 + 1000);
    await waitUntil(() => events.length > 0, 2000, 'a leave event');
    expect(events).toEqual([{ type: 'leave', group: 'gk', member: 'doomed' }]);
  });

  it('etcd restarted in place: calls fail while it is down, then membership and watches carry on', async () => {
    const logger = recordingLogger();
    const [a, b] = [driver('a', 3, logger), driver('b', 3)];
    await Promise.all([a.start(), b.start()]);
    await Promise.all([a.joinGroup('gr'), b.joinGroup('gr')]);
    const events: MembershipEvent[] = [];
    a.watch('gr', (e) => events.push(e));
    await etcd.stopServer();
    await expect(a.getMembers('gr')).rejects.toBeInstanceOf(CoordinationUnavailableError);
    await expect(a.joinGroup('other')).rejects.toBeInstanceOf(CoordinationUnavailableError);
    expect(a.connected).toBe(false);
    await etcd.startServer();
    await waitUntil(async () => (await membersOrUndefined(a, 'gr')) !== undefined, 10_000, 'etcd answers again');
    expect(await a.getMembers('gr')).toEqual(['a', 'b']);
    expect(a.connected).toBe(true);
    // the watch stream came back too
    const c = driver('c', 3);
    await c.start();
    await c.joinGroup('gr');
    await waitUntil(() => events.some((e) => e.member === 'c'), 5000, 'the join after the restart is watched');
    // etcd restored the leases from its data: nothing was lost, nothing re-granted
    expect(logger.records.filter((r) => /lease lost/.test(r.msg))).toEqual([]);
  });

  it('etcd down longer than the client keeps a lease: a new lease is granted and the groups re-joined, logged once', async () => {
    const logger = recordingLogger();
    const [a, observer] = [driver('a', 1, logger), driver('observer', 1)];
    await Promise.all([a.start(), observer.start()]);
    await a.joinGroup('g-long1');
    await a.joinGroup('g-long2');
    await etcd.stopServer();
    // the etcd3 client gives a lease up after 2 × TTL without a keepalive
    await waitUntil(() => logger.records.some((r) => /lease lost/.test(r.msg)), 6000, 'the lease is declared lost');
    await new Promise((r) => setTimeout(r, 1500));
    await etcd.startServer();
    await waitUntil(() => logger.records.some((r) => /membership restored/.test(r.msg)), 10_000, 'membership restored');
    expect(await observer.getMembers('g-long1')).toEqual(['a']);
    expect(await observer.getMembers('g-long2')).toEqual(['a']);
    // the old lease (restored by etcd from its data) is revoked: after its TTL the member is still there
    await new Promise((r) => setTimeout(r, 2500));
    expect(await observer.getMembers('g-long1')).toEqual(['a']);
    expect(logger.records.filter((r) => /lease lost/.test(r.msg))).toHaveLength(1);
    expect(logger.records.filter((r) => /membership restored: new lease, re-joined 2 group/.test(r.msg))).toHaveLength(1);
  });

  it("etcd's data wiped: the lease is unknown to etcd, so a new one is granted and the groups created again", async () => {
    const logger = recordingLogger();
    const [a, observer] = [driver('a', 2, logger), driver('observer', 2)];
    await Promise.all([a.start(), observer.start()]);
    await a.joinGroup('g-wiped');
    const events: MembershipEvent[] = [];
    a.watch('g-wiped', (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 200));
    // the watch has seen revisions far beyond what the wiped etcd will reach soon
    for (let i = 0; i < 20; i += 1) {
      await observer.joinGroup('g-wiped');
      await observer.leaveGroup('g-wiped');
    }
    await waitUntil(() => events.length >= 40, 5000, 'the watch saw the churn');
    events.length = 0;
    await etcd.stopServer();
    await rm(join(etcd.dataDir, 'data'), { recursive: true, force: true });
    await etcd.startServer();
    await waitUntil(async () => (await membersOrUndefined(observer, 'g-wiped'))?.includes('a') === true, 10_000, 'a re-joined');
    expect(logger.records.filter((r) => /lease lost/.test(r.msg))).toHaveLength(1);
    expect(a.connected).toBe(true);
    await a.joinGroup('g-after');
    expect(await observer.getMembers('g-after')).toEqual(['a']);
    // etcd's revisions started again from 1: a watch resuming from its last revision would be deaf
    await observer.joinGroup('g-wiped');
    await waitUntil(() => events.some((e) => e.type === 'join' && e.member === 'observer'), 5000, 'the watch sees joins after the wipe');
  });
});
