/**
 * oslo.messaging message formats: the notification dict, the v2 envelope
 * (`{"oslo.version": "2.0", "oslo.message": "<json>"}`, driver `messagingv2`) and v1 (the bare dict,
 * driver `messaging`), and the AMQP properties oslo's rabbit driver (kombu) publishes with.
 */
import { randomUUID } from 'node:crypto';
import { defineMember, dumpsPyJson, isPyDict, parsePyJson, type PyDict, type PyValue } from '@ceilometer-ts/sdk';
import { MalformedMessageError } from './errors.js';

export const OSLO_VERSION_KEY = 'oslo.version';
export const OSLO_MESSAGE_KEY = 'oslo.message';
/** The envelope version oslo.messaging writes and the highest it reads. */
export const ENVELOPE_VERSION = '2.0';

/** Priorities as oslo's Notifier methods send them (`Notifier.sample` sends `SAMPLE`). */
export const NOTIFICATION_PRIORITIES = ['AUDIT', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SAMPLE'] as const;
export type NotificationPriority = (typeof NOTIFICATION_PRIORITIES)[number];

/** A notification as oslo's `Notifier._notify` builds it; the transport adds `_unique_id` and `_context_*` keys. */
export interface NotificationMessage {
  readonly message_id: string;
  readonly publisher_id: string;
  readonly event_type: string;
  readonly priority: string;
  readonly payload: unknown;
  /** `str(timeutils.utcnow())`: `2024-05-01 12:00:00.123456` (no fraction when it is zero). */
  readonly timestamp: string;
  readonly [key: string]: unknown;
}

/** `str(datetime.utcnow())` for a JS date: `YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC, microseconds from `micros`. */
export function osloTimestamp(date: Date = new Date(), micros?: number): string {
  const iso = date.toISOString(); // 2024-05-01T12:00:00.123Z
  const us = micros ?? date.getUTCMilliseconds() * 1000;
  const base = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  return us === 0 ? base : `${base}.${String(us).padStart(6, '0')}`;
}

/** What {@link buildNotification} needs. */
export interface NotificationInit {
  readonly publisherId: string;
  readonly eventType: string;
  /** Sent as given; oslo's Notifier methods use upper case (`SAMPLE`, `INFO`). */
  readonly priority: string;
  readonly payload: unknown;
  /** Request context, packed as `_context_<key>` members (oslo's `pack_context`). */
  readonly context?: Readonly<Record<string, unknown>>;
  readonly now?: Date;
}

/** Builds the message dict oslo's notifier and AMQP driver send, key order included. */
export function buildNotification(init: NotificationInit): NotificationMessage {
  const msg: Record<string, unknown> = {
    message_id: randomUUID(),
    publisher_id: init.publisherId,
    event_type: init.eventType,
    priority: init.priority,
    payload: init.payload,
    timestamp: osloTimestamp(init.now),
    _unique_id: randomUUID().replace(/-/g, ''),
  };
  for (const [key, value] of Object.entries(init.context ?? {})) msg[`_context_${key}`] = value;
  return msg as NotificationMessage;
}

/**
 * Python's `json.dumps` text of a message (the sdk's writer: floats in `repr()` form, `PyFloat`
 * kept a float, bigints exact). Messages are built from wire values; anything else is refused.
 * @throws WireFormatError for a value JSON cannot carry (bytes, functions, symbols).
 */
function dumpsMessage(message: unknown): string {
  return dumpsPyJson(message as PyValue);
}

/** Wraps a message in the v2 envelope (`serialize_msg`). */
export function serializeEnvelope(message: unknown): Record<string, string> {
  return { [OSLO_VERSION_KEY]: ENVELOPE_VERSION, [OSLO_MESSAGE_KEY]: dumpsMessage(message) };
}

/** The AMQP body of a notification: envelope v2 (`messagingv2`) or the bare dict (v1, `messaging`). */
export function encodeMessageBody(message: unknown, version: 1 | 2 = 2): Buffer {
  return Buffer.from(dumpsMessage(version === 2 ? serializeEnvelope(message) : message), 'utf8');
}

function versionIsCompatible(implemented: string, requested: string): boolean {
  const parse = (v: string): number[] => v.split('.').map((p) => Number(p));
  const [iMaj = 0, iMin = 0, iRev = 0] = parse(implemented);
  const [rMaj = NaN, rMin = 0, rRev = 0] = parse(requested);
  if ([rMaj, rMin, rRev].some(Number.isNaN) || rMaj !== iMaj) return false;
  return rMin < iMin || (rMin === iMin && rRev <= iRev);
}

/**
 * A received message after `deserialize_msg` and `unpack_context`. Values are what Python's
 * `json.loads` holds: float literals are `PyFloat` (so `2.0` stays a float), ints beyond 2^53 are
 * bigints, `NaN`/`Infinity` are PyFloats.
 */
export interface DecodedMessage {
  /** 2 when it came in an envelope, 1 for a bare dict. */
  readonly envelopeVersion: 1 | 2;
  /** The message without `_context_*` and `_unique_id` members. */
  readonly message: Record<string, PyValue>;
  readonly context: Record<string, PyValue>;
  readonly uniqueId: string | null;
}

/**
 * Decodes an AMQP body like oslo's `deserialize_msg` then `unpack_context`: an envelope is opened
 * (version must be compatible with 2.0), any other dict is taken as a v1 message.
 * @throws MalformedMessageError for non-JSON, a non-object, an incompatible or broken envelope.
 */
export function decodeMessageBody(body: Buffer | string): DecodedMessage {
  let outer: PyValue;
  try {
    outer = parsePyJson(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (error) {
    throw new MalformedMessageError('message body is not JSON', { cause: error });
  }
  if (!isPyDict(outer)) throw new MalformedMessageError('message body is not a JSON object');
  let inner: PyDict = outer;
  let envelopeVersion: 1 | 2 = 1;
  if (OSLO_VERSION_KEY in inner && OSLO_MESSAGE_KEY in inner) {
    const version = String(inner[OSLO_VERSION_KEY]);
    if (!versionIsCompatible(ENVELOPE_VERSION, version)) throw new MalformedMessageError(`unsupported envelope version ${version}`);
    const raw = inner[OSLO_MESSAGE_KEY];
    if (typeof raw !== 'string') throw new MalformedMessageError('envelope oslo.message is not a string');
    let parsed: PyValue;
    try {
      parsed = parsePyJson(raw);
    } catch (error) {
      throw new MalformedMessageError('envelope oslo.message is not JSON', { cause: error });
    }
    if (!isPyDict(parsed)) throw new MalformedMessageError('envelope oslo.message is not a JSON object');
    inner = parsed;
    envelopeVersion = 2;
  }
  const message: Record<string, PyValue> = {};
  const context: Record<string, PyValue> = {};
  let uniqueId: string | null = null;
  for (const [key, value] of Object.entries(inner)) {
    if (value === undefined) continue;
    if (key.startsWith('_context_')) defineMember(context, key.slice(9), value);
    else if (key === '_unique_id') uniqueId = typeof value === 'string' ? value : String(value);
    else defineMember(message, key, value);
  }
  return { envelopeVersion, message, context, uniqueId };
}

/** AMQP basic properties of a notification, as kombu publishes them for oslo (measured against a real broker). */
export interface OsloPublishProperties {
  readonly contentType: 'application/json';
  readonly contentEncoding: 'utf-8';
  /** kombu always sends an (empty) header table. */
  readonly headers: Readonly<Record<string, unknown>>;
  /** kombu's default is persistent (2) whatever `amqp_durable_queues` says. */
  readonly deliveryMode: 2;
  readonly priority: 0;
}

/** The properties oslo.messaging's rabbit driver sets on every notification. */
export function osloPublishProperties(): OsloPublishProperties {
  return { contentType: 'application/json', contentEncoding: 'utf-8', headers: {}, deliveryMode: 2, priority: 0 };
}
