/**
 * The behaviour every `ceilometer.coordination` driver must show, as one vitest suite that each
 * driver package runs against its real backend (`*.redis.test.ts`, `*.etcd.test.ts`).
 */
import { randomUUID } from 'node:crypto';
import { CoordinationUnavailableError, type CoordinationDriver, type MembershipEvent } from '@ceilometer-ts/sdk';
import { afterEach, describe, expect, it } from 'vitest';

/** A member the suite can crash. */
export interface CrashableMember {
  /** Ends it without a goodbye (SIGKILL); resolves once it is dead. */
  crash(): Promise<void>;
}

/** How the suite gets drivers and, optionally, controls the backend. */
export interface DriverConformanceOptions {
  /** A new, not started driver for the backend under test (called inside the tests, after `beforeAll`). */
  makeDriver(options: { readonly memberId: string; readonly membershipTimeoutMs: number }): CoordinationDriver | Promise<CoordinationDriver>;
  /** The membership timeout the drivers get (default 2000 ms: the expiry tests wait about that long). */
  readonly membershipTimeoutMs?: number;
  /**
   * Starts a member that joins `group` and can be ended the way a crash ends it (a child process to
   * SIGKILL: see `spawnMemberProcess`); resolves once it joined. Without it the expiry test is skipped.
   */
  startCrashableMember?(options: { readonly memberId: string; readonly group: string; readonly membershipTimeoutMs: number }): Promise<CrashableMember>;
  /** Takes the backend away and brings it back (same address). Without it the outage tests are skipped. */
  readonly outage?: { down(): Promise<void>; up(): Promise<void> };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Registers the conformance suite for one driver. */
export function runDriverConformance(describeName: string, options: DriverConformanceOptions): void {
  const timeoutMs = options.membershipTimeoutMs ?? 2000;
  describe(describeName, () => {
    const live: CoordinationDriver[] = [];
    const group = (): string => `conformance-${randomUUID().slice(0, 8)}`;
    const member = async (id = `m-${randomUUID().slice(0, 8)}`): Promise<CoordinationDriver> => {
      const driver = await options.makeDriver({ memberId: id, membershipTimeoutMs: timeoutMs });
      live.push(driver);
      return driver;
    };
    const started = async (id?: string): Promise<CoordinationDriver> => {
      const driver = await member(id);
      await driver.start();
      return driver;
    };

    afterEach(async () => {
      for (const driver of live.splice(0)) await driver.stop().catch(() => {});
    });

    it('start connects, stop disconnects', async () => {
      const driver = await member();
      expect(driver.connected).toBe(false);
      await driver.start();
      expect(driver.connected).toBe(true);
      await driver.stop();
      expect(driver.connected).toBe(false);
    });

    it('a member sees itself once joined; joining twice lists it once; an unknown group is empty', async () => {
      const g = group();
      const a = await started('member-a');
      expect(await a.getMembers(g)).toEqual([]);
      await a.joinGroup(g);
      await a.joinGroup(g);
      expect(await a.getMembers(g)).toEqual(['member-a']);
    });

    it('every member sees every member, sorted', async () => {
      const g = group();
      const drivers = [await started('m-c'), await started('m-a'), await started('m-b')];
      for (const d of drivers) await d.joinGroup(g);
      for (const d of drivers) expect(await d.getMembers(g)).toEqual(['m-a', 'm-b', 'm-c']);
    });

    it('leaveGroup removes the member for the others at once, other groups untouched', async () => {
      const [g1, g2] = [group(), group()];
      const a = await started('m-a');
      const b = await started('m-b');
      for (const d of [a, b]) for (const g of [g1, g2]) await d.joinGroup(g);
      await b.leaveGroup(g1);
      expect(await a.getMembers(g1)).toEqual(['m-a']);
      expect(await a.getMembers(g2)).toEqual(['m-a', 'm-b']);
    });

    it('stop leaves every group at once', async () => {
      const [g1, g2] = [group(), group()];
      const a = await started('m-a');
      const b = await started('m-b');
      for (const d of [a, b]) for (const g of [g1, g2]) await d.joinGroup(g);
      await b.stop();
      expect(await a.getMembers(g1)).toEqual(['m-a']);
      expect(await a.getMembers(g2)).toEqual(['m-a']);
    });

    it('heartbeats keep a live member listed well past the timeout', async () => {
      const g = group();
      const a = await started('m-a');
      const b = await started('m-b');
      await a.joinGroup(g);
      await b.joinGroup(g);
      await sleep(timeoutMs * 2);
      expect(await a.getMembers(g)).toEqual(['m-a', 'm-b']);
    });

    it.skipIf(!options.startCrashableMember)('a crashed member is gone within the timeout (plus slack)', async () => {
      const g = group();
      const a = await started('m-a');
      await a.joinGroup(g);
      const crashable = await options.startCrashableMember!({ memberId: 'm-crash', group: g, membershipTimeoutMs: timeoutMs });
      expect(await a.getMembers(g)).toEqual(['m-a', 'm-crash']);
      await crashable.crash();
      const crashedAt = Date.now();
      await sleep(timeoutMs / 3);
      // still listed for a while: nothing said goodbye
      expect(await a.getMembers(g)).toEqual(['m-a', 'm-crash']);
      await until('crashed member expired', async () => (await a.getMembers(g)).join() === 'm-a', timeoutMs * 2 + 2000);
      expect(Date.now() - crashedAt).toBeLessThanOrEqual(timeoutMs + 1000);
    });

    it('watch, when offered, pushes joins and leaves of other members', async () => {
      const g = group();
      const a = await started('m-a');
      if (!a.watch) return;
      await a.joinGroup(g);
      const events: MembershipEvent[] = [];
      const unwatch = a.watch(g, (event) => events.push(event));
      const b = await started('m-b');
      await b.joinGroup(g);
      await until('join event', () => Promise.resolve(events.some((e) => e.type === 'join' && e.member === 'm-b')), 5000);
      await b.leaveGroup(g);
      await until('leave event', () => Promise.resolve(events.some((e) => e.type === 'leave' && e.member === 'm-b')), 5000);
      unwatch();
      expect(events.every((e) => e.group === g)).toBe(true);
    });

    describe.skipIf(!options.outage)('backend outage', () => {
      afterEach(async () => {
        // a failed test must not leave the backend down for the next one
        await options.outage!.up().catch(() => {});
      });

      it('getMembers rejects with CoordinationUnavailableError; after recovery the members rejoin on their own', async () => {
        const g = group();
        const a = await started('m-a');
        const b = await started('m-b');
        await a.joinGroup(g);
        await b.joinGroup(g);
        await options.outage!.down();
        await until('getMembers rejecting during the outage', async () => {
          try {
            await a.getMembers(g);
            return false;
          } catch (error) {
            expect(error).toBeInstanceOf(CoordinationUnavailableError);
            return true;
          }
        }, 10_000);
        await options.outage!.up();
        // a backend that lost its data (Redis without persistence) has the members back within the timeout
        await until('members back after recovery', async () => (await a.getMembers(g)).join() === 'm-a,m-b', timeoutMs + 10_000);
        await until('connected again', () => Promise.resolve(a.connected && b.connected), 10_000);
      });

      it('start rejects with CoordinationUnavailableError while the backend is away, and works once it is back', async () => {
        await options.outage!.down();
        const a = await member('m-a');
        await expect(a.start()).rejects.toBeInstanceOf(CoordinationUnavailableError);
        await options.outage!.up();
        await a.start();
        const g = group();
        await a.joinGroup(g);
        expect(await a.getMembers(g)).toEqual(['m-a']);
      });
    });
  });
}
