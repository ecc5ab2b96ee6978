/**
 * The slice of upstream's `timeutils.parse_isotime` the timedelta plugin needs: ISO 8601 text (UTC
 * when no offset is given) to microseconds since the epoch.
 */
const ISO8601 =
  /^(\d{4})(?:(?:-(\d{1,2})|(\d{2})(?!$))(?:(?:-(\d{1,2})|(\d{2}))(?:[ T](\d{2})(?::?(\d{2}))?(?::?(\d{1,2})(?:[.,](\d+))?)?(Z|([-+])(\d{2}):?(\d{2})?)?)?)?)?$/;

/** Microseconds since the epoch, or undefined for text upstream cannot parse. */
export function isoTimeMicros(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = ISO8601.exec(text);
  if (!m) return undefined;
  const n = (i: number, dflt: number): number => (m[i] === undefined ? dflt : Number(m[i]));
  const [year, month, day] = [n(1, 0), n(2, n(3, 1)), n(4, n(5, 1))];
  const [hour, minute, second] = [n(6, 0), n(7, 0), n(8, 0)];
  const micro = m[9] ? Number(m[9].slice(0, 6).padEnd(6, '0')) : 0;
  const offset = m[10] === undefined || m[10] === 'Z' ? 0 : (m[11] === '-' ? -1 : 1) * (n(12, 0) * 60 + n(13, 0));
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCDate() !== day) return undefined;
  d.setUTCHours(hour, minute - offset, second, 0);
  return d.getTime() * 1000 + micro;
}
