/**
 * Timestamps as upstream parses them: oslo_utils' `timeutils.parse_isotime`, which is the iso8601
 * library's `parse_date` (UTC when no offset is given), and the two renderings ceilometer makes of
 * the result: the aware `isoformat()` of samples made from notifications
 * (`2024-05-01T12:00:00.123456+00:00`) and the naive UTC `isoformat()` of event times and datetime
 * traits (`2024-05-01T12:00:00.123456`). The one parser every package and plugin uses, so a
 * timestamp parses everywhere or nowhere.
 */
import { IsoTimeError } from './errors.js';

/** A parsed date-time: the wall-clock fields as written plus the UTC offset in minutes. */
export interface IsoTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  readonly offsetMinutes: number;
}

// NOTE: iso8601's ISO8601_REGEX, used with re.match (anchored at the start) and ending in `$`,
// which in Python also matches before one trailing line feed.
const ISO8601 =
  /^(?<year>[0-9]{4})(?:(?:-(?<monthdash>[0-9]{1,2})|(?<month>[0-9]{2})(?!\n?$))(?:(?:-(?<daydash>[0-9]{1,2})|(?<day>[0-9]{2}))(?:[ T](?<hour>[0-9]{2})(?::?(?<minute>[0-9]{2}))?(?::?(?<second>[0-9]{1,2})(?:[.,](?<fraction>[0-9]+))?)?(?<tz>Z|(?<sign>[-+])(?<tzh>[0-9]{2}):?(?<tzm>[0-9]{2})?)?)?)?)?\n?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Parses ISO 8601 text exactly as upstream does: `2024-05-01 12:00:00.123456`, `...T...Z`,
 * `...+02:00`, `...+0200`, `...+02`, `20240501T120000`, date only, year only; fractions beyond
 * microseconds are truncated; no surrounding spaces, lower-case `t`/`z` or 24:00.
 * @throws IsoTimeError for anything else (non-strings included), as upstream raises ValueError.
 */
export function parseIsoTime(text: unknown): IsoTime {
  if (typeof text !== 'string') throw new IsoTimeError(`expected an ISO 8601 string, got ${text === null ? 'None' : typeof text}`);
  const g = ISO8601.exec(text)?.groups;
  if (!g) throw new IsoTimeError(`Unable to parse date string ${JSON.stringify(text)}`);
  const num = (v: string | undefined, dflt: number): number => (v === undefined ? dflt : Number(v));
  const t: IsoTime = {
    year: num(g['year'], 0),
    month: num(g['month'] ?? g['monthdash'], 1),
    day: num(g['day'] ?? g['daydash'], 1),
    hour: num(g['hour'], 0),
    minute: num(g['minute'], 0),
    second: num(g['second'], 0),
    microsecond: g['fraction'] ? Number(g['fraction'].slice(0, 6).padEnd(6, '0')) : 0,
    offsetMinutes: g['tz'] === undefined || g['tz'] === 'Z' ? 0 : (g['sign'] === '-' ? -1 : 1) * (num(g['tzh'], 0) * 60 + num(g['tzm'], 0)),
  };
  const maxDay = t.month === 2 && isLeap(t.year) ? 29 : DAYS_IN_MONTH[t.month - 1];
  // datetime() refuses these, and timezone() an offset of a whole day or more
  if (t.year < 1 || maxDay === undefined || t.day < 1 || t.day > maxDay || t.hour > 23 || t.minute > 59 || t.second > 59 || Math.abs(t.offsetMinutes) >= 24 * 60) {
    throw new IsoTimeError(`Unable to parse date string ${JSON.stringify(text)}: value out of range`);
  }
  return t;
}

/** Microseconds since the Unix epoch of a parsed time. */
export function isoTimeEpochMicros(t: IsoTime): number {
  const d = new Date(0);
  d.setUTCFullYear(t.year, t.month - 1, t.day);
  d.setUTCHours(t.hour, t.minute - t.offsetMinutes, t.second, 0);
  return d.getTime() * 1000 + t.microsecond;
}

/** Microseconds since the Unix epoch of ISO 8601 text, or undefined where upstream's parser fails. */
export function isoTextEpochMicros(text: unknown): number | undefined {
  try {
    return isoTimeEpochMicros(parseIsoTime(text));
  } catch (err) {
    if (err instanceof IsoTimeError) return undefined;
    throw err;
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function wallClock(t: Omit<IsoTime, 'offsetMinutes'>): string {
  const base = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
  return t.microsecond === 0 ? base : `${base}.${pad(t.microsecond, 6)}`;
}

/** Python's `isoformat()` of the aware datetime: the wall clock as given plus its offset (`+00:00` for UTC). */
export function isoformatAware(t: IsoTime): string {
  const sign = t.offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(t.offsetMinutes);
  return `${wallClock(t)}${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
}

/** `normalize_time(...).isoformat()`: converted to UTC, rendered without an offset. */
export function isoformatNaiveUtc(t: IsoTime): string {
  const micros = isoTimeEpochMicros(t);
  const d = new Date(Math.floor(micros / 1000));
  return wallClock({
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    microsecond: micros - Math.floor(micros / 1_000_000) * 1_000_000,
  });
}

/**
 * `parse_isotime(text).isoformat()`, the timestamp of a sample made from a notification.
 * @throws IsoTimeError when the text does not parse.
 */
export function sampleTimestamp(text: unknown): string {
  return isoformatAware(parseIsoTime(text));
}
