/**
 * The etcd v3 coordination driver (`etcd3://`, `etcd3+http://`, `etcd3+https://`): one lease per
 * agent with TTL = the URL's timeout, kept alive by the etcd3 client; a member key per joined group
 * attached to that lease (tooz's layout, see membership-keys.ts). A member that dies leaves its
 * groups when etcd expires the lease (at most the TTL after its last keepalive); a clean stop
 * revokes the lease, which deletes every member key at once.
 */
import {
  CoordinationUnavailableError,
  redactUrl,
  type CoordinationDriver,
  type CoordinationDriverOptions,
  type Logger,
  type MembershipEvent,
} from '@ceilometer-ts/sdk';
import type { Etcd3, Lease } from 'etcd3';
import { createEtcdClient } from './etcd-client.js';
import { parseEtcdUrl, type EtcdConnectionSettings } from './etcd-url.js';
import { GroupWatch } from './group-watch.js';
import { groupKey, memberKey, memberOfKey } from './membership-keys.js';
import { LeaseKeeper } from './lease-keeper.js';

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The `ceilometer.coordination` driver for etcd 3 (entry points `etcd3`, `etcd3+http`, `etcd3+https`). */
export class Etcd3Driver implements CoordinationDriver {
  readonly #settings: EtcdConnectionSettings;
  readonly #memberId: string;
  readonly #where: string;
  readonly #logger: Logger;
  readonly #joined = new Set<string>();
  readonly #watches = new Set<GroupWatch>();
  #client: Etcd3 | undefined;
  #leases: LeaseKeeper | undefined;
  #connected = false;

  /** @throws CoordinationUrlError when the URL is not an etcd URL or has a bad parameter. */
  constructor(options: CoordinationDriverOptions) {
    this.#settings = parseEtcdUrl(options.url, options.membershipTimeoutMs);
    this.#memberId = options.memberId;
    this.#where = redactUrl(options.url.href);
    this.#logger = options.logger.child({ coordination: 'etcd3' });
  }

  get connected(): boolean {
    return this.#connected;
  }

  async start(): Promise<void> {
    if (this.#client) return;
    let client: Etcd3;
    try {
      client = await createEtcdClient(this.#settings);
    } catch (err) {
      throw new CoordinationUnavailableError(`etcd at ${this.#where}: cannot set up the client (TLS files): ${messageOf(err)}`, { cause: err });
    }
    const leases = new LeaseKeeper(client, this.#settings.leaseTtlSeconds, this.#logger, {
      rejoin: (lease) => this.#rejoin(client, lease),
      reachable: (up, err) => this.#setConnected(up, err),
    });
    try {
      await leases.start();
    } catch (err) {
      client.close();
      throw this.#unavailable('cannot grant the membership lease', err);
    }
    this.#client = client;
    this.#leases = leases;
    this.#setConnected(true);
    this.#logger.info(`coordination: etcd at ${this.#where}, member ${this.#memberId}, lease TTL ${this.#settings.leaseTtlSeconds} s`);
  }

  async stop(): Promise<void> {
    const client = this.#client;
    const leases = this.#leases;
    if (!client || !leases) return;
    this.#client = undefined;
    this.#leases = undefined;
    for (const watch of this.#watches) watch.close();
    this.#watches.clear();
    const groups = this.#joined.size;
    this.#joined.clear();
    try {
      // revoking the lease deletes every member key this agent holds: it leaves its groups at once
      await leases.revoke();
    } catch (err) {
      this.#logger.warn({ err }, `etcd at ${this.#where} unreachable at stop: this member leaves its ${groups} group(s) when its lease expires (${this.#settings.leaseTtlSeconds} s)`);
    } finally {
      client.close();
      this.#connected = false;
    }
  }

  async joinGroup(group: string): Promise<void> {
    const { client, leases } = this.#started();
    const lease = leases.current();
    if (!lease) throw this.#unavailable(`cannot join group ${group}`, new Error('the membership lease was lost; a new one is being granted'));
    try {
      await this.#putMembership(client, lease, group);
    } catch (err) {
      throw this.#unavailable(`cannot join group ${group}`, err);
    }
    this.#joined.add(group);
    this.#setConnected(true);
  }

  async leaveGroup(group: string): Promise<void> {
    const { client } = this.#started();
    try {
      await client.delete().key(memberKey(group, this.#memberId));
    } catch (err) {
      throw this.#unavailable(`cannot leave group ${group}`, err);
    }
    this.#joined.delete(group);
    this.#setConnected(true);
  }

  async getMembers(group: string): Promise<readonly string[]> {
    const { client } = this.#started();
    let keys: string[];
    try {
      keys = await client.getAll().prefix(groupKey(group)).keys();
    } catch (err) {
      throw this.#unavailable(`cannot list group ${group}`, err);
    }
    this.#setConnected(true);
    return keys.flatMap((key) => memberOfKey(group, key) ?? []).sort();
  }

  watch(group: string, listener: (event: MembershipEvent) => void): () => void {
    const { client } = this.#started();
    const watch = new GroupWatch(client, group, listener, this.#logger);
    this.#watches.add(watch);
    return () => {
      this.#watches.delete(watch);
      watch.close();
    };
  }

  /** The group key (no lease) if missing, as tooz creates it, then this member's key on `lease`. */
  async #putMembership(client: Etcd3, lease: Lease, group: string): Promise<void> {
    await client.if(groupKey(group), 'Version', '==', 0).then(client.put(groupKey(group)).value('')).commit();
    await lease.put(memberKey(group, this.#memberId)).value('');
  }

  /** Puts this member back in every joined group under a newly granted lease (etcd may have lost the groups too). */
  async #rejoin(client: Etcd3, lease: Lease): Promise<number> {
    const groups = [...this.#joined];
    for (const group of groups) await this.#putMembership(client, lease, group);
    // a group left while this ran must not keep the key just put back
    for (const group of groups) if (!this.#joined.has(group)) await client.delete().key(memberKey(group, this.#memberId));
    // a lost lease may mean a wiped etcd, whose revisions started again: watch from its current one
    for (const watch of this.#watches) watch.reopen();
    return groups.length;
  }

  #setConnected(up: boolean, err?: unknown): void {
    if (up === this.#connected || (up && !this.#client)) return;
    this.#connected = up;
    if (up) this.#logger.debug(`etcd at ${this.#where} reachable`);
    else this.#logger.debug({ err }, `etcd at ${this.#where} unreachable`);
  }

  #unavailable(what: string, err: unknown): CoordinationUnavailableError {
    this.#setConnected(false, err);
    return new CoordinationUnavailableError(`etcd at ${this.#where}: ${what}: ${messageOf(err)}`, { cause: err });
  }

  #started(): { client: Etcd3; leases: LeaseKeeper } {
    if (!this.#client || !this.#leases) throw new CoordinationUnavailableError(`etcd at ${this.#where}: the driver is not started`);
    return { client: this.#client, leases: this.#leases };
  }
}
