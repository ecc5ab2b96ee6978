/**
 * Reads a `notifier://[user:pass@host:port][/vhost]?topic=&driver=&policy=&max_queue_length=&max_retry=&per_meter_topic=&publish_timeout=&close_timeout=`
 * URL as upstream's MessagingPublisher and NotifierPublisher do.
 */
import { secondsToMs } from '@ceilometer-ts/publisher-common';
import { NotifierPublisherConfigError } from './errors.js';

/** Default `publish_timeout`. */
export const NOTIFIER_PUBLISH_TIMEOUT_MS = 30_000;
/** Default `close_timeout`: how long close() waits for unconfirmed notifications. */
export const NOTIFIER_CLOSE_TIMEOUT_MS = 10_000;

/** What to do while the broker cannot take notifications. */
export type NotifierPolicy = 'default' | 'queue' | 'drop';

/** Parsed URL. */
export interface NotifierUrlSettings {
  /** `topic` values (all of them, in order); empty means the default topic of the kind. */
  readonly topics: readonly string[];
  readonly policy: NotifierPolicy;
  /** Set when the URL asked for a policy upstream does not know (then `default` is used). */
  readonly unknownPolicy?: string;
  /** `max_queue_length` (default 1024): notifications kept locally under `queue`. */
  readonly maxQueueLength: number;
  /** `max_retry` (default 100): attempts of a notification under `default`. */
  readonly maxRetry: number;
  /** `per_meter_topic` (default 0): also send each meter's samples under `<topic>.<meter>`. */
  readonly perMeterTopic: boolean;
  /** `publish_timeout` (ours, s; default 30): a `default`-policy call rejects when the broker has not confirmed by then. */
  readonly publishTimeoutMs: number;
  /** `close_timeout` (ours, s; default 10): `close()` waits this long for unconfirmed notifications. */
  readonly closeTimeoutMs: number;
  /** The transport URL built from the netloc (`<driver>://netloc/path?rest`), or undefined to use the configuration. */
  readonly transportUrl?: string;
}

const PY_INT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;
const POLICIES: readonly string[] = ['default', 'queue', 'drop'];

/** `parse_qs`: blank values dropped. */
function parseQs(query: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(query)) {
    if (value === '') continue;
    out.set(name, [...(out.get(name) ?? []), value]);
  }
  return out;
}

/**
 * Parses the URL.
 * @throws NotifierPublisherConfigError for a non-integer `max_queue_length`, `max_retry` or `per_meter_topic` (upstream raises too).
 */
export function parseNotifierUrl(url: string): NotifierUrlSettings {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(#.*)?$/.exec(url);
  if (!m) throw new NotifierPublisherConfigError(url, 'not a URL');
  const [, netloc = '', path = '', query = '', fragment = ''] = m;
  const params = parseQs(query);
  const last = (name: string): string | undefined => params.get(name)?.at(-1);
  const int = (name: string, fallback: number): number => {
    const text = last(name);
    if (text === undefined) return fallback;
    if (!PY_INT.test(text)) throw new NotifierPublisherConfigError(url, `${name} must be an integer, got "${text}"`);
    return Number(text.trim().replaceAll('_', ''));
  };
  const policyText = last('policy') ?? 'default';
  const policy = POLICIES.includes(policyText) ? (policyText as NotifierPolicy) : 'default';
  const topics = params.get('topic') ?? [];
  const driver = params.get('driver')?.[0] ?? 'rabbit';
  params.delete('topic');
  params.delete('driver');
  const settings: NotifierUrlSettings = {
    topics,
    policy,
    ...(policy !== policyText ? { unknownPolicy: policyText } : {}),
    maxQueueLength: int('max_queue_length', 1024),
    maxRetry: int('max_retry', 100),
    perMeterTopic: int('per_meter_topic', 0) !== 0,
    publishTimeoutMs: secondsToMs(last('publish_timeout')) ?? NOTIFIER_PUBLISH_TIMEOUT_MS,
    closeTimeoutMs: secondsToMs(last('close_timeout')) ?? NOTIFIER_CLOSE_TIMEOUT_MS,
  };
  if (!netloc) return settings;
  // NOTE: our own parameters are not passed on; upstream left them in (oslo ignores them)
  for (const own of ['policy', 'max_queue_length', 'max_retry', 'per_meter_topic', 'publish_timeout', 'close_timeout']) params.delete(own);
  const rest = new URLSearchParams();
  for (const [k, values] of params) for (const v of values) rest.append(k, v);
  const restText = rest.toString();
  return { ...settings, transportUrl: `${driver}://${netloc}${path}${restText ? `?${restText}` : ''}${fragment}` };
}
