/**
 * The meter message: a Sample as upstream puts it on the wire (`meter_message_from_counter`), and
 * back (what the notification agent's `telemetry.polling` endpoint builds from one).
 */
import { PyFloat, isMetadataValue, isPyDict, toMetadataValue, type PyDict, type PyValue } from './py-value.js';
import { DEFAULT_SAMPLE_SOURCE, SAMPLE_TYPES, type ResourceMetadata, type Sample, type SampleType } from './sample.js';
import { computeSignature } from './signature.js';
import { uuid1 } from './uuid1.js';
import { WireFormatError } from './errors.js';

/** A number on the wire: plain (int rule), an explicit Python float, or an int beyond 2^53. */
export type PyNumber = number | bigint | PyFloat;

/**
 * One sample on the wire, keys in upstream's order so that `dumpsPyJson` writes the bytes Python's
 * `json.dumps` writes for the same dict. A type alias (not an interface) so it is a {@link PyDict}.
 */
export type MeterMessage = {
  readonly source: string;
  readonly counter_name: string;
  readonly counter_type: string;
  readonly counter_unit: string;
  readonly counter_volume: PyNumber | null;
  readonly user_id: string | null;
  /** Only with the polling agent's `[polling] identity_name_discovery` (upstream master). */
  readonly user_name?: string | null;
  readonly project_id: string | null;
  readonly project_name?: string | null;
  readonly resource_id: string;
  readonly timestamp: string | null;
  readonly resource_metadata: PyDict;
  readonly message_id: string;
  readonly monotonic_time: PyNumber | null;
  /** Hex HMAC-SHA256 over the other fields, `''` when `[publisher] telemetry_secret` is empty. */
  readonly message_signature: string;
};

/** The notification event type the polling agent sends its samples under. */
export const TELEMETRY_POLLING_EVENT_TYPE = 'telemetry.polling';

/**
 * Upstream's `meter_message_from_counter`: the wire form of a sample, signed with `secret`.
 * Plain numbers stay plain, so `JSON.stringify` of the result is also signature-safe (NaN and
 * ±Infinity excepted: use `dumpsPyJson`, which writes them as Python does).
 */
export function toMeterMessage(sample: Sample, secret: string): MeterMessage {
  const unsigned: MeterMessage = {
    source: sample.source,
    counter_name: sample.name,
    counter_type: sample.type,
    counter_unit: sample.unit,
    counter_volume: sample.volume,
    user_id: sample.user_id,
    ...(sample.user_name !== undefined ? { user_name: sample.user_name } : {}),
    project_id: sample.project_id,
    ...(sample.project_name !== undefined ? { project_name: sample.project_name } : {}),
    resource_id: sample.resource_id,
    timestamp: sample.timestamp,
    resource_metadata: sample.resource_metadata,
    message_id: sample.id,
    monotonic_time: sample.monotonic_time,
    message_signature: '',
  };
  return { ...unsigned, message_signature: computeSignature(unsigned, secret) };
}

function field(msg: PyDict, key: string): PyValue {
  const value = msg[key];
  if (value === undefined) throw new WireFormatError(`meter message has no "${key}"`);
  return value;
}

function stringField(msg: PyDict, key: string): string {
  const value = field(msg, key);
  if (typeof value !== 'string') throw new WireFormatError(`meter message "${key}" must be a string`);
  return value;
}

function optionalStringField(msg: PyDict, key: string): string | null {
  const value = field(msg, key);
  if (value !== null && typeof value !== 'string') throw new WireFormatError(`meter message "${key}" must be a string or null`);
  return value;
}

/** A wire number as a JS number (PyFloat unwrapped, bigint rounded), or null. */
export function pyNumberValue(value: PyValue | undefined, what: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof PyFloat) return value.value;
  throw new WireFormatError(`${what} must be a number or null`);
}

/**
 * A wire volume as a Sample holds it: PyFloat unwrapped, a bigint (beyond 2^53) kept exact. Any
 * other value (a string, a boolean) is passed on as received: upstream's `TelemetryIpc` does not
 * look at it, its pipeline's `_validate_volume` drops the sample if `float()` refuses it, so the
 * pipeline's volume check decides (Sample's type does not admit it; it never passes the check).
 */
function wireVolume(value: PyValue): Sample['volume'] {
  if (value instanceof PyFloat) return value.value;
  return value as Sample['volume'];
}

