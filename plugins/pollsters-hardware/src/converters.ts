/**
 * Value converters of meter definitions (`snmp_inspector.type`), a small fixed set instead of
 * Stein's `eval()`: `int`, `float`, `str`, `hex` (binary octets as bare hex, Stein's MAC lambda),
 * each optionally scaled (`int / 8`, `float * 1024`). Stein's three lambdas are accepted by their
 * exact text and mapped onto the same converters.
 */
import type { OidValue } from '@ceilometer-ts/sdk';

/** Converts a raw value; undefined when the value cannot be converted. */
export type Converter = (value: OidValue) => number | string | undefined;

/** A parsed converter: its canonical spelling and the function. */
export interface ConverterSpec {
  readonly text: string;
  readonly convert: Converter;
}

/** Stein's lambdas (snmp.yaml @ stein-eol), by exact text, as our spelling. */
const STEIN_ALIASES: Readonly<Record<string, string>> = {
  'lambda x: float(str(x))': 'float',
  'lambda x: int(x) / 8': 'int / 8',
  "lambda x: x.prettyPrint().replace('0x', '')": 'hex',
};

function asNumber(value: OidValue): number | undefined {
  const v = value.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** Binary octets as bare lower-case hex, whatever the inspector's rendering (`0x...`, `aa:bb`, raw chars). */
export function toHex(value: OidValue): string | undefined {
  const v = value.value;
  if (typeof v !== 'string') return undefined;
  if (v === '') return '';
  if (/^0x[0-9a-f]*$/i.test(v)) return v.slice(2).toLowerCase();
  if (/^[0-9a-f]{1,2}([:-][0-9a-f]{1,2})+$/i.test(v)) return v.split(/[:-]/).map((b) => b.padStart(2, '0')).join('').toLowerCase();
  return [...v].map((c) => (c.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')).join('');
}

const BASES: Readonly<Record<string, Converter>> = {
  int: (value) => {
    const n = asNumber(value);
    return n === undefined ? undefined : Math.trunc(n);
  },
  float: asNumber,
  str: (value) => (value.value === null ? undefined : String(value.value)),
  hex: toHex,
};

/** Names accepted as a converter's base. */
export const CONVERTER_NAMES: readonly string[] = Object.keys(BASES);

/**
 * Parses a converter spelling (default `int` when absent, as every Stein metric value is).
 * Returns an error message instead of throwing so the caller can locate it in the file.
 */
export function parseConverter(text: string | undefined, fallback = 'int'): ConverterSpec | string {
  const source = (text ?? fallback).trim();
  const canonical = STEIN_ALIASES[source] ?? source;
  const m = /^([a-z]+)\s*(?:([*/])\s*([0-9]+(?:\.[0-9]+)?))?$/.exec(canonical);
  const base = m ? BASES[m[1]!] : undefined;
  if (!m || !base) {
    return `unsupported converter ${JSON.stringify(source)}: use one of ${CONVERTER_NAMES.join(', ')}, optionally "* N" or "/ N" (no Python lambdas except Stein's three)`;
  }
  if (!m[2]) return { text: canonical, convert: base };
  if (m[1] === 'str' || m[1] === 'hex') return `converter ${JSON.stringify(source)}: only int and float can be scaled`;
  const factor = Number(m[3]);
  if (m[2] === '/' && factor === 0) return `converter ${JSON.stringify(source)}: division by zero`;
  const scale = m[2] === '*' ? (n: number) => n * factor : (n: number) => n / factor;
  return {
    text: canonical,
    convert: (value) => {
      const n = base(value);
      return typeof n === 'number' ? scale(n) : undefined;
    },
  };
}
