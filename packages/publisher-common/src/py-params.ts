/**
 * Python's readings of URL query parameters as upstream's publishers use them: `parse_qs` (blank
 * values dropped, last value wins where upstream takes `[-1]`), `int()` and oslo's `bool_from_string`.
 */

/** `urllib.parse.parse_qs(query)`: name to list of values, blank values dropped, in order. */
export function parseQs(query: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(query)) {
    if (value === '') continue;
    const list = out.get(name) ?? [];
    list.push(value);
    out.set(name, list);
  }
  return out;
}

/** `urlencode(params, doseq=True)`. */
export function urlencodeQs(params: ReadonlyMap<string, readonly string[]>): string {
  const search = new URLSearchParams();
  for (const [name, values] of params) for (const v of values) search.append(name, v);
  return search.toString();
}

const PY_INT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

/** Python's `int(text)`, or undefined where Python raises ValueError. */
export function pyInt(text: string | undefined): number | undefined {
  return text !== undefined && PY_INT.test(text) ? Number(text.trim().replaceAll('_', '')) : undefined;
}

const TRUE_STRINGS = new Set(['1', 't', 'true', 'on', 'y', 'yes']);
const FALSE_STRINGS = new Set(['0', 'f', 'false', 'off', 'n', 'no']);

/**
 * oslo's `strutils.bool_from_string`: true for 1/t/true/on/y/yes (any case), false otherwise; with
 * `strict`, undefined for anything that is neither a true nor a false string.
 */
export function boolFromString(text: string | boolean | undefined, strict = false): boolean | undefined {
  if (typeof text === 'boolean') return text;
  const v = (text ?? '').trim().toLowerCase();
  if (TRUE_STRINGS.has(v)) return true;
  if (!strict || FALSE_STRINGS.has(v)) return false;
  return undefined;
}

/** Removes `name` from `params` and returns its last value (upstream's `_get_param`). */
export function popParam(params: Map<string, string[]>, name: string): string | undefined {
  const values = params.get(name);
  params.delete(name);
  return values?.[values.length - 1];
}
