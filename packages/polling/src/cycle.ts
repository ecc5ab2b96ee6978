/**
 * One polling cycle of one task (upstream's `PollingTask.poll_and_notify`): per-cycle caches,
 * resources from static lists, source discoveries or the pollster's default discovery,
 * de-duplication per pollster across sources, blacklisting, bounded concurrency, batching.
 */
import {
  DEFAULT_SAMPLE_SOURCE,
  MapCycleCache,
  PollsterPermanentError,
  isoTimestamp,
  resourceKey,
  utcNowIsoTimestamp,
  type Logger,
  type PollCycle,
  type Sample,
} from '@ceilometer-ts/sdk';
import { Batcher } from './batcher.js';
import type { Blacklist } from './blacklist.js';
import { runLimited } from './concurrency.js';
import { logCycleSummary } from './cycle-summary.js';
import type { DiscoveryCache, Discoverer } from './discoverer.js';
import { notifyObservers, type CycleResult, type PollingObserver, type PollsterOutcome } from './observer.js';
import type { PollingPartition } from './partition.js';
import type { PollsterEntry } from './plugins.js';
import { forEachSample } from './sample-stream.js';
import type { PollingSource } from './source.js';
import type { TaskPlan } from './task-plan.js';

/** What a cycle needs from the agent. */
export interface CycleContext {
  readonly discoverer: Discoverer;
  readonly blacklist: Blacklist;
  /** Hands one batch on (to the sink); a rejection is logged and counted, never fatal. */
  readonly publish: (samples: readonly Sample[]) => Promise<void>;
  readonly batchSize: number;
  /** `threads_to_process_pollsters`: 1 serial, N bounded, 0 unbounded. */
  readonly concurrency: number;
  /** `[DEFAULT] sample_source`, given to samples left at the default source. */
  readonly sampleSource: string;
  readonly logger: Logger;
  readonly observers: readonly PollingObserver[];
  /** Aborted when the agent gives up waiting at stop. */
  readonly signal: AbortSignal;
  /** Errors so far per pollster (for the "error #N" in logs). */
  readonly errorCounts: Map<string, number>;
  /** `source\0pollster` pairs already warned about having no resources (warned once, then debug). */
  readonly warnedNoResources: Set<string>;
  /** With `[coordination] backend_url`: this agent's share of the resources (none: all of them). */
  readonly partition?: PollingPartition;
}

interface CycleState {
  readonly cache: MapCycleCache;
  readonly discoveryCache: DiscoveryCache;
  /** Resources already polled this cycle, per pollster name. */
  readonly history: Map<string, Set<string>>;
  /** Pollsters whose error was already logged this cycle. */
  readonly loggedErrors: Set<string>;
  /** Discovery references that threw this cycle. */
  readonly discoveryFailures: Set<string>;
  /** This agent's share of each source's static resources, computed once per cycle. */
  readonly ownedStatic: Map<string, readonly string[]>;
}

/** Runs one cycle of a task; never rejects. */
export async function runCycle(plan: TaskPlan, ctx: CycleContext): Promise<CycleResult> {
  const started = Date.now();
  const startedAt = isoTimestamp(new Date(started));
  const state: CycleState = {
    cache: new MapCycleCache(), discoveryCache: new Map(), history: new Map(), loggedErrors: new Set(), discoveryFailures: new Set(), ownedStatic: new Map(),
  };
  // upstream's run_watchers(): the members of every group as they are now, once per cycle
  await ctx.partition?.refresh();
  const outcomes: PollsterOutcome[] = [];
  // Sources run one after the other, as upstream, so de-duplication across sources is deterministic.
  for (const { source, pollsters } of plan.sources) {
    if (ctx.signal.aborted) break;
    await runLimited(pollsters, ctx.concurrency, async (entry) => {
      outcomes.push(await pollOne(source, entry, ctx, state));
    });
  }
  const result: CycleResult = {
    interval: plan.interval,
    startedAt,
    durationMs: Date.now() - started,
    samples: outcomes.reduce((n, o) => n + o.samples, 0),
    outcomes,
    discoveryFailures: state.discoveryFailures.size,
  };
  logCycleSummary(ctx.logger, plan, result);
  notifyObservers(ctx.observers, 'cycleFinished', result);
  return result;
}

