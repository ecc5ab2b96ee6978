/**
 * A sink writing one JSON line per sample (`ceilometer-polling --poll-once`).
 */
import type { Writable } from 'node:stream';
import type { Sample } from '@ceilometer-ts/sdk';
import type { SampleSink } from '../sink.js';
import { sampleJsonLine } from './sample-json-line.js';

/** Writes samples as JSON lines to a stream (stdout by default). */
export class StdoutSink implements SampleSink {
  constructor(private readonly out: Writable = process.stdout) {}

  async publish(samples: readonly Sample[]): Promise<void> {
    if (samples.length === 0) return;
    let text = '';
    for (const sample of samples) text += `${sampleJsonLine(sample)}\n`;
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }

  async close(): Promise<void> {
    // The stream belongs to the caller (stdout is never closed).
  }
}
