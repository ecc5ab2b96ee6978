import type { CoordinationDriver, Logger, MembershipEvent } from '@ceilometer-ts/sdk';
import { Partitioner } from './partitioner.js';

/** Options of {@link Coordinator}. */
export interface CoordinatorOptions {
  readonly driver: CoordinationDriver;
  /** The id the driver was made with. */
  readonly memberId: string;
  readonly logger: Logger;
  /** Ring points per member (default 32, as tooz). */
  readonly partitions?: number;
  /** First delay before retrying a failed start, join or refresh (default 500 ms); doubled up to `retryMaxMs`. */
  readonly retryInitialMs?: number;
  /** Longest delay between retries (default 10 s). */
  readonly retryMaxMs?: number;
  /** Also refresh every group this often (default 0: on `refresh()`, retries and watch events only). */
  readonly refreshIntervalMs?: number;
}

/** A group's membership changed: the ring, and so who owns what, changed with it. */
export interface MembershipChange {
  readonly group: string;
  readonly previous: readonly string[];
  readonly members: readonly string[];
  readonly joined: readonly string[];
  readonly left: readonly string[];
}

interface GroupState {
  /** The driver accepted our join (since the last start). */
  joined: boolean;
  partitioner: Partitioner;
  unwatch?: () => void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Work partitioning over a coordination driver, as upstream's agents use tooz: join groups (with
 * retry and backoff), read their members at the start of each cycle (`refresh()`) and on watch
 * events, and answer who owns a key from the last membership read. While the backend is away the
 * last known membership stays in force (the outage is logged once, the recovery once), so agents go
 * on sharing the work as they did; an agent that finds itself missing from a group (the backend
 * restarted empty, or expired it during a network loss) joins again. Until a group's membership was
 * read once, nothing in it belongs to this agent.
 */
export class Coordinator {
  readonly memberId: string;
  readonly #driver: CoordinationDriver;
  readonly #logger: Logger;
  readonly #partitions: number | undefined;
  readonly #retryInitialMs: number;
  readonly #retryMaxMs: number;
  readonly #refreshIntervalMs: number;
  readonly #groups = new Map<string, GroupState>();
  readonly #listeners = new Set<(change: MembershipChange) => void>();
  #started = false;
  #running = false;
  #available = true;
  #retryDelayMs: number;
  #retryTimer: NodeJS.Timeout | undefined;
  #intervalTimer: NodeJS.Timeout | undefined;
  /** Refreshes run one at a time; calls made while one waits share it. */
  #tail: Promise<void> = Promise.resolve();
  #queued: Promise<void> | undefined;

  constructor(options: CoordinatorOptions) {
    this.memberId = options.memberId;
    this.#driver = options.driver;
    this.#logger = options.logger;
    this.#partitions = options.partitions;
    this.#retryInitialMs = options.retryInitialMs ?? 500;
    this.#retryMaxMs = options.retryMaxMs ?? 10_000;
    this.#refreshIntervalMs = options.refreshIntervalMs ?? 0;
    this.#retryDelayMs = this.#retryInitialMs;
  }

  /** Whether the last exchange with the backend worked. */
  get available(): boolean {
    return this.#available;
  }

