/**
 * A `magnum.bay.metrics.update` notification with N metrics, shaped as magnum's periodic task sends
 * it (`magnum/service/periodic.py`, the corpus item `magnum:test_send_bay_metrics`) and as upstream's
 * meters.yaml `magnum` definition reads it (`$.payload.metrics.[*].name/unit/value`, lookup).
 * 10,000 metrics make a message of about 570 KB, the size of the one in issue 8.
 */
import type { Notification } from '../../src/index.js';

/** The payload metrics: `bay.metric.00000`, ... with float values. */
export function magnumMetrics(count: number): Array<{ name: string; value: number; unit: string }> {
  return Array.from({ length: count }, (_, i) => ({ name: `bay.metric.${String(i).padStart(5, '0')}`, value: 1000 + i + 0.5, unit: '%' }));
}

/** The flat oslo message (what the listener hands over as `message`). */
export function magnumMessage(count: number, id = `magnum-${count}-${Math.random().toString(36).slice(2)}`): Record<string, unknown> {
  return {
    message_id: id,
    publisher_id: 'magnum.conductor.host-1',
    event_type: 'magnum.bay.metrics.update',
    priority: 'INFO',
    timestamp: '2016-03-11 10:36:05.194913',
    payload: {
      user_id: 'fake_user',
      project_id: 'fake_project',
      resource_id: '5d12f6fd-a196-4bf0-ae4c-1f639a523a55',
      metrics: magnumMetrics(count),
    },
  };
}

/** The notification as endpoints see it. */
export function magnumNotification(count: number): Notification {
  const m = magnumMessage(count);
  return {
    event_type: m['event_type'] as string, payload: m['payload'], publisher_id: m['publisher_id'] as string, priority: 'info',
    message_id: m['message_id'] as string, timestamp: m['timestamp'] as string, ctxt: { user_id: 'fake_user', project_id: 'fake_project' },
  };
}
