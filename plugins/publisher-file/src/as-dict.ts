/**
 * Upstream's `Event.as_dict()`: field order as upstream's constructor assigns them, which is the
 * order Python prints (`Sample.as_dict()` is sampleAsDict in @ceilometer-ts/publisher-common).
 */
import type { Event, PyDict } from '@ceilometer-ts/sdk';
import type { PlainValue } from './python-format.js';

/** The event as upstream's `event.as_dict()` (traits as `{name, dtype, value}` dicts). */
export function eventAsDict(e: Event): Record<string, PlainValue> {
  return {
    message_id: e.message_id,
    event_type: e.event_type,
    generated: e.generated,
    traits: e.traits.map((t) => ({ name: t.name, dtype: t.dtype, value: t.value })),
    raw: e.raw as PyDict,
  };
}
