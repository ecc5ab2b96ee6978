/**
 * The timeouts every network publisher reads from its URL (our parameters, in seconds, decimals
 * allowed; upstream's publishers have none but the HTTP publisher's `timeout`).
 */
import { parseQs, popParam } from './py-params.js';

/** A publisher's bounds, in milliseconds. */
export interface PublisherTimeouts {
  /** `connect_timeout`: establishing a connection (TCP connect, TLS handshake, name lookup). */
  readonly connectTimeoutMs: number;
  /** `write_timeout`: handing one batch to a connected peer (TCP), or one attempt (HTTP `timeout`). */
  readonly writeTimeoutMs: number;
  /** `publish_timeout`: one whole publish call, retries and waiting included. */
  readonly publishTimeoutMs: number;
  /** `close_timeout`: `close()` waits this long for pending work, then abandons it and returns. */
  readonly closeTimeoutMs: number;
}

const PY_FLOAT = /^\s*[+-]?(?:\d+(?:_\d+)*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Seconds as milliseconds when `text` is a positive number (Python's `float()` spelling), else undefined. */
export function secondsToMs(text: string | undefined): number | undefined {
  if (text === undefined || !PY_FLOAT.test(text)) return undefined;
  const seconds = Number(text.trim().replaceAll('_', ''));
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined;
}

/** Parameter names of {@link PublisherTimeouts}. */
export const TIMEOUT_PARAMS = ['connect_timeout', 'write_timeout', 'publish_timeout', 'close_timeout'] as const;

/**
 * Takes the timeout parameters out of `params` (a `parseQs` map); a missing, non-numeric or
 * non-positive value gives the default.
 */
export function popTimeouts(params: Map<string, string[]>, defaults: PublisherTimeouts): PublisherTimeouts {
  return {
    connectTimeoutMs: secondsToMs(popParam(params, 'connect_timeout')) ?? defaults.connectTimeoutMs,
    writeTimeoutMs: secondsToMs(popParam(params, 'write_timeout')) ?? defaults.writeTimeoutMs,
    publishTimeoutMs: secondsToMs(popParam(params, 'publish_timeout')) ?? defaults.publishTimeoutMs,
    closeTimeoutMs: secondsToMs(popParam(params, 'close_timeout')) ?? defaults.closeTimeoutMs,
  };
}

/** Reads the timeout parameters of a publisher URL. */
export function timeoutsFromUrl(url: string, defaults: PublisherTimeouts): PublisherTimeouts {
  const query = /\?([^#]*)/.exec(url)?.[1] ?? '';
  return popTimeouts(parseQs(query), defaults);
}

/** `1500` as `1.5 s`, for messages. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