/** The meter message fields upstream's `TelemetryIpc` reads; a missing one fails the whole notification. */
const TELEMETRY_IPC_FIELDS = [
  'counter_name', 'counter_type', 'counter_unit', 'counter_volume', 'user_id', 'project_id', 'resource_id', 'timestamp',
  'resource_metadata', 'source', 'message_id',
] as const;

/**
 * The Sample the notification agent builds from a meter message (upstream's `TelemetryIpc`): every
 * field but `monotonic_time`, which upstream drops; an empty source or id gets upstream's default
 * (`openstack`, a new uuid1), missing metadata becomes `{}`. Metadata keeps the wire's number types
 * (PyFloat, bigint), so a sample published again writes what it read; the volume is unwrapped to a
 * number unless it is an int beyond 2^53 (kept as a bigint), and is not checked (see the pipeline's
 * volume check, which drops a sample whose volume is not a number, as upstream does).
 * With `adopt`, the caller hands the message over (it was just decoded and nothing else will change
 * it): its metadata becomes the sample's as it is when it is valid metadata, instead of a deep copy.
 * @throws WireFormatError when a field upstream reads is missing or of a type a Sample cannot hold.
 */
export function sampleFromMeterMessage(msg: PyDict, adopt = false): Sample {
  const type = stringField(msg, 'counter_type');
  if (!(SAMPLE_TYPES as readonly string[]).includes(type)) {
    throw new WireFormatError(`meter message "counter_type" must be one of ${SAMPLE_TYPES.join(', ')}, got "${type}"`);
  }
  const metadata = field(msg, 'resource_metadata');
  if (metadata !== null && !isPyDict(metadata)) throw new WireFormatError('meter message "resource_metadata" must be an object');
  const source = optionalStringField(msg, 'source');
  const id = optionalStringField(msg, 'message_id');
  return {
    name: stringField(msg, 'counter_name'),
    type: type as SampleType,
    unit: stringField(msg, 'counter_unit'),
    volume: wireVolume(field(msg, 'counter_volume')),
    user_id: optionalStringField(msg, 'user_id'),
    project_id: optionalStringField(msg, 'project_id'),
    resource_id: stringField(msg, 'resource_id'),
    timestamp: stringField(msg, 'timestamp'),
    resource_metadata: metadata === null ? {} : adopt && isMetadataValue(metadata) ? (metadata as ResourceMetadata) : (toMetadataValue(metadata) as ResourceMetadata),
    source: source || DEFAULT_SAMPLE_SOURCE,
    id: id || uuid1(),
    monotonic_time: null,
  };
}

/** Called for each meter message of a `telemetry.polling` payload that cannot become a Sample. */
export type InvalidMeterMessageHandler = (error: WireFormatError, index: number) => void;

/**
 * The samples of one `telemetry.polling` notification payload (`{"samples": [meter messages]}`),
 * validated per sample: a meter message whose fields a Sample cannot hold is left out (and given to
 * `onInvalid`), the others are kept. As upstream, where a missing field or a sample that is not an
 * object raises while the whole list is built, those fail the whole payload.
 * `adopt` as for {@link sampleFromMeterMessage}: the payload is the caller's to give away (the
 * notification agent's, decoded for this call), so valid metadata is kept rather than copied.
 * @throws WireFormatError when the payload has no `samples` list, or a sample is not an object or
 * lacks a field upstream reads.
 */
export function samplesFromPollingPayload(payload: PyValue, onInvalid?: InvalidMeterMessageHandler, adopt = false): Sample[] {
  const samples = isPyDict(payload) ? payload['samples'] : undefined;
  if (!Array.isArray(samples)) throw new WireFormatError('telemetry.polling payload has no "samples" list');
  const messages = samples as readonly PyValue[];
  messages.forEach((s, i) => {
    if (!isPyDict(s)) throw new WireFormatError(`telemetry.polling sample ${i} must be an object`);
    const missing = TELEMETRY_IPC_FIELDS.find((key) => s[key] === undefined);
    if (missing !== undefined) throw new WireFormatError(`telemetry.polling sample ${i} has no "${missing}"`);
  });
  const out: Sample[] = [];
  messages.forEach((s, i) => {
    try {
      out.push(sampleFromMeterMessage(s as PyDict, adopt));
    } catch (err) {
      if (!(err instanceof WireFormatError)) throw err;
      onInvalid?.(err, i);
    }
  });
  return out;
}
