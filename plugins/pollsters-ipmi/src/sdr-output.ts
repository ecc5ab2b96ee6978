/**
 * `ipmitool sdr -v` / `sensor get` output read as upstream's `_translate_output` reads it: records
 * separated by blank lines (`\n\n`), `key : value` lines with exactly one colon (lines with none or
 * several are dropped), the sensor type the first word of `Sensor Type (Analog|Discrete|Threshold)`,
 * only records with a `Sensor Reading`, grouped by type then `Sensor ID` (a later record with the
 * same id replaces the earlier one, keeping its place).
 *
 * Unlike upstream, a record without a sensor type or a `Sensor ID` is skipped rather than failing
 * the whole output: a full `sdr -v` dump holds locator records (MC, FRU) that `sdr -v type X`
 * never prints, and we read the full dump.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** One sensor record: its `key : value` lines. */
export type SensorRecord = Readonly<Record<string, string>>;

/** Records by sensor type (`Temperature`, `Current`, ...), then by `Sensor ID`, in output order. */
export type SensorData = ReadonlyMap<string, ReadonlyMap<string, SensorRecord>>;

/** ipmitool printed records, but not one with a sensor reading (upstream: "No data retrieved"). */
export class SensorOutputError extends CeilometerError {
  readonly code = 'CEILO_ERR_IPMI_SENSOR_OUTPUT' as const;
}

const TYPE_KEYS = ['Sensor Type (Analog)', 'Sensor Type (Discrete)', 'Sensor Type (Threshold)'] as const;

/** Python's `str.strip()` whitespace (ASCII part; ipmitool prints no other). */
const strip = (s: string): string => s.replace(/^[\s\x1c-\x1f]+|[\s\x1c-\x1f]+$/g, '');

/** One record's `key : value` lines (upstream `_process_sensor`). */
export function parseRecord(text: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line) continue;
    const parts = line.split(':');
    if (parts.length !== 2) continue;
    record[strip(parts[0] as string)] = strip(parts[1] as string);
  }
  return record;
}

/** The record's sensor type, or undefined when it has none (upstream `_get_sensor_type`). */
export function sensorTypeOf(record: SensorRecord): string | undefined {
  for (const key of TYPE_KEYS) {
    const value = record[key];
    if (value !== undefined) return value.split(' ', 1)[0];
  }
  return undefined;
}

/**
 * The sensors of an ipmitool output. Empty output is no sensors; output with records but none
 * holding a `Sensor Reading` throws SensorOutputError, as upstream.
 */
export function translateOutput(output: string): SensorData {
  const data = new Map<string, Map<string, SensorRecord>>();
  if (!output) return data;
  let records = 0;
  for (const chunk of output.split('\n\n')) {
    const record = parseRecord(chunk);
    if (Object.keys(record).length === 0) continue;
    records += 1;
    const type = sensorTypeOf(record);
    const id = record['Sensor ID'];
    if (type === undefined || id === undefined || !('Sensor Reading' in record)) continue;
    let byId = data.get(type);
    if (!byId) data.set(type, (byId = new Map()));
    byId.set(id, record);
  }
  if (data.size === 0 && records > 0) throw new SensorOutputError('parse IPMI sensor data failed, no sensor reading in ipmitool output');
  return data;
}
