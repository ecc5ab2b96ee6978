/**
 * An in-memory coordination backend shared by several fake coordinators (agents in one test),
 * with an outage switch. Ownership is a plain modulo of a string hash over the sorted members:
 * enough to split work deterministically; the real hash ring is tested in its own package.
 */
import type { PollingCoordinator } from '../../src/index.js';

export class FakeBackend {
  readonly groups = new Map<string, Set<string>>();
  down = false;

  check(): void {
    if (this.down) throw new Error('backend unavailable');
  }
}

function hash(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return h;
}

export class FakeCoordinator implements PollingCoordinator {
  readonly #cached = new Map<string, readonly string[]>();
  readonly joins: string[] = [];
  readonly leaves: string[] = [];

  constructor(
    readonly backend: FakeBackend,
    readonly memberId: string,
  ) {}

  async joinGroup(group: string): Promise<void> {
    this.backend.check();
    let members = this.backend.groups.get(group);
    if (!members) this.backend.groups.set(group, (members = new Set()));
    members.add(this.memberId);
    this.joins.push(group);
  }

  async leaveGroup(group: string): Promise<void> {
    this.backend.check();
    this.backend.groups.get(group)?.delete(this.memberId);
    this.#cached.delete(group);
    this.leaves.push(group);
  }

  async refresh(): Promise<void> {
    if (this.backend.down) return; // keeps the last known membership
    for (const [group, members] of this.backend.groups) {
      if (members.has(this.memberId)) this.#cached.set(group, [...members].sort());
    }
  }

  members(group: string): readonly string[] {
    return this.#cached.get(group) ?? [];
  }

  extractMyItems<T>(group: string, items: readonly T[], keyOf: (item: T) => string): T[] {
    const members = this.members(group);
    return items.filter((item) => members[hash(keyOf(item)) % members.length] === this.memberId);
  }

  stopped = false;
  async stop(): Promise<void> {
    this.stopped = true;
    for (const members of this.backend.groups.values()) members.delete(this.memberId);
  }

  /** A member dying without a word: gone from every group. */
  static kill(backend: FakeBackend, memberId: string): void {
    for (const members of backend.groups.values()) members.delete(memberId);
  }
}
