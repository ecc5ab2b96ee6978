import { isIPv4, isIPv6 } from 'node:net';
import type { OptionDeclaration, OptionType } from '@ceilometer-ts/sdk';

/** Result of converting one raw string to an option's type: the value, or why it does not fit. */
export type Conversion = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** The type names oslo-config-generator prints after each option's help (`(integer value)`). */
export const OPTION_TYPE_NAMES: Readonly<Record<OptionType, string>> = {
  string: 'string value',
  integer: 'integer value',
  float: 'floating point value',
  boolean: 'boolean value',
  list: 'list value',
  dict: 'dict value',
  multistring: 'multi valued',
  port: 'port value',
  uri: 'uri value',
  hostaddress: 'host address value',
  duration: 'duration value',
};

const TRUE_VALUES = new Set(['true', '1', 'on', 'yes']);
const FALSE_VALUES = new Set(['false', '0', 'off', 'no']);
const INTEGER = /^[+-]?\d+(?:_\d+)*$/;
const FLOAT = /^[+-]?(?:(?:\d+(?:_\d+)*)?\.?\d+(?:_\d+)*(?:[eE][+-]?\d+)?|\d+(?:_\d+)*\.|inf(?:inity)?|nan)$/i;
const DURATION_PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?/y;
const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
const HOSTNAME_LABEL = /^(?!-)[A-Z0-9-]{1,63}(?<!-)$/i;

const ok = (value: unknown): Conversion => ({ ok: true, value });
const fail = (message: string): Conversion => ({ ok: false, message });
const quoted = (raw: string): string => JSON.stringify(raw);

/** Port options are bounded to 0..65535 unless the declaration narrows them. */
export function effectiveBounds(decl: OptionDeclaration): { min?: number; max?: number } {
  if (decl.type === 'port') return { min: decl.min ?? 0, max: decl.max ?? 65535 };
  return { min: decl.min, max: decl.max };
}

function checkNumber(decl: OptionDeclaration, value: number, raw: string): Conversion {
  if (decl.choices && decl.choices.length > 0) {
    return decl.choices.some((c) => Number(c) === value)
      ? ok(value)
      : fail(`expected one of [${decl.choices.join(', ')}], got ${quoted(raw)}`);
  }
  const { min, max } = effectiveBounds(decl);
  if (min !== undefined && value < min) return fail(`should be greater than or equal to ${min}, got ${quoted(raw)}`);
  if (max !== undefined && value > max) return fail(`should be less than or equal to ${max}, got ${quoted(raw)}`);
  return ok(value);
}

function checkChoice(decl: OptionDeclaration, value: string): Conversion {
  if (decl.choices && decl.choices.length > 0 && !decl.choices.includes(value)) {
    return fail(`expected one of [${decl.choices.join(', ')}], got ${quoted(value)}`);
  }
  return ok(value);
}

function parseFloatLike(s: string): number {
  const t = s.replace(/_/g, '').toLowerCase();
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  if (body.startsWith('inf')) return sign * Infinity;
  if (body === 'nan') return NaN;
  return Number(t);
}

function convertList(raw: string): Conversion {
  const s = raw.trim().replace(/,+$/, '');
  return ok(s ? s.split(',').map((item) => item.trim()) : []);
}

/** oslo's Dict: `k:v` pairs split on commas; a piece without `:` is glued to the next one. */
function convertDict(raw: string): Conversion {
  const result: Record<string, string> = {};
  const s = raw.trim();
  if (s === '') return ok(result);
  const pairs = s.split(',');
  while (pairs.length > 0) {
    let pair = pairs.shift() as string;
    while (!pair.includes(':')) {
      if (pairs.length === 0) return fail(`expected NAME:VALUE pairs separated by ",", got ${quoted(raw)}`);
      pair += `,${pairs.shift() as string}`;
    }
    const at = pair.indexOf(':');
    const key = pair.slice(0, at).trim();
    if (key === '') return fail(`key name should not be empty, got ${quoted(raw)}`);
    if (Object.hasOwn(result, key)) return fail(`duplicate key ${key}, got ${quoted(raw)}`);
    result[key] = pair.slice(at + 1).trim();
  }
  return ok(result);
}

function isHostname(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const labels = (value.endsWith('.') ? value.slice(0, -1) : value).split('.');
  if (!/[a-zA-Z-]/.test(labels[labels.length - 1] ?? '')) return false;
  return labels.every((label) => HOSTNAME_LABEL.test(label));
}

