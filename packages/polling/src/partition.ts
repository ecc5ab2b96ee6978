/**
 * Workload partitioning of the polling agent (upstream's `partition_coordinator` + `hashrings`):
 * joins the groups the plan needs, refreshes their membership at the start of every cycle, keeps
 * the resources the hash ring gives this member, and logs at INFO when a group's membership
 * changed (who joined, who left, how many resources this agent gained and lost).
 */
import type { Logger } from '@ceilometer-ts/sdk';
import type { PartitionGroups } from './partition-groups.js';

/**
 * What the agent needs of a coordinator (`@ceilometer-ts/coordination`'s `Coordinator` has it):
 * membership cached per group, kept as last known while the backend is away.
 */
export interface PollingCoordinator {
  readonly memberId: string;
  /** Joins (creating the group if needed); the coordinator retries on its own while the backend is away. */
  joinGroup(group: string): Promise<unknown>;
  leaveGroup(group: string): Promise<void>;
  /** Reads the members of every joined group again; on an outage keeps the last known ones. Never rejects. */
  refresh(): Promise<void>;
  /** Last known members of `group`, sorted (empty before the first read). */
  members(group: string): readonly string[];
  /** The items of `group` the hash ring assigns to this member (none before the first read). */
  extractMyItems<T>(group: string, items: readonly T[], keyOf: (item: T) => string): T[];
  /** Leaves every group at once and stops heartbeating. */
  stop?(): Promise<void>;
}

/** What was logged last for one group: its members and the keys this agent owned. */
interface GroupView {
  members: readonly string[];
  owned: ReadonlySet<string> | undefined;
}

/** One agent's share of the plan's groups. */
export class PollingPartition {
  readonly #coordinator: PollingCoordinator;
  readonly #logger: Logger;
  #groups: PartitionGroups | undefined;
  readonly #views = new Map<string, GroupView>();
  /** Groups joined, and groups whose failed join was logged (once, until it succeeds). */
  readonly #joined = new Set<string>();
  readonly #unjoinedWarned = new Set<string>();
  #refreshing: Promise<void> | undefined;

  constructor(coordinator: PollingCoordinator, logger: Logger) {
    this.#coordinator = coordinator;
    this.#logger = logger;
  }

  get memberId(): string {
    return this.#coordinator.memberId;
  }

  /** The groups in use. */
  get groups(): PartitionGroups | undefined {
    return this.#groups;
  }

  /**
   * The groups of a (new) plan: joined, and those no longer needed left, at the next `refresh()`
   * (the start of the next cycle), so `start()` and `reload()` need not wait for the backend.
   */
  useGroups(groups: PartitionGroups): void {
    this.#groups = groups;
  }

  /**
   * Before every cycle: joins and leaves as the plan needs, then reads the members of every group
   * as the backend has them now (the coordinator keeps the last known ones during an outage).
   * Never rejects: a group it could not join is retried next cycle. Until a group's members were
   * read once, none of its resources belongs to this agent (as the coordinator answers): an agent
   * that starts while the backend is away polls nothing of it, as upstream's, which does not start.
   */
  refresh(): Promise<void> {
    // two tasks (intervals) starting together share one read
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    const wanted = new Set(this.#groups?.all ?? []);
    for (const g of [...this.#joined]) {
      if (wanted.has(g)) continue;
      this.#joined.delete(g);
      this.#views.delete(g);
      await this.#coordinator.leaveGroup(g).catch((err: unknown) => this.#logger.warn({ err, group: g }, `could not leave partitioning group ${g}: ${errorText(err)}`));
    }
    const joined: string[] = [];
    for (const g of wanted) {
      if (this.#joined.has(g)) continue;
      try {
        await this.#coordinator.joinGroup(g);
        this.#joined.add(g);
        this.#unjoinedWarned.delete(g);
        joined.push(g);
      } catch (err) {
        if (this.#unjoinedWarned.has(g)) continue;
        this.#unjoinedWarned.add(g);
        this.#logger.warn(
          { err, group: g, member: this.memberId },
          `could not join partitioning group ${g}: ${errorText(err)}; this agent polls none of its resources until it joins (retried every cycle)`,
        );
      }
    }
    if (joined.length > 0) this.#logger.info({ member: this.memberId, groups: joined }, `joined partitioning group(s) ${joined.join(', ')} as member ${this.memberId}`);
    await this.#coordinator.refresh().catch((err: unknown) => this.#logger.warn({ err }, `could not refresh partitioning groups: ${errorText(err)}`));
  }

  /**
   * Leaves every group (the agent calls it once its last cycle ended, before flushing its sink, so
   * the others take this agent's share at their next cycle however long the flush takes).
   */
  async stop(): Promise<void> {
    try {
      await this.#coordinator.stop?.();
    } catch (err) {
      this.#logger.warn({ err }, `could not leave the partitioning groups: ${errorText(err)}; the backend expires this member`);
    }
  }

  /** The static resources of `source` this agent polls. */
  ownStatic<T>(sourceName: string, resources: readonly T[], keyOf: (item: T) => string): readonly T[] {
    const group = this.#groups?.bySource.get(sourceName);
    return group === undefined ? resources : this.#own(group, resources, keyOf);
  }

  /** The resources found by discovery `name` this agent polls (all of them when it has no group id). */
  ownDiscovered<T>(discoveryName: string, resources: readonly T[], keyOf: (item: T) => string): readonly T[] {
    const group = this.#groups?.byDiscovery.get(discoveryName);
    return group === undefined ? resources : this.#own(group, resources, keyOf);
  }

  #own<T>(group: string, items: readonly T[], keyOf: (item: T) => string): readonly T[] {
    const mine = this.#coordinator.extractMyItems(group, items, keyOf);
    const members = this.#coordinator.members(group);
    const view = this.#views.get(group);
    if (view && sameList(view.members, members)) return mine;
    // Membership changed (or first use): say what moved, as counts.
    const owned = new Set(mine.map(keyOf));
    const joined = members.filter((m) => !view?.members.includes(m));
    const left = view ? view.members.filter((m) => !members.includes(m)) : [];
    let gained = owned.size;
    let lost = 0;
    if (view?.owned) {
      gained = [...owned].filter((k) => !view.owned!.has(k)).length;
      lost = [...view.owned].filter((k) => !owned.has(k)).length;
    }
    this.#views.set(group, { members, owned });
    this.#logger.info(
      { group, member: this.memberId, members: members.length, joined, left, owned: owned.size, total: items.length, gained, lost },
      `partitioning group ${group}: ${members.length} member(s)` +
        (joined.length > 0 && view ? `, joined: ${joined.join(', ')}` : '') +
        (left.length > 0 ? `, left: ${left.join(', ')}` : '') +
        `; this agent polls ${owned.size} of ${items.length} resource(s) (gained ${gained}, lost ${lost})`,
    );
    return mine;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
