/**
 * The event message: an Event as upstream puts it on the wire (`message_from_event`, built on
 * `Event.serialize()`), and back.
 */
import { TraitType, type Event, type Trait } from './event.js';
import { PyFloat, asPyValue, isPyDict, toMetadataValue, type PyDict, type PyValue } from './py-value.js';
import { computeSignature } from './signature.js';
import { WireFormatError } from './errors.js';

/**
 * One trait on the wire. Upstream's `Trait.serialize()` returns a tuple, so JSON carries
 * `[name, dtype, value]`, not an object.
 */
export type EventTraitTuple = readonly [name: string, dtype: number, value: PyValue];

/** One event on the wire, keys in upstream's order. A type alias so it is a {@link PyDict}. */
export type EventMessage = {
  readonly message_id: string;
  readonly event_type: string;
  /** `datetime.isoformat()` of the naive UTC time upstream holds (`2026-11-23T19:00:00.123456`). */
  readonly generated: string;
  readonly traits: readonly EventTraitTuple[];
  readonly raw: PyDict;
  readonly message_signature: string;
};

/** A trait value as upstream holds it: a float trait's value is a Python float (`5.0`, not `5`). */
function traitWireValue(trait: Trait): PyValue {
  return trait.dtype === TraitType.float && typeof trait.value === 'number' ? new PyFloat(trait.value) : trait.value;
}

/**
 * Upstream's `message_from_event`: the wire form of an event, signed with `secret`. A trait with no
 * dtype gets `none` (0) as upstream's `Trait()` gives it; values are sent as held (datetime traits
 * are already isoformat strings), float traits as floats (`5.0`, signed as `5.0`).
 * @throws WireFormatError when `raw` holds something JSON cannot carry.
 */
export function toEventMessage(event: Event, secret: string): EventMessage {
  let raw: PyValue;
  try {
    raw = asPyValue(event.raw, 'raw');
  } catch (err) {
    throw new WireFormatError(`event ${event.message_id}: ${(err as Error).message}`, { cause: err });
  }
  const unsigned: EventMessage = {
    message_id: event.message_id,
    event_type: event.event_type,
    generated: event.generated,
    traits: event.traits.map((t): EventTraitTuple => [t.name, t.dtype || TraitType.none, traitWireValue(t)]),
    raw: isPyDict(raw) ? raw : {},
    message_signature: '',
  };
  return { ...unsigned, message_signature: computeSignature(unsigned, secret) };
}

function traitFromWire(item: PyValue, index: number): Trait {
  let name: PyValue | undefined;
  let dtype: PyValue | undefined;
  let value: PyValue | undefined;
  if (Array.isArray(item) && item.length === 3) {
    [name, dtype, value] = item as readonly PyValue[];
  } else if (isPyDict(item)) {
    // Older consumers wrote traits as objects; accept both.
    ({ name, dtype, value } = item);
  } else {
    throw new WireFormatError(`event trait ${index} must be [name, dtype, value]`);
  }
  if (typeof name !== 'string') throw new WireFormatError(`event trait ${index}: name must be a string`);
  const code = typeof dtype === 'number' ? dtype : dtype === null || dtype === undefined ? 0 : NaN;
  if (!(code in TraitType) || !Number.isInteger(code)) throw new WireFormatError(`event trait ${name}: unknown dtype ${String(dtype)}`);
  let plain: string | number | bigint | null;
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') plain = value ?? null;
  else if (value instanceof PyFloat) plain = value.value;
  else throw new WireFormatError(`event trait ${name}: value must be a string, a number or null`);
  return { name, dtype: code as TraitType, value: plain };
}

function stringField(msg: PyDict, key: string): string {
  const value = msg[key];
  if (typeof value !== 'string') throw new WireFormatError(`event message "${key}" must be a string`);
  return value;
}

/**
 * The Event an event message describes (the reverse of {@link toEventMessage}): traits from
 * `[name, dtype, value]` tuples (objects accepted too), PyFloat values unwrapped (big ints kept), `raw` `{}` if absent.
 * @throws WireFormatError when a field is missing or of the wrong type.
 */
export function eventFromEventMessage(msg: PyDict): Event {
  const traits = msg['traits'] ?? [];
  if (!Array.isArray(traits)) throw new WireFormatError('event message "traits" must be a list');
  const raw = msg['raw'] ?? {};
  if (!isPyDict(raw)) throw new WireFormatError('event message "raw" must be an object');
  return {
    message_id: stringField(msg, 'message_id'),
    event_type: stringField(msg, 'event_type'),
    generated: stringField(msg, 'generated'),
    traits: (traits as readonly PyValue[]).map(traitFromWire),
    raw: toMetadataValue(raw) as Readonly<Record<string, unknown>>,
  };
}
