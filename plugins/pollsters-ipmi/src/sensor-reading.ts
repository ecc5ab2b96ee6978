/**
 * Sensor readings as upstream reads them (`ceilometer/ipmi/notifications/ironic.py` and the sensor
 * pollsters share these): `"26 (+/- 0.500) degrees C"` is volume 26, unit `C`.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** A sensor reading or sensor record upstream refuses (`InvalidSensorData`). */
export class InvalidSensorDataError extends CeilometerError {
  readonly code = 'CEILO_ERR_IPMI_INVALID_SENSOR_DATA' as const;
}

/** Upstream's UNIT_MAP: unit names to SI symbols. */
const UNIT_MAP: Readonly<Record<string, string>> = { Watts: 'W', Volts: 'V' };

/** Python's `float(text)` grammar: decimal, exponent, `_` between digits, inf/nan, surrounding whitespace. */
const PY_FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.(?:[eE][+-]?\d(?:_?\d)*)?|inf(?:inity)?|nan)$/i;

/** Python's `float(text)`; undefined where Python raises ValueError. */
export function pythonFloat(text: string): number | undefined {
  const t = text.trim();
  if (!PY_FLOAT.test(t)) return undefined;
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '').toLowerCase();
  if (body === 'nan') return NaN;
  if (body.startsWith('inf')) return sign * Infinity;
  return Number(t.replaceAll('_', ''));
}

/** Some sensors read "Disabled": that is no reading. */
export function validateReading(reading: string): boolean {
  return reading !== 'Disabled';
}

/** A sensor id as it goes into resource ids: lower case, spaces as `_`. */
export function transformId(sensorId: string): string {
  return sensorId.toLowerCase().replaceAll(' ', '_');
}

/**
 * Upstream's `parse_reading`: the first word is the volume, the last word the unit (`Watts` → `W`,
 * `Volts` → `V`).
 * @throws InvalidSensorDataError when there is no space or the first word is not a number.
 */
export function parseReading(reading: string): { volume: number; unit: string } {
  const space = reading.indexOf(' ');
  const volume = space < 0 ? undefined : pythonFloat(reading.slice(0, space));
  if (volume === undefined) throw new InvalidSensorDataError(`unable to parse sensor reading: ${reading}`);
  const rest = reading.slice(space + 1);
  const unit = rest.slice(rest.lastIndexOf(' ') + 1);
  return { volume, unit: UNIT_MAP[unit] ?? unit };
}

/**
 * The power sensor ipmitool reports as type Current (Dell style): the Power meter's only sensor,
 * left out of the Current meter by the pollsters and by Ironic's notifications alike.
 */
export const POWER_SENSOR = 'Pwr Consumption';
