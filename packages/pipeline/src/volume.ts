/**
 * Upstream's `SamplePipeline._validate_volume`: a sample without a usable volume is dropped with a
 * warning naming meter, resource and timestamp.
 */
import { withSample, type Logger, type Sample } from '@ceilometer-ts/sdk';

const PY_FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.)$/;

/**
 * The sample with a numeric volume, or null when it must be dropped (a warning is logged).
 * A bigint (an int beyond 2^53 from the wire) is kept exact, as upstream keeps its int. Numeric
 * strings (`"12.5"`, as Python's `float()` accepts) and booleans are converted to numbers;
 * null, NaN, infinities and anything else are dropped.
 */
export function validateVolume(sample: Sample, logger: Logger): Sample | null {
  const volume: unknown = sample.volume;
  // The usual case first: no text is built for a sample that passes (this runs once per sample).
  if ((typeof volume === 'number' && Number.isFinite(volume)) || typeof volume === 'bigint') return sample;
  if (volume === null || volume === undefined) {
    logger.warn({ meter: sample.name, resource_id: sample.resource_id }, `${where(sample)} has no volume (volume: None), the sample will be dropped`);
    return null;
  }
  const converted = toNumber(volume);
  if (converted === undefined) {
    logger.warn(
      { meter: sample.name, resource_id: sample.resource_id },
      `${where(sample)} has volume which is not a number (volume: ${describe(volume)}), the sample will be dropped`,
    );
    return null;
  }
  return withSample(sample, { volume: converted });
}

function where(sample: Sample): string {
  return `metering data ${sample.name} for ${sample.resource_id} @ ${sample.timestamp || 'NO TIMESTAMP'}`;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!PY_FLOAT.test(text)) return undefined;
  const n = Number(text.replace(/_/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
