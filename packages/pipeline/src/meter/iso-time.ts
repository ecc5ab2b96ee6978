/**
 * Upstream's `timeutils.parse_isotime` (the iso8601 library, UTC when no offset is given) and the two
 * renderings ceilometer makes of it: the aware `isoformat()` of sample timestamps
 * (`2024-05-01T12:00:00.123456+00:00`) and the naive UTC `isoformat()` of event times and datetime
 * traits (`2024-05-01T12:00:00.123456`).
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** Text that iso8601.parse_date rejects (upstream raises ValueError). */
export class IsoTimeError extends CeilometerError {
  readonly code = 'CEILO_ERR_ISO_TIME' as const;
}

/** A parsed date-time: wall-clock fields plus the UTC offset in minutes. */
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

const ISO8601 =
  /^(?<year>\d{4})(?:(?:-(?<monthdash>\d{1,2})|(?<month>\d{2})(?!$))(?:(?:-(?<daydash>\d{1,2})|(?<day>\d{2}))(?:[ T](?<hour>\d{2})(?::?(?<minute>\d{2}))?(?::?(?<second>\d{1,2})(?:[.,](?<fraction>\d+))?)?(?<tz>Z|(?<sign>[-+])(?<tzh>\d{2}):?(?<tzm>\d{2})?)?)?)?)?$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Parses ISO 8601 text as upstream does (`2024-05-01 12:00:00.123456`, `...T...Z`, `...+02:00`,
 * date only); fractions beyond microseconds are truncated.
 * @throws IsoTimeError for anything else (non-strings included).
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
  const maxDay = t.month === 2 && isLeap(t.year) ? 29 : DAYS[t.month - 1];
  if (t.year < 1 || maxDay === undefined || t.day < 1 || t.day > maxDay || t.hour > 23 || t.minute > 59 || t.second > 59 || Math.abs(t.offsetMinutes) >= 24 * 60) {
    throw new IsoTimeError(`Unable to parse date string ${JSON.stringify(text)}: value out of range`);
  }
  return t;
}

/** Microseconds since the epoch of a parsed time. */
export function isoTimeEpochMicros(t: IsoTime): number {
  const d = new Date(0);
  d.setUTCFullYear(t.year, t.month - 1, t.day);
  d.setUTCHours(t.hour, t.minute - t.offsetMinutes, t.second, 0);
  return d.getTime() * 1000 + t.microsecond;
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
  const ms = Math.floor(micros / 1000);
  const d = new Date(ms);
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

/** `parse_isotime(text).isoformat()`, the timestamp of a sample made from a notification. */
export function sampleTimestamp(text: unknown): string {
  return isoformatAware(parseIsoTime(text));
}
