/**
 * Samples in the Prometheus text exposition format (version 0.0.4), as upstream's
 * PrometheusPublisher writes them for the Pushgateway: the meter name with `.` and `-` turned into
 * `_`, `# TYPE` counter for cumulative and gauge for gauge (delta stays untyped), labels
 * `resource_id`, `user_id` and `project_id`. Unlike upstream, any other character a metric name
 * cannot hold is replaced too, label values are escaped, a series repeated in one body keeps its
 * last value (the Pushgateway refuses duplicates), and NaN/infinities use Prometheus' spelling.
 * The format itself is `@ceilometer-ts/prometheus-text`, shared with the polling agent's exporter.
 */
import { escapeLabelValue, formatPlainValue, renderFamilies, sanitizeMetricName, type Labels, type MetricFamily, type MetricPoint } from '@ceilometer-ts/prometheus-text';
import type { Sample } from '@ceilometer-ts/sdk';

/** A Prometheus metric name for a meter: `disk.read.bytes` becomes `disk_read_bytes`. */
export function metricName(meter: string): string {
  return sanitizeMetricName(meter);
}

/** A label value in double quotes: backslash, double quote and line feed escaped. */
export function quoteLabelValue(value: string): string {
  return `"${escapeLabelValue(value)}"`;
}

/**
 * A sample value: Go's ParseFloat reads JS number text; NaN and infinities need Prometheus' words.
 * A bigint volume (an int beyond 2^53 from the wire) is written exactly, as upstream's `str()` does.
 */
export function formatValue(value: number | bigint): string {
  return typeof value === 'bigint' ? value.toString() : formatPlainValue(value);
}

/** Python's `str()` of an id, as upstream prints it into the label (`None` for no id). */
const pyStr = (value: string | null): string => (value === null ? 'None' : value);

/** The Prometheus type of a sample type; delta has none (untyped). */
export function metricType(type: Sample['type']): 'counter' | 'gauge' | undefined {
  return type === 'cumulative' ? 'counter' : type === 'gauge' ? 'gauge' : undefined;
}

interface Family {
  readonly type: 'counter' | 'gauge' | undefined;
  /** Points by their label text, so a repeated series keeps its last value. */
  readonly series: Map<string, MetricPoint>;
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
    const labels: Labels = [['resource_id', s.resource_id], ['user_id', pyStr(s.user_id)], ['project_id', pyStr(s.project_id)]];
    const key = labels.map(([, v]) => v).join('\u0000');
    family.series.delete(key); // re-insert: last value wins, in last-seen position
    family.series.set(key, { labels, value: s.volume });
  }
  const rendered: MetricFamily[] = [...families].map(([name, f]) => ({ name, ...(f.type ? { type: f.type } : {}), points: [...f.series.values()] }));
  return renderFamilies(rendered, { labelSeparator: ', ', formatValue: formatPlainValue });
}