async function pollOne(source: PollingSource, entry: PollsterEntry, ctx: CycleContext, state: CycleState): Promise<PollsterOutcome> {
  const started = Date.now();
  const name = entry.name;
  notifyObservers(ctx.observers, 'pollsterStarting', source.name, name);
  const finish = (status: PollsterOutcome['status'], samples: number, resources: number, error?: Error, failedResources?: number): PollsterOutcome => {
    const outcome: PollsterOutcome = {
      source: source.name, pollster: name, status, samples, resources, durationMs: Date.now() - started,
      ...(error ? { error } : {}), ...(failedResources ? { failedResources } : {}),
    };
    notifyObservers(ctx.observers, 'pollsterFinished', outcome);
    return outcome;
  };
  const discoveryCycle = makeCycle(state, source.name, utcNowIsoTimestamp(), ctx.signal);
  let candidates: unknown[];
  let elsewhere: boolean;
  try {
    ({ resources: candidates, elsewhere } = await resolveResources(source, entry, ctx, state, discoveryCycle));
  } catch (err) {
    return finish('error', 0, 0, logError(ctx, state, source, name, err));
  }
  let history = state.history.get(name);
  if (!history) state.history.set(name, (history = new Set()));
  const resources: unknown[] = [];
  const hadHistory = history.size > 0;
  const blacklisted = ctx.blacklist.keysOf(source.name, name);
  for (const r of candidates) {
    const key = resourceKey(r);
    if (history.has(key)) continue;
    history.add(key);
    if (!blacklisted?.has(key)) resources.push(r);
  }
  if (elsewhere) {
    ctx.logger.debug({ pollster: name, source: source.name }, `Skip pollster ${name}, every resource belongs to another agent of its partitioning group`);
    return finish('skipped', 0, 0);
  }
  if (candidates.length === 0) {
    warnNoResources(ctx, source, entry);
    return finish('no-resources', 0, 0);
  }
  if (resources.length === 0) {
    ctx.logger.debug({ pollster: name, source: source.name }, `Skip pollster ${name}, no ${hadHistory ? 'new ' : ''}resources found this cycle`);
    return finish('skipped', 0, 0);
  }

  ctx.logger.info({ pollster: name, source: source.name }, `Polling pollster ${name} in the context of ${source.name}`);
  const timestamp = utcNowIsoTimestamp();
  let failedResources = 0;
  const cycle: PollCycle = {
    ...makeCycle(state, source.name, timestamp, ctx.signal),
    reportResourceFailure: () => {
      failedResources += 1;
    },
  };
  let count = 0;
  const batcher = new Batcher(ctx.batchSize, async (batch) => {
    try {
      await ctx.publish(batch);
      notifyObservers(ctx.observers, 'samplesSent', name, batch);
    } catch (err) {
      ctx.logger.error({ err, pollster: name, samples: batch.length }, `could not send ${batch.length} samples of ${name}: ${(err as Error).message}`);
      notifyObservers(ctx.observers, 'publishFailed', name, batch, err as Error);
    }
  });
  try {
    const result = entry.pollster.getSamples(cycle, resources);
    notifyObservers(ctx.observers, 'pollsterPolled', name, timestamp);
    await forEachSample(result, (sample) => {
      count++;
      return batcher.add(stamp(sample, timestamp, ctx.sampleSource));
    });
    await batcher.flush();
  } catch (err) {
    await batcher.flush();
    if (err instanceof PollsterPermanentError) {
      ctx.blacklist.add(source.name, name, err.failedResources);
      ctx.logger.error(
        { pollster: name, source: source.name, resources: err.failedResources.map(resourceKey) },
        `Prevent pollster ${name} from polling ${JSON.stringify(err.failedResources.map(resourceKey))} on source ${source.name} anymore!`,
      );
      return finish('permanent-error', count, resources.length, err);
    }
    return finish('error', count, resources.length, logError(ctx, state, source, name, err));
  }
  ctx.logger.debug({ pollster: name, source: source.name, samples: count, failedResources }, `Finished polling pollster ${name} in the context of ${source.name}`);
  if (failedResources > 0) return finish('partial', count, resources.length, undefined, failedResources);
  return finish('ok', count, resources.length);
}

