/**
 * A sink printing samples as a table for a person at a terminal (`ceilometer-polling --poll-once`
 * when stdout is a TTY, or `--format table`): meter, type, unit, volume, resource and the first
 * metadata entries, each cut to fit the terminal's width. Rows are printed as batches arrive, so
 * the columns have fixed widths, computed once from the width.
 */
import type { Writable } from 'node:stream';
import type { Sample } from '@ceilometer-ts/sdk';
import type { SampleSink } from '../sink.js';

/** Column widths for a terminal `width` characters wide. */
export interface TableLayout {
  readonly meter: number;
  readonly type: number;
  readonly unit: number;
  readonly volume: number;
  readonly resource: number;
  readonly metadata: number;
}

/** Fits the columns in `width` (at least 80 is assumed): meter and resource share what type, unit and volume leave. */
export function tableLayout(width: number): TableLayout {
  const total = Math.max(80, width);
  const type = 10;
  const unit = 8;
  const volume = 12;
  const rest = total - type - unit - volume - 5; // five one-space gaps
  const meter = Math.min(40, Math.floor(rest * 0.45));
  const resource = Math.min(40, Math.floor(rest * 0.3));
  return { meter, type, unit, volume, resource, metadata: Math.max(8, rest - meter - resource) };
}

/** `text` cut to `width` characters, with `…` when cut. */
export function fit(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= width ? flat.padEnd(width) : `${flat.slice(0, Math.max(0, width - 1))}…`;
}

function metadataText(metadata: Sample['resource_metadata']): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (value === null || value === undefined || value === '') continue;
    parts.push(`${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
  return parts.join(' ');
}

/** One row of the table. */
export function tableRow(sample: Sample, layout: TableLayout): string {
  return [
    fit(sample.name, layout.meter),
    fit(sample.type, layout.type),
    fit(sample.unit, layout.unit),
    fit(String(sample.volume), layout.volume).trimEnd().padStart(layout.volume),
    fit(sample.resource_id, layout.resource),
    fit(metadataText(sample.resource_metadata), layout.metadata),
  ]
    .join(' ')
    .trimEnd();
}

/** The header row. */
export function tableHeader(layout: TableLayout): string {
  return [
    fit('METER', layout.meter),
    fit('TYPE', layout.type),
    fit('UNIT', layout.unit),
    'VOLUME'.padStart(layout.volume),
    fit('RESOURCE', layout.resource),
    'METADATA',
  ].join(' ');
}

/** Writes samples as table rows to a stream (stdout by default), with a header before the first. */
export class TableSink implements SampleSink {
  readonly #layout: TableLayout;
  #headerDone = false;

  constructor(private readonly out: Writable & { readonly columns?: number } = process.stdout, width?: number) {
    this.#layout = tableLayout(width ?? out.columns ?? 120);
  }

  async publish(samples: readonly Sample[]): Promise<void> {
    if (samples.length === 0) return;
    let text = '';
    if (!this.#headerDone) {
      text += `${tableHeader(this.#layout)}\n`;
      this.#headerDone = true;
    }
    for (const sample of samples) text += `${tableRow(sample, this.#layout)}\n`;
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }

  async close(): Promise<void> {
    // The stream belongs to the caller (stdout is never closed).
  }
}
