/**
 * Metric families rendered in the text exposition format (0.0.4).
 */
import { escapeHelp, escapeLabelValue } from './names.js';
import { formatFloatValue } from './values.js';

/** Label pairs in output order. */
export type Labels = ReadonlyArray<readonly [string, string]>;

/** One line of a family: `name{labels} value`, with an optional name suffix (`_total`, `_sum`). */
export interface MetricPoint {
  readonly labels: Labels;
  /** A bigint (an int beyond 2^53 from the wire) is written exactly. */
  readonly value: number | bigint;
  readonly suffix?: string;
}

/** A metric family: HELP (left out when undefined), TYPE (left out when undefined) and its points. */
export interface MetricFamily {
  readonly name: string;
  readonly help?: string;
  readonly type?: 'counter' | 'gauge' | 'summary' | 'untyped';
  readonly points: readonly MetricPoint[];
}

/** How {@link renderFamilies} spells labels and values. */
export interface RenderOptions {
  /** Between label pairs: `,` as prometheus_client (default), `, ` as upstream's publisher. */
  readonly labelSeparator?: string;
  /** Default {@link formatFloatValue}. */
  readonly formatValue?: (v: number) => string;
}

/** The content type of the text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Renders families in the text format, each line ending with a line feed. */
export function renderFamilies(families: readonly MetricFamily[], options: RenderOptions = {}): string {
  const separator = options.labelSeparator ?? ',';
  const format = options.formatValue ?? formatFloatValue;
  let out = '';
  for (const f of families) {
    if (f.help !== undefined) out += `# HELP ${f.name} ${escapeHelp(f.help)}\n`;
    if (f.type !== undefined) out += `# TYPE ${f.name} ${f.type}\n`;
    for (const p of f.points) {
      const labels = p.labels.length ? `{${p.labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(separator)}}` : '';
      out += `${f.name}${p.suffix ?? ''}${labels} ${typeof p.value === 'bigint' ? p.value.toString() : format(p.value)}\n`;
    }
  }
  return out;
}
