import { HashRing, type HashRingOptions } from './hash-ring.js';

/**
 * One group's membership as last known, with the ring it gives: who owns a key. Immutable; the
 * coordinator makes a new one when the membership changes (tooz's Partitioner, without the watches).
 */
export class Partitioner {
  readonly ring: HashRing;

  constructor(
    readonly group: string,
    readonly memberId: string,
    /** The members, sorted; empty while membership was never read (then nothing belongs to self). */
    readonly members: readonly string[],
    options: HashRingOptions = {},
  ) {
    this.ring = new HashRing(members, options);
  }

  /** The members owning `key` (tooz's `members_for_object`). */
  membersFor(key: string, replicas = 1): string[] {
    return this.ring.getNodes(key, { replicas });
  }

  /** Whether this agent owns `key`. */
  belongsToSelf(key: string): boolean {
    return this.ring.getNode(key) === this.memberId;
  }

  /** The items this agent owns, in their order (upstream's `extract_my_subset`). */
  extractMyItems<T>(items: Iterable<T>, keyOf: (item: T) => string): T[] {
    const mine: T[] = [];
    for (const item of items) if (this.belongsToSelf(keyOf(item))) mine.push(item);
    return mine;
  }
}
