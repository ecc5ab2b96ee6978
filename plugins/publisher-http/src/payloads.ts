/**
 * The JSON bodies upstream's HttpPublisher posts: `sample.as_dict()` for samples (sampleAsDict,
 * from @ceilometer-ts/publisher-common), `event.serialize()` for events (traits as
 * `[name, dtype, value]`), or with `raw_only` the raw notification payload of each event that has
 * one. Serialised like Python's `json.dumps`.
 */
import { dumpsPyJson, toEventMessage, type Event, type PyDict, type PyValue } from '@ceilometer-ts/sdk';

/** `Event.serialize()`: the event message without a signature. */
export function serializeEvent(e: Event): PyDict {
  const { message_signature: _unsigned, ...rest } = toEventMessage(e, '');
  return rest;
}

/** `raw['payload']` when it is truthy in Python's sense, else undefined (the event is skipped). */
export function rawPayload(e: Event): PyValue | undefined {
  const payload = (e.raw as Record<string, unknown> | undefined)?.['payload'];
  if (payload === undefined || payload === null || payload === false || payload === 0 || payload === '') return undefined;
  if (Array.isArray(payload) && payload.length === 0) return undefined;
  if (typeof payload === 'object' && !Array.isArray(payload) && Object.keys(payload).length === 0) return undefined;
  return payload as PyValue;
}

/** `json.dumps(items)`. */
export function dumpsList(items: readonly PyValue[]): string {
  return dumpsPyJson(items);
}
