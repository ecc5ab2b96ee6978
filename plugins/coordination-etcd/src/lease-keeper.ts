/**
 * The agent's membership lease and its replacement. The etcd3 client keeps a lease alive on its
 * own (a keepalive every TTL/3) and declares it lost when etcd says it expired (a network cut
 * longer than the TTL, an etcd whose data was wiped) or after 2 × TTL without a keepalive. Then a
 * new lease is granted, as tooz's etcd3gw driver does in heartbeat(), and every joined group's
 * member key is put back on it; until that succeeds, joins are refused as an outage.
 */
import type { Logger } from '@ceilometer-ts/sdk';
import type { Etcd3, Lease } from 'etcd3';

/** What the keeper asks of its driver. */
export interface LeaseKeeperHooks {
  /** Puts the member keys of every joined group on `lease`; resolves with how many. */
  rejoin(lease: Lease): Promise<number>;
  /** Whether etcd answered (keepalives) or not. */
  reachable(up: boolean, err?: unknown): void;
}

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 1_000;

/** Holds the membership lease, re-granting it (and re-joining) when the client loses it. */
export class LeaseKeeper {
  #lease: Lease | undefined;
  #lost = false;
  #stopped = false;
  #wake: (() => void) | undefined;

  constructor(
    private readonly client: Etcd3,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
    private readonly hooks: LeaseKeeperHooks,
  ) {}

  /** Grants the first lease; rejects with the client's error when etcd cannot be reached. */
  async start(): Promise<void> {
    const lease = this.#newLease();
    try {
      await lease.grant();
    } catch (err) {
      lease.release();
      throw err;
    }
    this.#lease = lease;
  }

  /** The live lease, or undefined while a lost one is being replaced. */
  current(): Lease | undefined {
    return this.#lost ? undefined : this.#lease;
  }

  /** Stops keepalives and re-grants, and revokes the lease (etcd deletes its keys). */
  async revoke(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    const lease = this.#lease;
    this.#lease = undefined;
    if (lease) await lease.revoke();
  }

  #newLease(): Lease {
    const lease = this.client.lease(this.ttlSeconds);
    lease.on('lost', (err: unknown) => this.#onLost(lease, err));
    lease.on('keepaliveFailed', (err: unknown) => this.hooks.reachable(false, err));
    lease.on('keepaliveSucceeded', () => this.hooks.reachable(true));
    return lease;
  }

  #onLost(lease: Lease, err: unknown): void {
    if (this.#stopped || this.#lost || lease !== this.#lease) return;
    this.#lost = true;
    const why = err instanceof Error ? err.message : String(err);
    this.logger.warn({ err }, `etcd membership lease lost (${why}): granting a new one and re-joining the groups`);
    this.#replace(lease).catch((error: unknown) => {
      this.logger.error({ err: error }, 'etcd membership lease: re-granting stopped on an unexpected error');
    });
  }

  /** Grants leases until one holds every member key again (or the driver stops). */
  async #replace(old: Lease): Promise<void> {
    let delay = FIRST_RETRY_MS;
    while (!this.#stopped) {
      const lease = this.#newLease();
      try {
        await lease.grant();
        const groups = await this.hooks.rejoin(lease);
        if (lease.revoked()) throw new Error('the new lease was lost while re-joining');
        if (this.#stopped) {
          await lease.revoke();
          return;
        }
        this.#lease = lease;
        this.#lost = false;
        // NOTE: etcd restarted from its data still holds the old lease; its keys are on the new one now
        old.revoke().catch(() => {});
        this.logger.info(`etcd membership restored: new lease, re-joined ${groups} group(s)`);
        this.hooks.reachable(true);
        return;
      } catch (err) {
        lease.release();
        this.hooks.reachable(false, err);
        await this.#sleep(delay);
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
