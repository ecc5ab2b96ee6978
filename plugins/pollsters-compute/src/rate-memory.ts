/**
 * Previous values of a rate or delta meter, per resource: the last counter value and the monotonic
 * time it was read at. Memory stays bounded: resources not seen for three times the longest gap
 * between two polls of the pollster (at least ten minutes) are forgotten.
 */

/** Updated in place: one object per resource for its lifetime, not one per poll. */
interface Previous {
  value: number;
  /** Second counter (the request count of disk.device.latency). */
  base: number;
  time: number;
}

/** What a new reading gives against the previous one. */
export interface Change {
  /** Counter change; the new value itself when the counter went back (reset), as upstream's deltas. */
  readonly delta: number;
  readonly baseDelta: number;
  /** Seconds between the readings. */
  readonly seconds: number;
}

const MIN_KEEP_SECONDS = 600;

export class RateMemory {
  readonly #previous = new Map<string, Previous>();
  #lastPoll: number | undefined;
  #longestGap = 0;

  /** Records a reading; undefined on the first one of a resource. */
  update(resourceId: string, value: number, time: number, base = 0): Change | undefined {
    const previous = this.#previous.get(resourceId);
    if (!previous) {
      this.#previous.set(resourceId, { value, base, time });
      return undefined;
    }
    const delta = value - previous.value;
    const baseDelta = base - previous.base;
    const seconds = time - previous.time;
    previous.value = value;
    previous.base = base;
    previous.time = time;
    return { delta: delta < 0 ? value : delta, baseDelta: baseDelta < 0 ? base : baseDelta, seconds };
  }

  /** Called once per poll: forgets resources not read for long. */
  prune(now: number): void {
    if (this.#lastPoll !== undefined) this.#longestGap = Math.max(this.#longestGap, now - this.#lastPoll);
    this.#lastPoll = now;
    const keep = Math.max(3 * this.#longestGap, MIN_KEEP_SECONDS);
    for (const [id, previous] of this.#previous) if (now - previous.time > keep) this.#previous.delete(id);
  }

  /** Resources remembered (for tests). */
  get size(): number {
    return this.#previous.size;
  }
}