  /** The groups joined (or being joined), sorted. */
  get groups(): readonly string[] {
    return [...this.#groups.keys()].sort();
  }

  /** Connects (retrying in the background when the backend is away: never rejects for that). */
  async start(): Promise<void> {
    this.#running = true;
    if (this.#refreshIntervalMs > 0 && !this.#intervalTimer) {
      this.#intervalTimer = setInterval(() => this.#refreshInBackground(), this.#refreshIntervalMs);
      this.#intervalTimer.unref();
    }
    await this.refresh();
  }

  /** Leaves every group at once (the driver's stop) and stops retrying. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#intervalTimer);
    this.#retryTimer = this.#intervalTimer = undefined;
    for (const state of this.#groups.values()) state.unwatch?.();
    await this.#tail;
    if (!this.#started) return;
    this.#started = false;
    try {
      await this.#driver.stop();
    } catch (error) {
      this.#logger.warn({ err: messageOf(error) }, 'coordination: could not leave the groups cleanly; the backend expires this member');
    }
  }

  /** Joins `group` (in the background until the backend answers) and returns its partitioner as now known. */
  async joinGroup(group: string): Promise<Partitioner> {
    if (!this.#groups.has(group)) this.#groups.set(group, { joined: false, partitioner: this.#partitioner(group, []) });
    if (this.#running) await this.refresh();
    return this.partitioner(group);
  }

  async leaveGroup(group: string): Promise<void> {
    const state = this.#groups.get(group);
    if (!state) return;
    this.#groups.delete(group);
    state.unwatch?.();
    if (!state.joined || !this.#started) return;
    try {
      await this.#driver.leaveGroup(group);
    } catch (error) {
      this.#logger.warn({ group, err: messageOf(error) }, 'coordination: could not leave the group; the backend expires this member');
    }
  }

  /**
   * Reads the members of every group (joining those not joined yet). Never rejects: during an
   * outage the last known membership stays and a retry is scheduled.
   */
  refresh(): Promise<void> {
    if (this.#queued) return this.#queued;
    const run = this.#tail.then(async () => {
      this.#queued = undefined;
      await this.#refreshNow();
    });
    this.#queued = run;
    this.#tail = run;
    return run;
  }

  /** The partitioner of a group as last known (an empty one for a group not joined). */
  partitioner(group: string): Partitioner {
    return this.#groups.get(group)?.partitioner ?? this.#partitioner(group, []);
  }

  /** The members of a group as last known, sorted. */
  members(group: string): readonly string[] {
    return this.partitioner(group).members;
  }

  belongsToSelf(group: string, key: string): boolean {
    return this.partitioner(group).belongsToSelf(key);
  }

  extractMyItems<T>(group: string, items: Iterable<T>, keyOf: (item: T) => string): T[] {
    return this.partitioner(group).extractMyItems(items, keyOf);
  }

  /** Called after each change of a group's membership; returns the unsubscribe function. */
  onMembershipChange(listener: (change: MembershipChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #partitioner(group: string, members: readonly string[]): Partitioner {
    return new Partitioner(group, this.memberId, members, this.#partitions === undefined ? {} : { partitions: this.#partitions });
  }

  async #refreshNow(): Promise<void> {
    if (!this.#running) return;
    try {
      if (!this.#started) {
        await this.#driver.start();
        this.#started = true;
        for (const state of this.#groups.values()) state.joined = false;
      }
      for (const [group, state] of [...this.#groups]) {
        if (!state.joined) {
          await this.#driver.joinGroup(group);
          state.joined = true;
          this.#watch(group, state);
        }
        let members = await this.#driver.getMembers(group);
        if (!members.includes(this.memberId)) {
          this.#logger.info({ group }, 'coordination: this agent is not in the group any more (backend restarted or membership expired): joining again');
          await this.#driver.joinGroup(group);
          members = await this.#driver.getMembers(group);
        }
        if (this.#groups.get(group) === state) this.#setMembers(group, state, members);
      }
      this.#backendAnswered();
    } catch (error) {
      this.#backendFailed(error);
    }
  }

  #backendAnswered(): void {
    this.#retryDelayMs = this.#retryInitialMs;
    if (this.#available) return;
    this.#available = true;
    this.#logger.info({ groups: this.groups.length }, 'coordination backend available again: membership refreshed');
  }

  #backendFailed(error: unknown): void {
    if (this.#available) {
      this.#available = false;
      this.#logger.warn(
        { err: messageOf(error), groups: this.groups.length },
        'coordination backend unavailable: keeping the last known membership until it is back',
      );
    } else {
      this.#logger.debug({ err: messageOf(error) }, 'coordination backend still unavailable');
    }
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    if (!this.#running || this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#refreshInBackground();
    }, this.#retryDelayMs);
    this.#retryTimer.unref();
    this.#retryDelayMs = Math.min(this.#retryDelayMs * 2, this.#retryMaxMs);
  }

  #refreshInBackground(): void {
    // refresh() never rejects; the catch only satisfies the promise rules
    this.refresh().catch((error: unknown) => this.#logger.error({ err: messageOf(error) }, 'coordination refresh failed'));
  }

  #watch(group: string, state: GroupState): void {
    if (state.unwatch || !this.#driver.watch) return;
    state.unwatch = this.#driver.watch(group, (event) => this.#onEvent(event));
  }

  /** Applies a pushed join/leave at once, then reads the group again to confirm. */
  #onEvent(event: MembershipEvent): void {
    const state = this.#groups.get(event.group);
    if (!state || !this.#running) return;
    if (event.member !== this.memberId) {
      const current = new Set(state.partitioner.members);
      if (event.type === 'join') current.add(event.member);
      else current.delete(event.member);
      this.#setMembers(event.group, state, [...current]);
    }
    this.#refreshInBackground();
  }

  #setMembers(group: string, state: GroupState, members: readonly string[]): void {
    const sorted = [...new Set(members)].sort();
    const previous = state.partitioner.members;
    if (sorted.length === previous.length && sorted.every((m, i) => m === previous[i])) return;
    state.partitioner = this.#partitioner(group, sorted);
    const before = new Set(previous);
    const after = new Set(sorted);
    const change: MembershipChange = {
      group,
      previous,
      members: sorted,
      joined: sorted.filter((m) => !before.has(m)),
      left: previous.filter((m) => !after.has(m)),
    };
    this.#logger.info(
      { group, members: sorted.length, joined: change.joined, left: change.left },
      `coordination group ${group}: ${sorted.length} member(s)`,
    );
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#logger.error({ group, err: messageOf(error) }, 'coordination: a membership listener threw');
      }
    }
  }
}
