/**
 * The Prometheus text exposition format (0.0.4) as Python's prometheus_client writes it, so a
 * scrape of ours reads like a scrape of upstream's exporter.
 */

/** Label pairs in output order. */
export type Labels = ReadonlyArray<readonly [string, string]>;

/** One line of a family: `name{labels} value`, with an optional name suffix (`_total`, `_sum`). */
export interface MetricPoint {
  readonly labels: Labels;
  readonly value: number;
  readonly suffix?: string;
}

/** A metric family: HELP, TYPE and its points. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'summary' | 'untyped';
  readonly points: readonly MetricPoint[];
}

/** The content type of the text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Renders families in the text format. */
export function renderFamilies(families: readonly MetricFamily[]): string {
  let out = '';
  for (const f of families) {
    out += `# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n`;
    out += `# TYPE ${f.name} ${f.type}\n`;
    for (const p of f.points) {
      const labels = p.labels.length ? `{${p.labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
      out += `${f.name}${p.suffix ?? ''}${labels} ${formatValue(p.value)}\n`;
    }
  }
  return out;
}

/** A metric or label name made valid (`[a-zA-Z_:][a-zA-Z0-9_:]*`). */
export function sanitizeName(name: string): string {
  const s = name.replace(/[^a-zA-Z0-9_:]/g, '_');
  return /^[0-9]/.test(s) ? `_${s}` : s;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** Python's `repr(float(v))` with Go's spellings of the specials, as prometheus_client. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = v.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp >= -4 && exp < 16) {
    const plain = String(v);
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  const sign = exp < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
}