/**
 * A pollster with nothing to poll is said at warning level once per source (it is easy to miss
 * otherwise: no sample and no error), then at debug on later cycles.
 */
function warnNoResources(ctx: CycleContext, source: PollingSource, entry: PollsterEntry): void {
  const fields = { pollster: entry.name, source: source.name };
  const message = `Skip pollster ${entry.name}, no resources found this cycle`;
  const key = `${source.name}\0${entry.name}`;
  if (ctx.warnedNoResources.has(key)) {
    ctx.logger.debug(fields, message);
    return;
  }
  ctx.warnedNoResources.add(key);
  const discoveries = source.discovery.length > 0 ? source.discovery : entry.pollster.defaultDiscovery ? [entry.pollster.defaultDiscovery] : [];
  const from = discoveries.length > 0
    ? `discovery ${discoveries.join(', ')} found none`
    : 'the source lists no resources and neither it nor the pollster names a discovery';
  ctx.logger.warn(
    { ...fields, discovery: discoveries },
    `pollster ${entry.name} in source ${source.name} is not polled: no resources (${from}); said once, later cycles log it at debug`,
  );
}

/**
 * Static resources plus the source's discoveries; else the pollster's default discovery. With
 * coordination, the fallback follows what was configured and found, not this agent's share of it
 * (an agent whose peers own every listed resource must not poll the default discovery instead);
 * `elsewhere` tells that resources exist but other agents poll them.
 */
async function resolveResources(
  source: PollingSource, entry: PollsterEntry, ctx: CycleContext, state: CycleState, cycle: PollCycle,
): Promise<{ readonly resources: unknown[]; readonly elsewhere: boolean }> {
  const onFailure = (url: string): void => {
    state.discoveryFailures.add(url);
  };
  const discovered = source.discovery.length > 0 ? await ctx.discoverer.discoverShares(source.discovery, cycle, state.discoveryCache, onFailure) : { found: 0, resources: [] };
  let found = source.resources.length + discovered.found;
  let resources: unknown[] = [...ownedStatic(source, ctx, state), ...discovered.resources];
  const fallback = entry.pollster.defaultDiscovery;
  if (found === 0 && fallback) {
    const share = await ctx.discoverer.discoverShares([fallback], cycle, state.discoveryCache, onFailure);
    found = share.found;
    resources = share.resources;
  }
  return { resources, elsewhere: resources.length === 0 && found > 0 };
}

/** The static resources of `source` this agent polls (every one without coordination). */
function ownedStatic(source: PollingSource, ctx: CycleContext, state: CycleState): readonly string[] {
  if (!ctx.partition || source.resources.length === 0) return source.resources;
  let owned = state.ownedStatic.get(source.name);
  if (!owned) state.ownedStatic.set(source.name, (owned = ctx.partition.ownStatic(source.name, source.resources, (r) => r)));
  return owned;
}

function makeCycle(state: CycleState, sourceName: string, timestamp: string, signal: AbortSignal): PollCycle {
  return { cache: state.cache, timestamp, sourceName, signal };
}

/** Upstream unifies the timestamp of a pollster run's samples; the source follows `sample_source`. */
function stamp(sample: Sample, timestamp: string, sampleSource: string): Sample {
  const source = sample.source === DEFAULT_SAMPLE_SOURCE ? sampleSource : sample.source;
  // Most pollsters stamp the cycle's timestamp already: no copy then.
  if (sample.timestamp === timestamp && sample.source === source) return sample;
  return { ...sample, timestamp, source };
}

function logError(ctx: CycleContext, state: CycleState, source: PollingSource, pollster: string, err: unknown): Error {
  const error = err instanceof Error ? err : new Error(String(err));
  const n = (ctx.errorCounts.get(pollster) ?? 0) + 1;
  ctx.errorCounts.set(pollster, n);
  const fields = { err: error, pollster, source: source.name, errors: n };
  const message = `Continue after error from ${pollster}: ${error.message} (error #${n})`;
  if (state.loggedErrors.has(pollster)) ctx.logger.debug(fields, message);
  else {
    state.loggedErrors.add(pollster);
    ctx.logger.error(fields, message);
  }
  return error;
}
