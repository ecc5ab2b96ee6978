/**
 * A consistent hash ring, computed as tooz's `HashRing` computes it (md5, 2^5 partitions per member
 * and weight), so that our agents and Python ones given the same member ids agree on every key.
 * Only node:crypto is used: the assignment depends on the member ids and the key bytes alone,
 * never on a per-process seed (upstream's Python `hash()` of a frozenset differs in each process).
 */
import { createHash } from 'node:crypto';

/** tooz's `HashRing.DEFAULT_PARTITION_NUMBER`. */
export const DEFAULT_RING_PARTITIONS = 2 ** 5;

/** Options of {@link HashRing}. */
export interface HashRingOptions {
  /** Points per member and weight unit (default 32, as tooz). */
  readonly partitions?: number;
}

/** What {@link HashRing.getNodes} may be told. */
export interface GetNodesOptions {
  /** Members to pass over (tooz's `ignore_nodes`). */
  readonly ignore?: Iterable<string>;
  /** How many distinct members to return (default 1). */
  readonly replicas?: number;
}

function bytesOf(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

function md5Hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

/** Index of the first point greater than `hash` (Python's `bisect.bisect`, i.e. bisect_right). */
function bisectRight(points: readonly string[], hash: string): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // md5 hex digests all have 32 digits: text order is numeric order
    if (hash < points[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Maps keys onto members by consistent hashing; adding one of N members moves about 1/N of the keys. */
export class HashRing {
  readonly partitions: number;
  readonly #weights = new Map<string, number>();
  /** Point (md5 hex) → member. */
  readonly #ring = new Map<string, string>();
  #points: string[] = [];

  constructor(members: Iterable<string> = [], options: HashRingOptions = {}) {
    this.partitions = options.partitions ?? DEFAULT_RING_PARTITIONS;
    if (!Number.isInteger(this.partitions) || this.partitions < 1) throw new RangeError(`partitions must be a positive integer, not ${this.partitions}`);
    this.addMembers(new Set(members));
  }

  /** The members, sorted. */
  get members(): readonly string[] {
    return [...this.#weights.keys()].sort();
  }

  /** Number of points on the ring. */
  get size(): number {
    return this.#points.length;
  }

  has(member: string): boolean {
    return this.#weights.has(member);
  }

  /** Adds members with one weight (a member of weight 2 gets twice the keys of one of weight 1). */
  addMembers(members: Iterable<string>, weight = 1): void {
    for (const member of members) {
      if (this.#weights.has(member)) this.#removePoints(member);
      for (const point of this.#pointsOf(member, weight)) this.#ring.set(point, member);
      this.#weights.set(member, weight);
    }
    this.#points = [...this.#ring.keys()].sort();
  }

  addMember(member: string, weight = 1): void {
    this.addMembers([member], weight);
  }

  /** Removes a member; false when it was not on the ring. */
  removeMember(member: string): boolean {
    if (!this.#weights.has(member)) return false;
    this.#removePoints(member);
    this.#weights.delete(member);
    this.#points = [...this.#ring.keys()].sort();
    return true;
  }

  /** The members owning `key` (at most `replicas`, distinct, in ring order). */
  getNodes(key: string | Uint8Array, options: GetNodesOptions = {}): string[] {
    const ignore = new Set(options.ignore ?? []);
    const candidates = [...this.#weights.keys()].filter((m) => !ignore.has(m)).length;
    const wanted = Math.min(options.replicas ?? 1, candidates);
    const found: string[] = [];
    if (wanted <= 0) return found;
    let partition = this.#partitionOf(key);
    while (found.length < wanted) {
      const member = this.#ring.get(this.#points[partition]!)!;
      if (!ignore.has(member) && !found.includes(member)) found.push(member);
      partition = partition + 1 < this.#points.length ? partition + 1 : 0;
    }
    return found;
  }

  /** The member owning `key`, or undefined on an empty ring. */
  getNode(key: string | Uint8Array): string | undefined {
    if (this.#points.length === 0) return undefined;
    return this.#ring.get(this.#points[this.#partitionOf(key)]!);
  }

  #partitionOf(key: string | Uint8Array): number {
    const position = bisectRight(this.#points, md5Hex(bytesOf(key)));
    return position < this.#points.length ? position : 0;
  }

  /** tooz's points: an md5 of the member id, fed the id again for each point and read after each feed. */
  *#pointsOf(member: string, weight: number): Generator<string> {
    const bytes = bytesOf(member);
    const hash = createHash('md5').update(bytes);
    for (let i = 0; i < this.partitions * weight; i += 1) {
      hash.update(bytes);
      yield hash.copy().digest('hex');
    }
  }

  #removePoints(member: string): void {
    for (const point of this.#pointsOf(member, this.#weights.get(member) ?? 1)) {
      if (this.#ring.get(point) === member) this.#ring.delete(point);
    }
  }
}