/** oslo's URI check (rfc3986): a scheme and a valid host are required; userinfo is not checked. */
function isUri(value: string): boolean {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(value);
  if (!m) return false;
  const authority = m[2] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    return end > 0 && isIPv6(hostPort.slice(1, end)) && /^(?::\d*)?$/.test(hostPort.slice(end + 1));
  }
  const [host = '', port, ...rest] = hostPort.split(':');
  if (rest.length > 0 || (port !== undefined && !/^\d*$/.test(port))) return false;
  return host.length > 0 && /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/.test(host);
}

function convertDuration(decl: OptionDeclaration, raw: string): Conversion {
  const s = raw.trim();
  const bad = fail(`expected a duration (seconds, or like 30s, 5m, 1h), got ${quoted(raw)}`);
  if (s === '') return bad;
  let total = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < s.length) {
    const m = DURATION_PART.exec(s);
    if (!m || m[0] === '') return bad;
    total += Number(m[1]) * (DURATION_UNITS[m[2] ?? 's'] ?? 1);
    while (s[DURATION_PART.lastIndex] === ' ') DURATION_PART.lastIndex += 1;
  }
  return checkNumber(decl, total, raw);
}

/**
 * Converts one raw string from a config file to the declared type, with oslo.config's rules:
 * empty integer/float/port values mean "unset" (undefined), booleans accept true/false, yes/no,
 * on/off and 1/0 in any case, lists split on commas, dicts are `k:v,k2:v2`.
 * For a multistring, call it once per value.
 */
export function convertOptionValue(decl: OptionDeclaration, raw: string): Conversion {
  switch (decl.type) {
    case 'string':
    case 'multistring':
      return checkChoice(decl, raw);
    case 'boolean': {
      const s = raw.toLowerCase();
      if (TRUE_VALUES.has(s)) return ok(true);
      if (FALSE_VALUES.has(s)) return ok(false);
      return fail(`expected a boolean (true/false, yes/no, on/off, 1/0), got ${quoted(raw)}`);
    }
    case 'integer':
    case 'port': {
      const s = raw.trim();
      if (s === '') return ok(undefined);
      if (!INTEGER.test(s)) return fail(`expected ${decl.type === 'port' ? 'a port number' : 'an integer'}, got ${quoted(raw)}`);
      return checkNumber(decl, Number(s.replace(/_/g, '')), raw);
    }
    case 'float': {
      const s = raw.trim();
      if (s === '') return ok(undefined);
      if (!FLOAT.test(s)) return fail(`expected a floating point number, got ${quoted(raw)}`);
      return checkNumber(decl, parseFloatLike(s), raw);
    }
    case 'list':
      return convertList(raw);
    case 'dict':
      return convertDict(raw);
    case 'uri':
      return isUri(raw) ? checkChoice(decl, raw) : fail(`expected a URI with a scheme and a host, got ${quoted(raw)}`);
    case 'hostaddress':
      return isIPv4(raw) || isIPv6(raw) || isHostname(raw)
        ? checkChoice(decl, raw)
        : fail(`expected an IP address or host name, got ${quoted(raw)}`);
    case 'duration':
      return convertDuration(decl, raw);
  }
}

/** Checks a value that did not come from a file (a declared default, an override) against its declaration. */
export function convertTypedValue(decl: OptionDeclaration, value: unknown): Conversion {
  if (value === undefined || value === null) return ok(undefined);
  if (typeof value === 'string') {
    if (decl.type === 'multistring') return convertTypedValue(decl, [value]);
    return convertOptionValue(decl, value);
  }
  const text = quoted(String(value));
  switch (decl.type) {
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : fail(`expected a boolean, got ${text}`);
    case 'integer':
    case 'port':
      return Number.isInteger(value) ? checkNumber(decl, value as number, String(value)) : fail(`expected an integer, got ${text}`);
    case 'float':
    case 'duration':
      return typeof value === 'number' ? checkNumber(decl, value, String(value)) : fail(`expected a number, got ${text}`);
    case 'list':
    case 'multistring':
      return Array.isArray(value) ? ok(value.map(String)) : fail(`expected a list, got ${text}`);
    case 'dict':
      return typeof value === 'object' && !Array.isArray(value) ? ok(value) : fail(`expected a dict, got ${text}`);
    default:
      return fail(`expected a string, got ${text}`);
  }
}
