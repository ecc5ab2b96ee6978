/**
 * The sample endpoint contract is the sdk's: a plugin can write an endpoint against the sdk alone,
 * (the pipeline re-exports it: packages/pipeline/test/notification/endpoints.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { FilteredSampleEndpoint, eventTypeFilter, makeSample, type Notification, type Sample } from '../src/index.js';

class OneSample extends FilteredSampleEndpoint {
  constructor() {
    super(['hardware.ipmi.*']);
  }
  buildSamples(n: Notification): readonly Sample[] {
    return [makeSample({ name: 'x', type: 'gauge', unit: 'u', volume: 1, resource_id: n.message_id })];
  }
}

const notification = (eventType: string): Notification => ({ event_type: eventType, payload: {}, publisher_id: null, priority: 'info', message_id: 'm', timestamp: '2024-05-01 12:00:00' });

describe('the sdk sample endpoint contract', () => {
  it('filters event types as oslo does (re.match of the joined patterns)', () => {
    const e = new OneSample();
    expect(e.accepts(notification('hardware.ipmi.metrics.update'))).toBe(true);
    expect(e.accepts(notification('x.hardware.ipmi'))).toBe(false);
    expect(e.buildSamples(notification('hardware.ipmi.a')).map((s) => s.resource_id)).toEqual(['m']);
    expect(eventTypeFilter([])('anything')).toBe(true);
  });
});
