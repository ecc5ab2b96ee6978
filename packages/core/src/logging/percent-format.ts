/**
 * Python's `%`-style record formatting (`%(asctime)s.%(msecs)03d %(process)d ...`) and the strftime
 * subset `log_date_format` uses, so oslo's format strings and date format options work unchanged.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function utcOffset(date: Date, colon: boolean): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}

/** `time.strftime` in local time, for the directives log date formats use (`%Y-%m-%d %H:%M:%S` by default). */
export function strftime(format: string, date: Date): string {
  return format.replace(/%([a-zA-Z%])/g, (whole, directive: string) => {
    switch (directive) {
      case 'Y': return String(date.getFullYear());
      case 'y': return pad(date.getFullYear() % 100);
      case 'm': return pad(date.getMonth() + 1);
      case 'd': return pad(date.getDate());
      case 'e': return String(date.getDate()).padStart(2, ' ');
      case 'H': return pad(date.getHours());
      case 'I': return pad(date.getHours() % 12 || 12);
      case 'M': return pad(date.getMinutes());
      case 'S': return pad(date.getSeconds());
      case 'f': return pad(date.getMilliseconds() * 1000, 6);
      case 'p': return date.getHours() < 12 ? 'AM' : 'PM';
      case 'a': return DAYS[date.getDay()] as string;
      case 'b': return MONTHS[date.getMonth()] as string;
      case 'j': return pad(Math.floor((date.getTime() - new Date(date.getFullYear(), 0, 1).getTime()) / 86_400_000) + 1, 3);
      case 'z': return utcOffset(date, false);
      case 'Z': return Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? '';
      case '%': return '%';
      default: return whole;
    }
  });
}

/** ISO 8601 local time with microseconds and offset (oslo's `%(isotime)s`). */
export function isoLocal(date: Date): string {
  return `${strftime('%Y-%m-%dT%H:%M:%S', date)}.${pad(date.getMilliseconds() * 1000, 6)}${utcOffset(date, true)}`;
}

const DIRECTIVE = /%(?:%|\((\w+)\)([-#0 +]*)(\d*)(?:\.(\d+))?([sdirfx]))/g;

/**
 * Python's `format % mapping` for `%(key)s`, `%(key)d`, `%(key)03d`, `%(key)-8s`, `%(key).2f`, `%%`.
 * A key the mapping lacks formats as the empty string (oslo defaults its optional keys so).
 */
export function percentFormat(format: string, values: Readonly<Record<string, unknown>>): string {
  return format.replace(DIRECTIVE, (whole, key: string | undefined, flags: string, width: string, precision: string | undefined, conversion: string) => {
    if (key === undefined) return '%';
    const value = values[key];
    let text: string;
    if (conversion === 'd' || conversion === 'i') text = String(Math.trunc(Number(value ?? 0)));
    else if (conversion === 'f') text = Number(value ?? 0).toFixed(precision === undefined ? 6 : Number(precision));
    else if (conversion === 'x') text = Math.trunc(Number(value ?? 0)).toString(16);
    else text = value === undefined || value === null ? '' : String(value);
    if (conversion === 's' && precision !== undefined) text = text.slice(0, Number(precision));
    const w = width === '' ? 0 : Number(width);
    if (text.length >= w) return text;
    if (flags.includes('-')) return text.padEnd(w, ' ');
    if (flags.includes('0') && conversion !== 's') return text.startsWith('-') ? `-${text.slice(1).padStart(w - 1, '0')}` : text.padStart(w, '0');
    return text.padStart(w, ' ');
  });
}
