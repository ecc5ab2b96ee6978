/**
 * Samples in the Prometheus text exposition format (version 0.0.4), as upstream's
 * PrometheusPublisher writes them for the Pushgateway: the meter name with `.` and `-` turned into
 * `_`, `# TYPE` counter for cumulative and gauge for gauge (delta stays untyped), labels
 * `resource_id`, `user_id` and `project_id`. Unlike upstream, any other character a metric name
 * cannot hold is replaced too, label values are escaped, a series repeated in one body keeps its
 * last value (the Pushgateway refuses duplicates), and NaN/infinities use Prometheus' spelling.
 */
import type { Sample } from '@ceilometer-ts/sdk';

/** A Prometheus metric name for a meter: `disk.read.bytes` becomes `disk_read_bytes`. */
export function metricName(meter: string): string {
  const name = meter.replace(/[^A-Za-z0-9_:]/g, '_');
  return /^[0-9]/.test(name) || name === '' ? `_${name}` : name;
}

/** A label value in double quotes: backslash, double quote and line feed escaped. */
export function quoteLabelValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * A sample value: Go's ParseFloat reads JS number text; NaN and infinities need Prometheus' words.
 * A bigint volume (an int beyond 2^53 from the wire) is written exactly, as upstream's `str()` does.
 */
export function formatValue(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Python's `str()` of an id, as upstream prints it into the label (`None` for no id). */
const pyStr = (value: string | null): string => (value === null ? 'None' : value);

/** The Prometheus type of a sample type; delta has none (untyped). */
export function metricType(type: Sample['type']): 'counter' | 'gauge' | undefined {
  return type === 'cumulative' ? 'counter' : type === 'gauge' ? 'gauge' : undefined;
}

interface Family {
  readonly type: 'counter' | 'gauge' | undefined;
  readonly series: Map<string, string>;
}

/**
 * One exposition body for `samples`, metric families in first-seen order, ending with a line feed.
 * Samples without a volume are skipped. Returns '' when nothing is left.
 */
export function toExposition(samples: readonly Sample[]): string {
  const families = new Map<string, Family>();
  for (const s of samples) {
    if (s.volume === null || s.volume === undefined) continue;
    const name = metricName(s.name);
    let family = families.get(name);
    if (!family) {
      family = { type: metricType(s.type), series: new Map() };
      families.set(name, family);
    }
    const labels = `{resource_id=${quoteLabelValue(s.resource_id)}, user_id=${quoteLabelValue(pyStr(s.user_id))}, project_id=${quoteLabelValue(pyStr(s.project_id))}}`;
    family.series.delete(labels); // re-insert: last value wins, in last-seen position
    family.series.set(labels, formatValue(s.volume));
  }
  let out = '';
  for (const [name, family] of families) {
    if (family.type) out += `# TYPE ${name} ${family.type}\n`;
    for (const [labels, value] of family.series) out += `${name}${labels} ${value}\n`;
  }
  return out;
}
