/**
 * Ironic's sensor notification endpoints: master's behaviour (Power, the Current skip of
 * `Pwr Consumption`), the sample upstream's `Sample.from_notification` builds, and what fails a
 * whole message. The side by side with 19.0 is ironic.compat.test.ts.
 */
import type { Notification } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { IronicNotificationError } from '../src/notifications/errors.js';
import { CurrentSensorNotification, PowerSensorNotification, TemperatureSensorNotification } from '../src/notifications/ironic.js';
import { ironicCorpus, recordingLogger } from './ironic-corpus.js';

function item(id: string): Notification {
  return ironicCorpus().find((i) => i.id.startsWith(`ipmi_test_data.py:${id}`))!.notification;
}

function ironic(sensors: Record<string, unknown>, extra: Record<string, unknown> = {}): Notification {
  return {
    event_type: 'hardware.ipmi.metrics.update', priority: 'info', message_id: 'm-1', timestamp: '2024-05-01 12:00:00.000001', publisher_id: 'ironic-conductor.host-1',
    payload: { node_uuid: 'node-1', timestamp: '2024-05-01T11:59:59.5', event_type: 'hardware.ipmi.metrics.update', user_id: 'u-1', project_id: 'p-1', payload: sensors, ...extra },
  };
}

describe('Ironic sensor notifications (master)', () => {
  it('Power reports the power consumption sensor in W', () => {
    const [sample, ...rest] = new PowerSensorNotification().buildSamples(item('POWER_DATA'));
    expect(rest).toEqual([]);
    expect(sample).toMatchObject({
      name: 'hardware.ipmi.power', type: 'gauge', unit: 'W', volume: 154,
      resource_id: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123-pwr_consumption_(0x76)', user_id: null, project_id: null,
      timestamp: '2017-07-07T15:54:12.169510+00:00', source: 'openstack',
    });
    expect(sample!.resource_metadata).toMatchObject({ node: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123', event_type: 'hardware.ipmi.metrics.update', 'Sensor ID': 'Pwr Consumption (0x76)' });
  });

  it('Current leaves the Pwr Consumption sensor out (19.0 reported it as hardware.ipmi.current in W)', () => {
    const samples = new CurrentSensorNotification().buildSamples(item('CURRENT_DATA'));
    expect(samples.map((s) => [s.resource_id, s.volume, s.unit])).toEqual([['1be26c0b-03f2-4d2e-ae87-c02d7f33c123-current_1_(0x6b)', 0.8, 'Amps']]);
  });

  it('builds the sample as Sample.from_notification with the info dict: Ironic timestamp, ids from the payload, record + node + event_type + host', () => {
    const [s] = new TemperatureSensorNotification().buildSamples(ironic({ Temperature: { a: { 'Sensor ID': 'CPU1 Temp (0x36)', 'Sensor Reading': '41 (+/- 0.5) degrees C' } } }));
    expect(s).toMatchObject({ name: 'hardware.ipmi.temperature', unit: 'C', volume: 41, resource_id: 'node-1-cpu1_temp_(0x36)', user_id: 'u-1', project_id: 'p-1', timestamp: '2024-05-01T11:59:59.500000+00:00', monotonic_time: null });
    expect(s!.resource_metadata).toEqual({ 'Sensor ID': 'CPU1 Temp (0x36)', 'Sensor Reading': '41 (+/- 0.5) degrees C', node: 'node-1', event_type: 'hardware.ipmi.metrics.update', host: 'ironic-conductor.host-1' });
  });

  it('skips Disabled readings silently and logs unreadable ones, keeping the other sensors', () => {
    const logger = recordingLogger();
    const samples = new TemperatureSensorNotification({ logger }).buildSamples(ironic({ Temperature: {
      a: { 'Sensor ID': 'A', 'Sensor Reading': 'Disabled' },
      b: { 'Sensor ID': 'B', 'Sensor Reading': 'no reading' },
      c: { 'Sensor ID': 'C', 'Sensor Reading': '1_0.5 degrees C' },
      d: { 'Sensor ID': 'D', 'Sensor Reading': '20' },
    } }));
    expect(samples.map((s) => [s.resource_id, s.volume])).toEqual([['node-1-c', 10.5]]);
    expect(logger.warnings).toEqual(['invalid sensor data for node-1-b: unable to parse sensor reading: no reading', 'invalid sensor data for node-1-d: unable to parse sensor reading: 20']);
  });

  it('takes every hardware.ipmi.* event type and nothing else', () => {
    const endpoint = new PowerSensorNotification();
    expect(endpoint.accepts({ ...item('POWER_DATA'), event_type: 'hardware.ipmi.anything' })).toBe(true);
    expect(endpoint.accepts({ ...item('POWER_DATA'), event_type: 'hardware.ipmx' })).toBe(false);
    expect(endpoint.accepts({ ...item('POWER_DATA'), event_type: 'compute.instance.create.end' })).toBe(false);
  });

  it('fails the whole message where upstream raises: no Ironic timestamp, an empty one, a sensor type that is no dict', () => {
    const sensors = { Temperature: { a: { 'Sensor ID': 'A', 'Sensor Reading': '1 C' } } };
    const endpoint = new TemperatureSensorNotification();
    const noTimestamp = ironic(sensors);
    delete (noTimestamp.payload as Record<string, unknown>)['timestamp'];
    expect(() => endpoint.buildSamples(noTimestamp)).toThrow(IronicNotificationError);
    expect(() => endpoint.buildSamples(ironic(sensors, { timestamp: '' }))).toThrow(IronicNotificationError);
    expect(() => endpoint.buildSamples(ironic({ Temperature: ['a'] }))).toThrow(IronicNotificationError);
    expect(endpoint.buildSamples(ironic({ Fan: {} }))).toEqual([]);
  });
});
