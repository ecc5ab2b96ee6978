/**
 * Upstream's message signature (`ceilometer.publisher.utils`): an HMAC-SHA256, keyed with
 * `[publisher] telemetry_secret`, over `str(name)` and `str(value)` of every pair that
 * `recursive_keypairs` yields, skipping the top-level `message_signature`.
 *
 * Verifying a message from Python: Python signs the values it holds (`1.0` is a float and signs as
 * `1.0`), and `JSON.parse` would turn `1.0` into `1`, which signs as `1`. So parse the JSON text with
 * {@link parsePyJson}, which keeps floats as {@link PyFloat}, and verify that (or call
 * {@link verifySignatureJson} on the text). Messages we build from plain numbers need nothing special:
 * the number rule in `py-value.ts` signs them as Python will see them after JSON.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parsePyJson } from './py-json.js';
import { pyStr } from './python-str.js';
import { PyBytes, PyEntriesDict, compareCodePoints, isPyDict, type PyDict, type PyValue } from './py-value.js';

/** The key upstream skips when signing (the signature itself). */
export const SIGNATURE_KEY = 'message_signature';

/**
 * Upstream's `decode_unicode`: strings become UTF-8 bytes, tuples and lists become lists, dicts are
 * rebuilt with sorted keys (which become bytes too). This is why a list `['a']` signs as `[b'a']`.
 */
export function decodeUnicode(value: PyValue): PyValue {
  if (typeof value === 'string') return PyBytes.fromString(value);
  if (Array.isArray(value)) return (value as readonly PyValue[]).map(decodeUnicode);
  if (isPyDict(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort(compareCodePoints);
    return new PyEntriesDict(keys.map((k) => [PyBytes.fromString(k), decodeUnicode(value[k] as PyValue)] as const));
  }
  return value;
}

/**
 * Upstream's `recursive_keypairs`: sorted keys at each level, nested dicts flattened into
 * `outer:inner` names (an empty dict yields nothing), lists passed through {@link decodeUnicode}.
 */
export function* recursiveKeypairs(d: PyDict, separator = ':'): Generator<[string, PyValue]> {
  const keys = Object.keys(d).sort(compareCodePoints);
  for (const name of keys) {
    const value = d[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      yield [name, decodeUnicode(value)];
    } else if (isPyDict(value)) {
      for (const [subname, subvalue] of recursiveKeypairs(value, separator)) {
        yield [`${name}${separator}${subname}`, subvalue];
      }
    } else {
      yield [name, value as PyValue];
    }
  }
}

/**
 * Upstream's `compute_signature`: the hex HMAC-SHA256 of a message, or `''` when the secret is empty
 * (signing disabled).
 */
export function computeSignature(message: PyDict, secret: string): string {
  if (!secret) return '';
  const hmac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  for (const [name, value] of recursiveKeypairs(message)) {
    if (name === SIGNATURE_KEY) continue;
    hmac.update(name, 'utf8');
    hmac.update(pyStr(value), 'utf8');
  }
  return hmac.digest('hex');
}

/**
 * Upstream's `verify_signature`: true when `message_signature` matches the signature of the rest
 * (constant-time compare), and always true when the secret is empty. Where upstream would raise (a
 * non-string or non-ASCII signature), this returns false.
 */
export function verifySignature(message: PyDict, secret: string): boolean {
  if (!secret) return true;
  const given = message[SIGNATURE_KEY] ?? '';
  if (typeof given !== 'string' || !/^[\x00-\x7f]*$/.test(given)) return false;
  const expected = Buffer.from(computeSignature(message, secret), 'ascii');
  const actual = Buffer.from(given, 'ascii');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Verifies one JSON-encoded message (a meter or event message as Python's `json.dumps` wrote it),
 * parsing it with {@link parsePyJson} so that Python's floats sign as floats.
 * @throws WireFormatError when the text is not JSON.
 */
export function verifySignatureJson(text: string, secret: string): boolean {
  const message = parsePyJson(text);
  return isPyDict(message) && verifySignature(message, secret);
}
