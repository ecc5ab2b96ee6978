import {
  CoordinationUnavailableError,
  type CoordinationDriver,
  type CoordinationDriverOptions,
  type MembershipEvent,
} from '@ceilometer-ts/sdk';

type Listener = (event: MembershipEvent) => void;

/**
 * A coordination backend in this process, for unit tests of code built on the Coordinator (polling
 * and notification partitioning): members expire `membershipTimeoutMs` after their last heartbeat
 * (every third of it, on real or fake timers), `setAvailable(false)` is an outage, `kill(memberId)`
 * a SIGKILL (heartbeats stop, the member stays listed until it expires).
 */
export class InMemoryCoordinationBackend {
  /** group → member → time (ms) its membership expires. */
  readonly #groups = new Map<string, Map<string, number>>();
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #drivers = new Map<string, InMemoryCoordinationDriver>();
  #available = true;

  get available(): boolean {
    return this.#available;
  }

  /** An outage (false) or its end (true); connected drivers see it on their next call. */
  setAvailable(available: boolean): void {
    this.#available = available;
  }

  /** Drops every membership, as a restarted Redis without persistence does. */
  wipe(): void {
    this.#groups.clear();
  }

  /** A driver for this backend (the shape of a `ceilometer.coordination` entry point's constructor). */
  driver(options: Pick<CoordinationDriverOptions, 'memberId' | 'membershipTimeoutMs'>): InMemoryCoordinationDriver {
    const driver = new InMemoryCoordinationDriver(this, options.memberId, options.membershipTimeoutMs);
    this.#drivers.set(options.memberId, driver);
    return driver;
  }

  /** Stops a member's heartbeats without leaving: it expires after its timeout. */
  kill(memberId: string): void {
    this.#drivers.get(memberId)?.abandon();
  }

  /** @internal */
  check(): void {
    if (!this.#available) throw new CoordinationUnavailableError('in-memory coordination backend unavailable');
  }

  /** @internal */
  beat(group: string, member: string, timeoutMs: number): void {
    this.check();
    let members = this.#groups.get(group);
    if (!members) this.#groups.set(group, (members = new Map()));
    const isNew = !members.has(member);
    members.set(member, Date.now() + timeoutMs);
    if (isNew) this.#emit({ type: 'join', group, member });
  }

  /** @internal */
  remove(group: string, member: string): void {
    this.check();
    if (this.#groups.get(group)?.delete(member)) this.#emit({ type: 'leave', group, member });
  }

  /** @internal */
  members(group: string): string[] {
    this.check();
    const members = this.#groups.get(group);
    if (!members) return [];
    const now = Date.now();
    for (const [member, expires] of [...members]) {
      if (expires > now) continue;
      members.delete(member);
      this.#emit({ type: 'leave', group, member });
    }
    return [...members.keys()].sort();
  }

  /** @internal */
  listen(group: string, listener: Listener): () => void {
    let set = this.#listeners.get(group);
    if (!set) this.#listeners.set(group, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  #emit(event: MembershipEvent): void {
    for (const listener of this.#listeners.get(event.group) ?? []) listener(event);
  }
}

/** The driver of {@link InMemoryCoordinationBackend}. */
export class InMemoryCoordinationDriver implements CoordinationDriver {
  readonly #groups = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #connected = false;
  /** Abandoned: as a killed process, it never talks to the backend again. */
  #dead = false;

  constructor(
    private readonly backend: InMemoryCoordinationBackend,
    readonly memberId: string,
    readonly membershipTimeoutMs: number,
  ) {}

  get connected(): boolean {
    return this.#connected && this.backend.available;
  }

  start(): Promise<void> {
    return this.#call(() => {
      this.backend.check();
      this.#connected = true;
      clearInterval(this.#timer);
      this.#timer = setInterval(() => this.#heartbeat(), Math.max(1, Math.floor(this.membershipTimeoutMs / 3)));
      this.#timer.unref();
    });
  }

  stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#connected = false;
    if (this.#dead) return Promise.resolve();
    return this.#call(() => {
      for (const group of this.#groups) this.backend.remove(group, this.memberId);
      this.#groups.clear();
    });
  }

  joinGroup(group: string): Promise<void> {
    return this.#call(() => {
      this.backend.beat(group, this.memberId, this.membershipTimeoutMs);
      this.#groups.add(group);
    });
  }

  leaveGroup(group: string): Promise<void> {
    return this.#call(() => {
      this.#groups.delete(group);
      this.backend.remove(group, this.memberId);
    });
  }

  getMembers(group: string): Promise<readonly string[]> {
    return this.#call(() => this.backend.members(group));
  }

  watch(group: string, listener: (event: MembershipEvent) => void): () => void {
    return this.backend.listen(group, (event) => {
      if (!this.#dead) listener(event);
    });
  }

  /** Heartbeats stop; the memberships stay until they expire. */
  abandon(): void {
    this.#dead = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#connected = false;
  }

  #heartbeat(): void {
    try {
      // re-adds memberships a wiped backend lost, as the Redis driver does
      for (const group of this.#groups) this.backend.beat(group, this.memberId, this.membershipTimeoutMs);
    } catch {
      // an outage: the next beat tries again
    }
  }

  #call<T>(body: () => T): Promise<T> {
    try {
      if (this.#dead) throw new CoordinationUnavailableError(`member ${this.memberId} was killed`);
      return Promise.resolve(body());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
