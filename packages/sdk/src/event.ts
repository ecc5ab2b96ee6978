/**
 * Events and traits, as upstream's `ceilometer.event.models`.
 */

/** Upstream's trait dtype codes: NONE 0, TEXT 1, INT 2, FLOAT 3, DATETIME 4. */
export enum TraitType {
  none = 0,
  text = 1,
  int = 2,
  float = 3,
  datetime = 4,
}

/** One trait of an event: a name, upstream's type code and the value. */
export interface Trait {
  readonly name: string;
  readonly dtype: TraitType;
  /** Text and datetime traits hold strings, float traits numbers, int traits numbers or (beyond 2^53, exact) bigints. */
  readonly value: string | number | bigint | null;
}

/** An event (upstream's `models.Event`), as event definitions build it from a notification. */
export interface Event {
  readonly message_id: string;
  readonly event_type: string;
  /** ISO 8601 UTC. */
  readonly generated: string;
  readonly traits: readonly Trait[];
  /** The raw notification when `[event] store_raw` asks for it, else {}. */
  readonly raw: Readonly<Record<string, unknown>>;
}
