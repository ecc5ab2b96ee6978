/**
 * Ironic's sensor notifications (`hardware.ipmi.metrics.update`) as samples: upstream master's
 * `ceilometer/ipmi/notifications/ironic.py`. One message holds many sensors grouped by type
 * (`payload.payload.Temperature["CPU1 Temp (0x36)"] = {"Sensor ID": ..., "Sensor Reading": ...}`);
 * each endpoint reads one type. Master's behaviour where it differs from 19.0: the Power endpoint,
 * and `Pwr Consumption` sensors skipped by the Current endpoint (the Power one reports them).
 */
import {
  DEFAULT_SAMPLE_SOURCE, FilteredSampleEndpoint, isPyDict, pyStr, sampleTimestamp, toMetadataValue, uuid1,
  type EndpointContext, type Logger, type MetadataValue, type Notification, type PyValue, type Sample,
} from '@ceilometer-ts/sdk';
import { InvalidSensorDataError, parseReading, POWER_SENSOR, transformId, validateReading } from '../sensor-reading.js';
import { IronicNotificationError } from './errors.js';

/** The sensor types Ironic reports, as they key `payload.payload`. */
export type SensorMetric = 'Temperature' | 'Current' | 'Fan' | 'Voltage' | 'Power';

type Dict = Readonly<Record<string, unknown>>;

/** `d[key]` where Python would raise TypeError for a `d` that is not a dict. */
function member(d: unknown, key: string, what: string): unknown {
  if (!isPyDict(d)) throw new IronicNotificationError(`${what} is not a dict`);
  return (d as Dict)[key];
}

/** The sensor records of one type (`_get_sample`): none when the type is absent. */
function sensorsOf(payload: unknown, metric: SensorMetric): unknown[] {
  const sensors = member(payload, 'payload', 'the notification payload');
  if (sensors === undefined) return [];
  const ofType = member(sensors, metric, 'payload.payload');
  if (ofType === undefined) return [];
  if (!isPyDict(ofType)) throw new IronicNotificationError(`payload.payload.${metric} is not a dict`);
  return Object.values(ofType as Dict);
}

/** A required string of the message (a missing key or another type fails the whole message upstream). */
function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new IronicNotificationError(`${what} is ${value === undefined ? 'missing' : 'not a string'}`);
  return value;
}

/** `user_id`/`project_id` as upstream's `payload.get(...)`: absent is null. */
function optionalId(value: unknown): string | null {
  return value === undefined || value === null ? null : String(value);
}

/** Base of the five endpoints (upstream's `SensorNotification`). */
export abstract class SensorNotification extends FilteredSampleEndpoint {
  abstract readonly metric: SensorMetric;
  readonly #logger: Logger | undefined;

  constructor(ctx?: Pick<EndpointContext, 'logger'>) {
    super(['hardware.ipmi.*']);
    this.#logger = ctx?.logger;
  }

  /**
   * One gauge per sensor of this endpoint's type with a reading. A sensor without `Sensor ID` or
   * `Sensor Reading`, a message without `node_uuid` or a reading that is no number is logged as a
   * warning and skipped, the other sensors kept; a "Disabled" reading gives nothing.
   * @throws IronicNotificationError where upstream's endpoint fails on the whole message.
   */
  buildSamples(notification: Notification): readonly Sample[] {
    const samples: Sample[] = [];
    for (const sensor of sensorsOf(notification.payload, this.metric)) {
      let resourceId = 'missing id';
      try {
        const sample = this.#sensorSample(notification, sensor, (id) => (resourceId = id));
        if (sample) samples.push(sample);
      } catch (err) {
        if (!(err instanceof InvalidSensorDataError)) throw err;
        this.#logger?.warn(`invalid sensor data for ${resourceId}: ${err.message}`);
      }
    }
    return samples;
  }

  #sensorSample(notification: Notification, sensor: unknown, setResourceId: (id: string) => void): Sample | undefined {
    const payload = notification.payload as Dict;
    // The order of upstream's look-ups decides which failure a broken message gives.
    if (payload['node_uuid'] === undefined) throw new InvalidSensorDataError("missing key in payload: 'node_uuid'");
    const sensorId = member(sensor, 'Sensor ID', 'a sensor record');
    if (sensorId === undefined) throw new InvalidSensorDataError("missing key in payload: 'Sensor ID'");
    const resourceId = `${pyStr(payload['node_uuid'] as PyValue)}-${transformId(text(sensorId, "'Sensor ID'"))}`;
    setResourceId(resourceId);
    // Master: the Power endpoint reports the BMC's power consumption, so Current leaves it out.
    if (this.metric === 'Current' && (sensorId as string).includes(POWER_SENSOR)) return undefined;

    // upstream's _package_payload: the sensor record plus `node`, with Ironic's own timestamp and event type
    const record: Dict = { ...(sensor as Dict), node: payload['node_uuid'] };
    if (!('timestamp' in payload)) throw new IronicNotificationError('payload.timestamp is missing');
    if (!('event_type' in payload)) throw new IronicNotificationError('payload.event_type is missing');
    const reading = record['Sensor Reading'];
    if (reading === undefined) throw new InvalidSensorDataError("missing 'Sensor Reading' in payload");
    if (typeof reading !== 'string') throw new IronicNotificationError(`'Sensor Reading' of ${resourceId} is not a string`);
    if (!validateReading(reading)) return undefined;
    const { volume, unit } = parseReading(reading);
    // Sample.from_notification without metadata: a copy of the record plus event_type and host.
    // An empty timestamp makes upstream read message['metadata'], which its info dict lacks.
    const timestamp = payload['timestamp'];
    if (!timestamp) throw new IronicNotificationError('payload.timestamp is empty');
    const metadata: Record<string, MetadataValue> = { ...(toMetadataValue(record as PyValue) as Record<string, MetadataValue>) };
    metadata['event_type'] = toMetadataValue(payload['event_type'] as PyValue);
    metadata['host'] = notification.publisher_id;
    return {
      name: `hardware.ipmi.${this.metric.toLowerCase()}`,
      type: 'gauge',
      unit,
      volume,
      user_id: optionalId(payload['user_id']),
      project_id: optionalId(payload['project_id']),
      resource_id: resourceId,
      timestamp: sampleTimestamp(timestamp),
      resource_metadata: metadata,
      source: DEFAULT_SAMPLE_SOURCE,
      id: uuid1(),
      monotonic_time: null,
    };
  }
}

/** `hardware.ipmi.temperature` (`C`). */
export class TemperatureSensorNotification extends SensorNotification {
  readonly metric = 'Temperature';
}

/** `hardware.ipmi.current` (`A`; `Pwr Consumption` sensors are left to the Power endpoint). */
export class CurrentSensorNotification extends SensorNotification {
  readonly metric = 'Current';
}

/** `hardware.ipmi.fan` (`RPM`, or `percent` for fans read as a duty cycle). */
export class FanSensorNotification extends SensorNotification {
  readonly metric = 'Fan';
}

/** `hardware.ipmi.voltage` (`V`). */
export class VoltageSensorNotification extends SensorNotification {
  readonly metric = 'Voltage';
}

/** `hardware.ipmi.power` (`W`; master only, 19.0 has no Power endpoint). */
export class PowerSensorNotification extends SensorNotification {
  readonly metric = 'Power';
}
