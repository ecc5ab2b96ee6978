/**
 * PollingAgent: runs polling.yaml's tasks with the given pollsters and discoveries and hands the
 * samples to a sink. Start, stop (finish the cycle in flight, flush with a bounded wait), reload
 * (a bad new config keeps the old one running) and one-shot polling for `--poll-once`.
 */
import { silentLogger, type Logger, type Sample } from '@ceilometer-ts/sdk';
import { Blacklist } from './blacklist.js';
import { runCycle, type CycleContext } from './cycle.js';
import { Discoverer } from './discoverer.js';
import { notifyObservers, type CycleResult, type PollingObserver, type PollsterOutcome } from './observer.js';
import type { DiscoveryEntry, PollsterEntry } from './plugins.js';
import type { PollingPartition } from './partition.js';
import { partitionGroupPrefix, planPartitionGroups } from './partition-groups.js';
import type { PollingConfig } from './polling-config.js';
import type { PollingSettings } from './settings.js';
import type { SampleSink } from './sink.js';
import { PollingTask } from './task.js';
import { planTasks, type PollingPlan } from './task-plan.js';

/** What the agent is made of. */
export interface PollingAgentOptions {
  readonly settings: PollingSettings;
  readonly config: PollingConfig;
  readonly pollsters: readonly PollsterEntry[];
  readonly discoveries: readonly DiscoveryEntry[];
  readonly sink: SampleSink;
  readonly logger?: Logger;
  /** Metrics, heartbeat, sample gauges... */
  readonly observers?: readonly PollingObserver[];
  /** Reads polling.yaml again, for `reload()` without an argument (SIGHUP). */
  readonly loadConfig?: () => Promise<PollingConfig>;
  /**
   * With `[coordination] backend_url`: the agent joins the groups its plan needs and polls only
   * its share of their resources. Without it, the agent polls everything.
   */
  readonly partition?: PollingPartition;
}

/** The outcome of a reload. */
export type ReloadResult = { readonly ok: true; readonly plan: PollingPlan } | { readonly ok: false; readonly error: Error };

/** What `pollOnce` returns: every pollster run of one cycle of every task. */
export interface PollOnceResult {
  /** True when every pollster was polled without failure (none failed, none had no resources), and one was at least. */
  readonly ok: boolean;
  readonly samples: number;
  readonly cycles: readonly CycleResult[];
  readonly outcomes: readonly PollsterOutcome[];
  readonly plan: PollingPlan;
}

/**
 * What `pollCycles` returns: every cycle it ran, task by task in the order they ended. `complete`
 * is false when `stop()` ended the run before every task had run its cycles.
 */
export interface PollCyclesResult extends PollOnceResult {
  readonly complete: boolean;
}

/** State of one configuration: rebuilt on reload, so blacklists and warnings start afresh. */
interface Generation {
  readonly config: PollingConfig;
  readonly plan: PollingPlan;
  readonly context: CycleContext;
  readonly tasks: PollingTask[];
}

/** The polling agent engine. */
export class PollingAgent {
  readonly #opts: PollingAgentOptions;
  readonly #logger: Logger;
  readonly #observers: readonly PollingObserver[];
  readonly #abort = new AbortController();
  readonly #errorCounts = new Map<string, number>();
  #generation: Generation;
  #running = false;
  #stopping: Promise<boolean> | undefined;
  /** Receives each scheduled cycle's result while `pollCycles` runs. */
  #collect: ((result: CycleResult) => void) | undefined;

  constructor(options: PollingAgentOptions) {
    this.#opts = options;
    this.#logger = options.logger ?? silentLogger;
    this.#observers = options.observers ?? [];
    this.#generation = this.#build(options.config);
  }

  /** The current plan (tasks by interval, meters without pollster). */
  get plan(): PollingPlan {
    return this.#generation.plan;
  }

