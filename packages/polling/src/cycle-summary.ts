/**
 * The one INFO line a polling cycle ends with: what an operator tails to see that the agent polls
 * (samples, pollsters, resources, failures, duration), one per task and cycle. The per-pollster
 * lines stay at debug.
 */
import type { Logger } from '@ceilometer-ts/sdk';
import type { CycleResult, PollsterStatus } from './observer.js';
import type { TaskPlan } from './task-plan.js';

const FAILED: ReadonlySet<PollsterStatus> = new Set(['error', 'partial', 'permanent-error']);

/** The summary's numbers (also the structured fields of the line). */
export interface CycleSummary {
  readonly interval: number;
  readonly sources: readonly string[];
  readonly samples: number;
  /** Pollster runs considered (one per source and pollster). */
  readonly pollsters: number;
  /** Of those, runs that called the pollster (not skipped, not without resources). */
  readonly polled: number;
  readonly resources: number;
  readonly failed: number;
  readonly failedPollsters: readonly string[];
  readonly noResources: number;
  readonly discoveryFailures: number;
  readonly durationMs: number;
}

/** Adds up one cycle's outcomes. */
export function summarizeCycle(plan: TaskPlan, result: CycleResult): CycleSummary {
  let polled = 0;
  let resources = 0;
  let noResources = 0;
  const failedPollsters: string[] = [];
  for (const o of result.outcomes) {
    if (o.status === 'no-resources') noResources += 1;
    else if (o.status !== 'skipped') polled += 1;
    if (FAILED.has(o.status)) failedPollsters.push(`${o.source}/${o.pollster}`);
    resources += o.resources;
  }
  return {
    interval: plan.interval,
    sources: plan.sources.map((s) => s.source.name),
    samples: result.samples,
    pollsters: result.outcomes.length,
    polled,
    resources,
    failed: failedPollsters.length,
    failedPollsters,
    noResources,
    discoveryFailures: result.discoveryFailures,
    durationMs: result.durationMs,
  };
}

/**
 * Logs the summary at INFO, failures included: the failures themselves were logged at ERROR when
 * they happened, and one level for every cycle keeps the line greppable at one verbosity.
 */
export function logCycleSummary(logger: Logger, plan: TaskPlan, result: CycleResult): void {
  const s = summarizeCycle(plan, result);
  const problems = [
    ...(s.failed > 0 ? [`${s.failed} failed (${s.failedPollsters.join(', ')})`] : []),
    ...(s.noResources > 0 ? [`${s.noResources} without resources`] : []),
    ...(s.discoveryFailures > 0 ? [`${s.discoveryFailures} discovery error(s)`] : []),
  ];
  const message =
    `polling cycle of interval ${s.interval}s (${s.sources.join(', ')}) done in ${s.durationMs} ms: ` +
    `${s.samples} sample(s) from ${s.polled} of ${s.pollsters} pollster run(s) on ${s.resources} resource(s)` +
    (problems.length > 0 ? `; ${problems.join(', ')}` : '');
  logger.info({ ...s, summary: 'polling-cycle' }, message);
}
