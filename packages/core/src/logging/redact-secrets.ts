import { PASSWORD_MASK, redactUrl } from './redact-url.js';

/** What a value under a secret key is replaced with. */
export const REDACTED = '[Redacted]';

/** A URL with userinfo inside free text; the authority ends at `/?#`, whitespace or a quote. */
const URL_IN_TEXT = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#"'<>`]*@[^\s/?#"'<>`]*/g;

/** `X-Auth-Token: abc`, `password=abc`, `"telemetry_secret": "abc"` inside free text. */
const SECRET_ASSIGNMENT =
  /((?:x-(?:auth|subject|service)-token|[\w-]*(?:password|passwd|secret|token)[\w-]*)["']?\s*[:=]\s*["']?)([^\s"',;&}]+)/gi;

const SECRET_KEY = /pass(?:word|wd)|secret|token|authorization|api[_-]?key|private[_-]?key|credential_?value/i;

/** Whether a property or header name holds a secret (password, secret, token, `X-Auth-Token`, ...). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * Removes secrets from free text: masks the password of every URL with userinfo (see
 * {@link redactUrl}) and the value of `key: value`/`key=value` pairs whose key names a secret.
 */
export function redactSecrets(text: string): string {
  if (!text) return text;
  let out = text.includes('://') ? text.replace(URL_IN_TEXT, (url) => redactUrl(url)) : text;
  out = out.replace(SECRET_ASSIGNMENT, (_match, key: string, value: string) =>
    value === PASSWORD_MASK || value === REDACTED ? `${key}${value}` : `${key}${PASSWORD_MASK}`,
  );
  return out;
}

/** A copy of an error with secrets removed from its message, stack and own properties; keeps its prototype. */
function redactError(error: Error, seen: WeakMap<object, unknown>): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error & Record<string, unknown>;
  seen.set(error, copy);
  for (const key of Object.getOwnPropertyNames(error)) {
    const value = (error as unknown as Record<string, unknown>)[key];
    const redacted = isSecretKey(key) ? REDACTED : redactDeep(value, seen);
    Object.defineProperty(copy, key, { value: redacted, enumerable: key !== 'stack' && key !== 'message', writable: true, configurable: true });
  }
  if (error.cause !== undefined && !Object.hasOwn(copy, 'cause')) copy.cause = redactDeep(error.cause, seen);
  return copy;
}

function redactDeep(value: unknown, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (value instanceof Error) return redactError(value, seen);
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(redactDeep(item, seen));
    return copy;
  }
  if (value instanceof Date || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return value;
  if (value instanceof Map) return redactDeep(Object.fromEntries(value), seen);
  if (value instanceof Set) return redactDeep([...value], seen);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return redactDeep((value as { toJSON: () => unknown }).toJSON(), seen);
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) copy[key] = isSecretKey(key) ? REDACTED : redactDeep(item, seen);
  return copy;
}

/**
 * A deep copy of `value` safe to log: values under secret-looking keys are replaced by
 * `[Redacted]` at any depth, and every string (error messages and stacks included) goes through
 * {@link redactSecrets}. Errors stay errors (same prototype) so loggers still serialise them as such.
 */
export function redactValue<T>(value: T): T {
  return redactDeep(value, new WeakMap()) as T;
}