  /** The polling.yaml in use. */
  get config(): PollingConfig {
    return this.#generation.config;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Starts every task: each runs a cycle now and then every interval. */
  start(): void {
    if (this.#running || this.#stopping) return;
    this.#running = true;
    const { tasks } = this.#generation;
    // with `sources: []` the config's own warning (file and line) has said it already
    if (tasks.length === 0 && this.#generation.config.sources.length > 0) this.#logger.warn('no pollster matches any polling source: nothing to poll');
    for (const task of tasks) task.start();
    this.#logger.info({ tasks: tasks.map((t) => t.interval) }, `polling started with ${tasks.length} task(s)`);
  }

  /**
   * Stops: no new cycles, waits for cycles in flight, then closes the sink (which flushes), all
   * within `timeoutMs` (default `stop_timeout`). Resolves true when everything finished in time.
   */
  stop(timeoutMs = this.#opts.settings.stopTimeoutSeconds * 1000): Promise<boolean> {
    this.#stopping ??= this.#stop(timeoutMs);
    return this.#stopping;
  }

  async #stop(timeoutMs: number): Promise<boolean> {
    this.#running = false;
    const deadline = Date.now() + timeoutMs;
    const cyclesDone = await withTimeout(Promise.all(this.#generation.tasks.map((t) => t.stop())), timeoutMs);
    if (!cyclesDone) {
      this.#logger.warn({ timeoutMs }, 'cycle in flight did not finish in time; aborting it');
      this.#abort.abort();
    }
    // no more cycles here: the others may take this agent's share now, while the sink flushes
    await this.#opts.partition?.stop();
    // the sink gets what is left of the stop timeout, less a margin to release its connections in time
    const left = Math.max(0, deadline - Date.now());
    const flushed = await withTimeout(this.#opts.sink.close(left - Math.min(SINK_CLOSE_MARGIN_MS, left / 10)), left);
    if (!flushed) this.#logger.warn({ timeoutMs }, 'samples still queued at stop were not all sent in time');
    this.#logger.info('polling stopped');
    return cyclesDone && flushed;
  }

  /**
   * Replaces polling.yaml: `next`, or what `loadConfig` reads. An invalid new config is logged and
   * returned, and the old one keeps running. Otherwise the cycles in flight finish, then the new
   * tasks start (blacklists are cleared, as on restart).
   */
  async reload(next?: PollingConfig): Promise<ReloadResult> {
    let config: PollingConfig;
    try {
      if (next) config = next;
      else if (this.#opts.loadConfig) config = await this.#opts.loadConfig();
      else throw new Error('no loadConfig given: cannot re-read polling.yaml');
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.#logger.error({ err: error }, `polling.yaml reload rejected, keeping the running configuration:\n${error.message}`);
      return { ok: false, error };
    }
    const old = this.#generation;
    const wasRunning = this.#running;
    await Promise.all(old.tasks.map((t) => t.stop()));
    this.#generation = this.#build(config);
    if (wasRunning && !this.#stopping) for (const task of this.#generation.tasks) task.start();
    this.#logger.info({ file: config.file, tasks: this.#generation.tasks.map((t) => t.interval) }, 'polling.yaml reloaded');
    return { ok: true, plan: this.#generation.plan };
  }

  /** Runs one cycle of every task now (tasks one after the other), independent of the schedule. */
  async pollOnce(): Promise<PollOnceResult> {
    const { plan, context } = this.#generation;
    const cycles: CycleResult[] = [];
    for (const task of plan.tasks) cycles.push(await runCycle(task, context));
    return summarize(cycles, plan);
  }

  /**
   * Runs `count` cycles of every task on the schedule, as `start()` does (every task's first cycle
   * now, then one each interval, tasks side by side), and stops each task after its `count`-th
   * cycle: resolves when the task with the longest interval has run its last. Samples of every
   * cycle go to the sink; the sink stays open. `stop()` (a signal) ends it early: `complete` false.
   */
  async pollCycles(count: number): Promise<PollCyclesResult> {
    if (this.#running || this.#stopping) throw new Error('pollCycles: the agent is already running');
    const { plan, tasks } = this.#generation;
    const cycles: CycleResult[] = [];
    this.#running = true;
    this.#collect = (result) => cycles.push(result);
    try {
      await Promise.all(tasks.map((t) => t.runCycles(count)));
    } finally {
      this.#collect = undefined;
      this.#running = false;
    }
    const ran = new Map<number, number>();
    for (const c of cycles) ran.set(c.interval, (ran.get(c.interval) ?? 0) + 1);
    const complete = plan.tasks.every((t) => ran.get(t.interval) === count);
    return { ...summarize(cycles, plan), complete };
  }

  #build(config: PollingConfig): Generation {
    const { settings, pollsters, discoveries, sink } = this.#opts;
    for (const w of config.warnings) this.#logger.warn({ file: w.file, line: w.line }, `${w.file}:${w.line ?? '?'}: ${w.path}: ${w.message}`);
    const plan = planTasks(config, pollsters);
    for (const m of plan.missingMeters) {
      this.#logger.warn({ source: m.source, meters: m.meters }, `source ${m.source}: no pollster installed for ${m.meters.join(', ')}; these meters are not polled`);
    }
    const { partition } = this.#opts;
    partition?.useGroups(planPartitionGroups(plan, discoveries, partitionGroupPrefix(settings.pollingNamespaces, settings.partitioningGroupPrefix)));
    const context: CycleContext = {
      discoverer: new Discoverer(discoveries, this.#logger, partition),
      blacklist: new Blacklist(),
      publish: (samples: readonly Sample[]) => sink.publish(samples),
      batchSize: settings.batchSize,
      concurrency: settings.threadsToProcessPollsters,
      sampleSource: settings.sampleSource,
      logger: this.#logger,
      observers: this.#observers,
      signal: this.#abort.signal,
      errorCounts: this.#errorCounts,
      warnedNoResources: new Set(),
      ...(partition ? { partition } : {}),
    };
    const tasks = plan.tasks.map(
      (t) =>
        new PollingTask(
          t.interval,
          async () => {
            const result = await runCycle(t, context);
            this.#collect?.(result);
          },
          this.#logger,
          (skipped) => notifyObservers(this.#observers, 'cycleOverrun', t.interval, skipped),
        ),
    );
    return { config, plan, context, tasks };
  }
}

/**
 * One result over cycles: ok when every pollster of every cycle was polled without failure, and
 * at least one was (a run that polled nothing printed nothing and looked like a success).
 */
function summarize(cycles: readonly CycleResult[], plan: PollingPlan): PollOnceResult {
  const outcomes = cycles.flatMap((c) => c.outcomes);
  return {
    ok: outcomes.length > 0 && outcomes.every((o) => o.status === 'ok' || o.status === 'skipped'),
    samples: outcomes.reduce((n, o) => n + o.samples, 0),
    cycles,
    outcomes,
    plan,
  };
}

/** Of the stop timeout, kept back from the sink's flush for closing its connections. */
const SINK_CLOSE_MARGIN_MS = 250;

async function withTimeout(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
