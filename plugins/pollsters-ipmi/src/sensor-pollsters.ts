/**
 * The five IPMI sensor meters (upstream master's `ceilometer/ipmi/pollsters/sensor.py`): one gauge
 * per sensor with a reading, resource id `<node>-<sensor id, lower case, spaces as _>`, metadata
 * `{node}` (+ `maximum_rpm` from `Normal Maximum` for fans, master). Current skips 'Pwr
 * Consumption'; Power is the 'Pwr Consumption' record, read as type Current (master).
 *
 * `[ipmi] polling_retry` as upstream, per pollster and per target: consecutive failed polls are
 * counted, and when `0 <= polling_retry < failures` the pollster stops polling that target
 * (PollsterPermanentError for it alone); negative retries forever.
 */
import {
  INJECT_TOKENS, makeSample, PLUGIN_CONTEXT, PollsterPermanentError,
  type ConfigIssue, type MetadataValue, type PluginContext, type PollCycle, type Pollster, type Sample,
} from '@ceilometer-ts/sdk';
import { checkBmcsFile } from './bmcs-file.js';
import type { SensorRecord } from './sdr-output.js';
import { sensorReaderOf, type ReadOutcome, type SensorReader } from './sensor-reader.js';
import { InvalidSensorDataError, parseReading, POWER_SENSOR, transformId, validateReading } from './sensor-reading.js';
import { targetKey, targetOf, type IpmiResource, type IpmiTarget } from './target.js';

/** The sensor types upstream polls (`METRIC`). */
export type SensorMetric = 'Temperature' | 'Voltage' | 'Current' | 'Fan' | 'Power';

/** `Pwr Consumption (0x6)` → `Pwr Consumption`: the SDR id string without ipmitool's sensor number. */
const sensorName = (sensorId: string): string => sensorId.replace(/ \(0x[0-9a-f]+\)$/i, '');

/** The records a metric reads, in output order. */
export function recordsFor(metric: SensorMetric, data: ReadonlyMap<string, ReadonlyMap<string, SensorRecord>>): SensorRecord[] {
  // ipmitool reports 'Pwr Consumption' as sensor type Current
  const records = [...(data.get(metric === 'Power' ? 'Current' : metric)?.values() ?? [])];
  if (metric === 'Power') return records.filter((r) => sensorName(r['Sensor ID'] ?? '') === POWER_SENSOR);
  if (metric === 'Current') return records.filter((r) => !(r['Sensor ID'] ?? '').includes(POWER_SENSOR));
  return records;
}

/** Base of the five sensor pollsters (upstream's `SensorPollster`). */
abstract class SensorPollster implements Pollster<IpmiResource> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];

  /** `--validate-config`: the problems of `[ipmi] bmcs_file` (the pollsters read it at set-up). */
  static validateConfig(ctx: PluginContext): Promise<readonly ConfigIssue[]> {
    return checkBmcsFile(ctx);
  }
  readonly defaultDiscovery = 'local_node';
  abstract readonly metric: SensorMetric;
  readonly #reader: SensorReader;
  /** Consecutive failed polls per target (upstream's `polling_failures`, kept per BMC). */
  readonly #failures = new Map<string, number>();

  constructor(ctx: PluginContext) {
    this.#reader = sensorReaderOf(ctx);
  }

  get meter(): string {
    return `hardware.ipmi.${this.metric.toLowerCase()}`;
  }

  setup(): Promise<void> {
    return this.#reader.ready();
  }

  /** Metadata beyond `{node}` (upstream's `get_extra_sensor_metadata`). */
  protected extraMetadata(_record: SensorRecord): Record<string, MetadataValue> {
    return {};
  }

  async *getSamples(cycle: PollCycle, resources: readonly IpmiResource[]): AsyncIterable<Sample> {
    const targets = resources.map(targetOf);
    // every target at once (bounded by [ipmi] max_parallel): the first pollster of a cycle reads them all
    const outcomes = await Promise.all(targets.map((t) => this.#reader.read(cycle, t)));
    const disabled: IpmiResource[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      const target = targets[i] as IpmiTarget;
      if (outcome.ok) {
        this.#failures.delete(targetKey(target));
        yield* this.#samplesOf(cycle, target, outcome);
      } else if (this.#failed(target, outcome)) disabled.push(resources[i] as IpmiResource);
      else cycle.reportResourceFailure?.(resources[i], outcome.error);
    }
    // after the samples of the other targets, which the agent has published by then
    if (disabled.length > 0) throw new PollsterPermanentError(disabled, `${this.meter}: too many consecutive failures`);
  }

  /** Counts a failure; true when the pollster is now disabled for the target. */
  #failed(target: IpmiTarget, outcome: Extract<ReadOutcome, { ok: false }>): boolean {
    const key = targetKey(target);
    const n = (this.#failures.get(key) ?? 0) + 1;
    this.#failures.set(key, n);
    const retry = this.#reader.config.pollingRetry;
    if (!(retry >= 0 && retry < n)) return false;
    this.#failures.delete(key);
    this.#reader.logger.warn(
      { node: target.node, pollster: this.meter, failures: n },
      `Pollster for ${this.meter} is disabled for ${target.node} after ${n} failed polls in a row ([ipmi] polling_retry = ${retry}): ${outcome.error.message}`,
    );
    return true;
  }

  #samplesOf(cycle: PollCycle, target: IpmiTarget, outcome: Extract<ReadOutcome, { ok: true }>): Sample[] {
    const samples: Sample[] = [];
    for (const record of recordsFor(this.metric, outcome.data)) {
      const sensorId = record['Sensor ID'] as string;
      const reading = record['Sensor Reading'] as string;
      let parsed: { volume: number; unit: string };
      try {
        if (!validateReading(reading)) throw new InvalidSensorDataError(`reading is ${reading}`);
        parsed = parseReading(reading);
      } catch (error) {
        if (!(error instanceof InvalidSensorDataError)) throw error;
        this.#reader.logger.debug({ node: target.node, sensor: sensorId }, `${this.meter}: sensor ${sensorId} of ${target.node} has no reading (${reading}): no sample`);
        continue;
      }
      samples.push(makeSample({
        name: this.meter,
        type: 'gauge',
        unit: parsed.unit,
        volume: parsed.volume,
        user_id: null,
        project_id: null,
        resource_id: `${target.node}-${transformId(sensorId)}`,
        timestamp: cycle.timestamp,
        resource_metadata: { node: target.node, ...this.extraMetadata(record) },
      }));
    }
    return samples;
  }
}

/** `hardware.ipmi.temperature` (C). */
export class TemperatureSensorPollster extends SensorPollster {
  readonly metric = 'Temperature';
}

/** `hardware.ipmi.voltage` (V). */
export class VoltageSensorPollster extends SensorPollster {
  readonly metric = 'Voltage';
}

/** `hardware.ipmi.current` (Amps; not 'Pwr Consumption'). */
export class CurrentSensorPollster extends SensorPollster {
  readonly metric = 'Current';
}

/** `hardware.ipmi.fan` (RPM or percent), with `maximum_rpm` where the BMC reports `Normal Maximum` (master). */
export class FanSensorPollster extends SensorPollster {
  readonly metric = 'Fan';

  protected override extraMetadata(record: SensorRecord): Record<string, MetadataValue> {
    const max = record['Normal Maximum'];
    return max === undefined ? {} : { maximum_rpm: max };
  }
}

/** `hardware.ipmi.power` (W): the 'Pwr Consumption' sensor (master). */
export class PowerSensorPollster extends SensorPollster {
  readonly metric = 'Power';
}
