/**
 * How a publisher's delivery queue behaves: `[publisher] delivery_*` defaults in ceilometer.conf,
 * overridable per publisher with the same names as URL query parameters (taken out of the URL
 * before the publisher sees it, so an HTTP target never receives them).
 */
import type { ConfigView } from '@ceilometer-ts/sdk';
import { DeliverySettingError } from './errors.js';

/**
 * `drop`: retry for `retryTimeoutMs`, then drop (counted); a full queue drops its oldest batch.
 * `hold`: never drop; a full queue makes the publish call wait (back-pressure to the broker).
 */
export type DeliveryPolicy = 'drop' | 'hold';

/** Retry delays (milliseconds): exponential, capped, reset by a success. */
export interface DeliveryBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
}

/** One publisher's delivery settings. */
export interface DeliverySettings {
  readonly policy: DeliveryPolicy;
  /** Batches held (waiting or in flight) at most. */
  readonly queueLength: number;
  /** `drop`: how long a batch is retried before it is dropped; 0 drops at the first failure. */
  readonly retryTimeoutMs: number;
  /** How long a publish call waits for a healthy publisher before the batch counts as queued. */
  readonly acceptTimeoutMs: number;
  /** How often a queue holding batches or having dropped some says so. */
  readonly reportIntervalMs: number;
  readonly backoff: DeliveryBackoff;
}

/** Defaults (also the `[publisher] delivery_*` option defaults). */
export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = Object.freeze({
  policy: 'drop',
  queueLength: 1024,
  retryTimeoutMs: 600_000,
  acceptTimeoutMs: 1_000,
  reportIntervalMs: 60_000,
  backoff: Object.freeze({ initialMs: 1_000, maxMs: 30_000, multiplier: 2 }),
});

/** The URL query parameters (and `[publisher]` option names) read here. */
export const DELIVERY_PARAMETERS = ['delivery_policy', 'delivery_queue_length', 'delivery_retry_timeout', 'delivery_accept_timeout'] as const;

/** `hold` is also spelled `block`. */
export function parseDeliveryPolicy(value: string, where: string): DeliveryPolicy {
  const v = value.trim().toLowerCase();
  if (v === 'drop') return 'drop';
  if (v === 'hold' || v === 'block') return 'hold';
  throw new DeliverySettingError(`${where}: delivery_policy must be drop or hold (block), not "${value}"`);
}

function seconds(value: string, name: string, where: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new DeliverySettingError(`${where}: ${name} must be a number of seconds >= 0, not "${value}"`);
  return Math.round(n * 1000);
}

function positiveInt(value: string, name: string, where: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new DeliverySettingError(`${where}: ${name} must be an integer >= 1, not "${value}"`);
  return n;
}

function opt<T>(config: ConfigView, name: string): T | undefined {
  if (!config.has('publisher', name)) return undefined;
  const value = config.get<T | undefined | null>('publisher', name);
  return value === null ? undefined : value;
}

/** The `[publisher] delivery_*` defaults; options of an unloaded package fall back to ours. */
export function deliverySettingsFromConfig(config: ConfigView): DeliverySettings {
  const d = DEFAULT_DELIVERY_SETTINGS;
  const where = '[publisher]';
  const policy = opt<string>(config, 'delivery_policy');
  const length = opt<number>(config, 'delivery_queue_length');
  const retry = opt<number>(config, 'delivery_retry_timeout');
  const accept = opt<number>(config, 'delivery_accept_timeout');
  const report = opt<number>(config, 'delivery_report_interval');
  return {
    policy: policy === undefined ? d.policy : parseDeliveryPolicy(policy, where),
    queueLength: length === undefined ? d.queueLength : positiveInt(String(length), 'delivery_queue_length', where),
    retryTimeoutMs: retry === undefined ? d.retryTimeoutMs : seconds(String(retry), 'delivery_retry_timeout', where),
    acceptTimeoutMs: accept === undefined ? d.acceptTimeoutMs : seconds(String(accept), 'delivery_accept_timeout', where),
    reportIntervalMs: report === undefined ? d.reportIntervalMs : Math.max(1000, seconds(String(report), 'delivery_report_interval', where)),
    backoff: d.backoff,
  };
}

/** A publisher URL without its delivery parameters, and the settings they give. */
export interface SplitPublisherUrl {
  /** What the publisher is created with (and shared by, per exact URL). */
  readonly url: string;
  readonly settings: DeliverySettings;
}

const decodeKey = (key: string): string => {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
};

/**
 * Takes the `delivery_*` query parameters out of `url` (the rest of the URL is left byte for byte)
 * and applies them over `defaults`; the last occurrence wins.
 * @throws DeliverySettingError for an unusable value.
 */
export function splitDeliveryParameters(url: string, defaults: DeliverySettings, where = url): SplitPublisherUrl {
  const q = url.indexOf('?');
  if (q < 0 || !url.includes('delivery_', q)) return { url, settings: defaults };
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const kept: string[] = [];
  const found = new Map<string, string>();
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const key = decodeKey(eq < 0 ? part : part.slice(0, eq));
    if ((DELIVERY_PARAMETERS as readonly string[]).includes(key)) found.set(key, decodeKey(eq < 0 ? '' : part.slice(eq + 1)));
    else kept.push(part);
  }
  if (found.size === 0) return { url, settings: defaults };
  const base = url.slice(0, q) + (kept.length ? `?${kept.join('&')}` : '') + (hash < 0 ? '' : url.slice(hash));
  const get = (name: (typeof DELIVERY_PARAMETERS)[number]): string | undefined => found.get(name);
  const policy = get('delivery_policy');
  const length = get('delivery_queue_length');
  const retry = get('delivery_retry_timeout');
  const accept = get('delivery_accept_timeout');
  return {
    url: base,
    settings: {
      ...defaults,
      ...(policy !== undefined ? { policy: parseDeliveryPolicy(policy, where) } : {}),
      ...(length !== undefined ? { queueLength: positiveInt(length, 'delivery_queue_length', where) } : {}),
      ...(retry !== undefined ? { retryTimeoutMs: seconds(retry, 'delivery_retry_timeout', where) } : {}),
      ...(accept !== undefined ? { acceptTimeoutMs: seconds(accept, 'delivery_accept_timeout', where) } : {}),
    },
  };
}
