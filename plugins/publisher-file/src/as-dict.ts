/**
 * Upstream's `Sample.as_dict()` and `Event.as_dict()`: field order as upstream's constructors
 * assign them, which is the order Python prints.
 */
import type { Event, Sample } from '@ceilometer-ts/sdk';
import type { PlainValue } from './python-format.js';

/** The sample as upstream's `sample.as_dict()`. */
export function sampleAsDict(s: Sample): Record<string, PlainValue> {
  return {
    name: s.name,
    type: s.type,
    unit: s.unit,
    volume: s.volume,
    user_id: s.user_id,
    project_id: s.project_id,
    resource_id: s.resource_id,
    timestamp: s.timestamp,
    resource_metadata: s.resource_metadata,
    source: s.source,
    id: s.id,
    monotonic_time: s.monotonic_time,
  };
}

/** The event as upstream's `event.as_dict()` (traits as `{name, dtype, value}` dicts). */
export function eventAsDict(e: Event): Record<string, PlainValue> {
  return {
    message_id: e.message_id,
    event_type: e.event_type,
    generated: e.generated,
    traits: e.traits.map((t) => ({ name: t.name, dtype: t.dtype, value: t.value })),
    raw: e.raw as Record<string, PlainValue>,
  };
}
