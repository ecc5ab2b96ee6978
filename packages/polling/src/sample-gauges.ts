/**
 * The latest polled samples as Prometheus gauges, named and labelled as upstream's
 * `ceilometer/polling/prom_exporter.py`: `ceilometer_<meter with dots as underscores>`, labels
 * from the meter name's parts, project, user, unit, resource and some resource metadata.
 * A pollster's gauges are dropped when it runs again, so only the latest cycle is exposed.
 */
import type { Sample } from '@ceilometer-ts/sdk';
import type { PollingObserver } from './observer.js';
import { sanitizeMetricName, type Labels, type MetricFamily } from '@ceilometer-ts/prometheus-text';

/** Gauge family name of a meter. */
export function gaugeName(meter: string): string {
  return sanitizeMetricName(`ceilometer_${meter.replace(/\./g, '_')}`);
}

/** Labels of a sample, in upstream's order (`_gen_labels`). */
export function sampleLabels(sample: Sample): Labels {
  const labels: [string, string][] = [];
  const add = (k: string, v: unknown): void => {
    const key = sanitizeMetricName(k);
    if (!labels.some(([existing]) => existing === key)) labels.push([key, String(v)]);
  };
  const shards = sample.name.split('.');
  add(shards[0]!, shards.length > 2 ? shards[2] : sample.resource_id);
  add('publisher', 'ceilometer');
  add('type', shards.length > 1 ? shards[1] : shards[0]);
  if (sample.name) add('counter', sample.name);
  if (sample.project_id) add('project', sample.project_id);
  if (sample.user_id) add('user', sample.user_id);
  if (sample.unit) add('unit', sample.unit);
  if (sample.resource_id) add('resource', sample.resource_id);
  const md = sample.resource_metadata as Record<string, unknown>;
  if (md && Object.keys(md).length > 0) {
    if (md.host) add('vm_instance', md.host);
    if (md.display_name) add('resource_name', md.name ? `${String(md.display_name)}:${String(md.name)}` : md.display_name);
    else if (md.name) add('resource_name', md.name);
    const userMetadata = (md.user_metadata ?? {}) as Record<string, unknown>;
    add('server_group', userMetadata.server_group ? userMetadata.server_group : 'none');
    if (md.alarm_state !== undefined && md.alarm_state !== null && md.alarm_state !== '') add('state', md.alarm_state);
    if (sample.name.startsWith('loadbalancer')) add('availability_zone', md.availability_zone || '');
    if (sample.name === 'volume.service.health') {
      for (const k of ['binary', 'zone', 'status']) add(k, md[k] || '');
    }
    const flavor = md.flavor as Record<string, unknown> | undefined;
    if (flavor && typeof flavor === 'object') {
      if (flavor.id) add('flavor_id', flavor.id);
      if (flavor.name) add('flavor_name', flavor.name);
    }
  }
  return labels;
}

/** Keeps the latest value of every sample series; an observer of the agent. */
export class SampleGauges implements PollingObserver {
  readonly #families = new Map<string, Map<string, { labels: Labels; value: number }>>();

  pollsterStarting(_source: string, pollster: string): void {
    this.#families.delete(gaugeName(pollster));
  }

  samplesSent(_pollster: string, samples: readonly Sample[]): void {
    for (const s of samples) this.set(s);
  }

  /** Records one sample (null volumes are not exposed). */
  set(sample: Sample): void {
    if (sample.volume === null || typeof sample.volume !== 'number') return;
    const name = gaugeName(sample.name);
    let family = this.#families.get(name);
    if (!family) this.#families.set(name, (family = new Map()));
    const labels = sampleLabels(sample);
    family.set(JSON.stringify(labels), { labels, value: sample.volume });
  }

  families(): MetricFamily[] {
    return [...this.#families.entries()].map(([name, series]) => ({
      name,
      help: '',
      type: 'gauge' as const,
      points: [...series.values()].map((s) => ({ labels: s.labels, value: s.value })),
    }));
  }
}
