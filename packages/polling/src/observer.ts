/**
 * Hooks into polling cycles, for metrics, the heartbeat and the Prometheus exporter.
 * Every method is optional and must not throw (errors are logged and ignored).
 */
import type { Sample } from '@ceilometer-ts/sdk';

/**
 * What happened to one pollster in one source during a cycle. `partial`: samples were produced but
 * some resources failed (reported through the cycle). `no-resources`: not polled, since neither the
 * source's static resources nor any discovery yielded a resource. `skipped`: not polled because
 * every resource found was already polled this cycle (by another source) or is blacklisted.
 */
export type PollsterStatus = 'ok' | 'partial' | 'error' | 'permanent-error' | 'no-resources' | 'skipped';

/** One pollster's result in a cycle. */
export interface PollsterOutcome {
  readonly source: string;
  readonly pollster: string;
  readonly status: PollsterStatus;
  readonly samples: number;
  /** Resources polled (after de-duplication and blacklisting). */
  readonly resources: number;
  readonly durationMs: number;
  readonly error?: Error;
  /** Resources reported as failed while the pollster went on (status `partial`). */
  readonly failedResources?: number;
}

/** One cycle of one task. */
export interface CycleResult {
  readonly interval: number;
  /** UTC ISO start time. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly samples: number;
  readonly outcomes: readonly PollsterOutcome[];
  /** Discoveries that threw this cycle (their resources counted as none). */
  readonly discoveryFailures: number;
}

/** Observer of the polling agent. */
export interface PollingObserver {
  /** A pollster is about to be considered in a source (before the resource check). */
  pollsterStarting?(source: string, pollster: string): void;
  /** A pollster was called with resources at `timestamp` (upstream's heartbeat point). */
  pollsterPolled?(pollster: string, timestamp: string): void;
  /** A batch was handed to the sink. */
  samplesSent?(pollster: string, samples: readonly Sample[]): void;
  /** The sink failed a batch. */
  publishFailed?(pollster: string, samples: readonly Sample[], error: Error): void;
  pollsterFinished?(outcome: PollsterOutcome): void;
  cycleFinished?(result: CycleResult): void;
  /** A cycle ended after the next one was due; `skipped` cycles were not run. */
  cycleOverrun?(interval: number, skipped: number): void;
}

/** Calls a hook on every observer, isolating their failures. */
export function notifyObservers<K extends keyof PollingObserver>(
  observers: readonly PollingObserver[],
  hook: K,
  ...args: Parameters<NonNullable<PollingObserver[K]>>
): void {
  for (const o of observers) {
    const fn = o[hook] as ((...a: unknown[]) => void) | undefined;
    if (!fn) continue;
    try {
      fn.apply(o, args);
    } catch {
      // An observer is never allowed to break a cycle.
    }
  }
}
