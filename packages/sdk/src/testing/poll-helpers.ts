/**
 * Driving a plugin as the agents do, without an agent: a poll cycle, the samples a pollster gives
 * for some resources (whatever `getSamples` returns: async iterable, promise or iterable), and a
 * sample stream through a transformer with its end-of-batch flush.
 */
import { MapCycleCache, type PollCycle } from '../poll-cycle.js';
import type { Pollster } from '../pollster.js';
import type { Sample } from '../sample.js';
import type { Transformer } from '../transformer.js';

/** A PollCycle for tests: a fresh cache, a fixed timestamp, source `test`, a signal never aborted. */
export function fakePollCycle(init: Partial<PollCycle> = {}): PollCycle {
  return {
    cache: new MapCycleCache(),
    timestamp: '2026-01-01T00:00:00.000000',
    sourceName: 'test',
    signal: new AbortController().signal,
    ...init,
  };
}

/** Every sample `pollster.getSamples(cycle, resources)` gives, in order. */
export async function pollSamples<R>(pollster: Pollster<R>, resources: readonly R[] = [], cycle: PollCycle = fakePollCycle()): Promise<Sample[]> {
  const produced = await pollster.getSamples(cycle, resources);
  const samples: Sample[] = [];
  if (Symbol.asyncIterator in Object(produced)) {
    for await (const sample of produced as AsyncIterable<Sample>) samples.push(sample);
  } else {
    for (const sample of produced as Iterable<Sample>) samples.push(sample);
  }
  return samples;
}

/** What a sink's chain does with one batch: each sample through `handleSample`, then `flush()`. */
export function transformSamples(transformer: Transformer, samples: readonly Sample[]): Sample[] {
  const out: Sample[] = [];
  for (const sample of samples) {
    const passed = transformer.handleSample(sample);
    if (passed !== null) out.push(passed);
  }
  return [...out, ...transformer.flush()];
}
