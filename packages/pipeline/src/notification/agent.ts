/**
 * The notification agent (upstream's NotificationService): `workers` consumers per messaging URL
 * on every (exchange, topic) target, batches per consumer, one publish per batch, acknowledgement
 * only after publishing, requeue with backoff when publishers fail, reload and drain.
 */
import { silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { Batcher } from './batcher.js';
import { processBatch, emptyProcessStats, type ProcessStats } from './batch-processor.js';
import { DEFAULT_REQUEUE_BACKOFF, RequeueBackoff, type BackoffPolicy } from './backoff.js';
import { closeProcessing, type Processing, type ProcessingLoader } from './processing.js';
import { effectiveBatchSize, notificationTargets, type NotificationSettings } from './settings.js';
import type { ConsumerFactory, Disposition, IncomingMessage, NotificationConsumer } from './types.js';

/** Options of {@link NotificationAgent}. */
export interface NotificationAgentOptions {
  readonly settings: NotificationSettings;
  readonly consumers: ConsumerFactory;
  /** Builds endpoints, converter and pipelines; called at start and on every reload. */
  readonly load: ProcessingLoader;
  readonly logger?: Logger;
  readonly backoff?: BackoffPolicy;
  /** Reads the process's unhandled rejections so far (the command's process guard); default 0. */
  readonly unhandledRejections?: () => number;
}

/** What {@link NotificationAgent.reload} did. */
export type ReloadResult = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

/** Agent counters. */
export interface NotificationAgentStats extends ProcessStats {
  readonly consumers: number;
  readonly inFlightBatches: number;
  readonly reloads: number;
  /** Promise rejections nobody handled in this process (logged; the agent kept running). */
  readonly unhandledRejections: number;
}

interface Generation {
  readonly processing: Processing;
  inFlight: number;
  retired: boolean;
}

/** Runs the notification agent; `start()`, then `reload()` on SIGHUP and `stop()` on SIGTERM. */
export class NotificationAgent {
  readonly #options: NotificationAgentOptions;
  readonly #logger: Logger;
  readonly #backoff: RequeueBackoff;
  readonly #stats = emptyProcessStats();
  readonly #consumers: NotificationConsumer[] = [];
  readonly #batchers: Batcher<IncomingMessage, Disposition>[] = [];
  readonly #retiring = new Set<Promise<void>>();
  #current: Generation | undefined;
  #inFlight = 0;
  #reloads = 0;
  #draining = false;
  /** No consumer delivers any more (paused or stopped): a requeue needs no backoff. */
  #deliveriesOver = false;
  #wakeSleepers: Array<() => void> = [];

  constructor(options: NotificationAgentOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#backoff = new RequeueBackoff(options.backoff ?? DEFAULT_REQUEUE_BACKOFF);
  }

  /**
   * Loads the pipelines and definitions (throws when invalid), then starts every consumer and
   * resolves once all consume. Each consumer waits for its broker on its own, so one that is away or
   * refuses the login never holds up the others. `stop()` at any point ends the start quietly.
   */
  async start(): Promise<void> {
    const processing = await this.#options.load();
    if (this.#draining || this.#current) {
      // stopped while loading, or a reload (reading newer files) finished first: keep what is there
      await closeProcessing(processing);
      if (this.#draining) return;
    } else {
      this.#current = { processing, inFlight: 0, retired: false };
    }
    const { settings } = this.#options;
    const size = effectiveBatchSize(settings);
    if (size < settings.batchSize) {
      this.#logger.warn({ batch_size: settings.batchSize, prefetch: settings.prefetch }, '[notification] batch_size is above the prefetch count; batches hold at most %d messages', size);
    }
    const targets = notificationTargets(settings);
    const urls: Array<string | undefined> = settings.messagingUrls.length > 0 ? [...settings.messagingUrls] : [undefined];
    for (const url of urls) {
      for (let worker = 0; worker < settings.workers; worker++) {
        const batcher = new Batcher<IncomingMessage, Disposition>({
          size,
          // bursts already delivered are published together, never more than the consumer holds
          maxSize: settings.prefetch > 0 ? settings.prefetch : Math.max(size, 1000),
          timeoutMs: settings.batchTimeout === undefined ? undefined : settings.batchTimeout * 1000,
          process: (batch) => this.#process(batch),
        });
        this.#batchers.push(batcher);
        this.#consumers.push(
          this.#options.consumers({ url, targets, priorities: settings.priorities, prefetch: settings.prefetch, worker, handler: (m) => batcher.add(m) }),
        );
      }
    }
    this.#logger.info({ consumers: this.#consumers.length }, 'notification agent started: connecting %d consumer(s)', this.#consumers.length);
    const starts = this.#consumers.map((c) => c.start());
    // every start settles (a stop() rejects the pending ones): no rejection is left unobserved
    const results = await Promise.allSettled(starts);
    if (this.#draining) return;
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    this.#logger.info(
      { consumers: this.#consumers.length, exchanges: settings.exchanges.length, topics: settings.topics, batch_size: size, batch_timeout: settings.batchTimeout ?? null },
      'notification agent consuming',
    );
  }

  /** Counters. */
  stats(): NotificationAgentStats {
    return {
      ...this.#stats,
      consumers: this.#consumers.length,
      inFlightBatches: this.#inFlight,
      reloads: this.#reloads,
      unhandledRejections: this.#options.unhandledRejections?.() ?? 0,
    };
  }

  /**
   * Rebuilds pipelines and definitions; on success new batches use them and the old publishers
   * close once their batches are done. On failure the running ones stay and the error is returned.
   */
  async reload(): Promise<ReloadResult> {
    let processing: Processing;
    try {
      processing = await this.#options.load();
    } catch (error) {
      this.#logger.error({ err: error }, 'reload rejected; the previous pipelines and definitions keep running: %s', error instanceof Error ? error.message : String(error));
      return { ok: false, error };
    }
    const previous = this.#current;
    this.#current = { processing, inFlight: 0, retired: false };
    this.#reloads += 1;
    if (previous) this.#retire(previous);
    this.#logger.info('pipelines and definitions reloaded');
    return { ok: true };
  }

  /**
   * Stops consuming and drains: waiting partial batches are processed at once, handlers in flight
   * finish (up to `timeoutMs`), then publishers are closed (flushed).
   */
  async stop(timeoutMs = 30_000): Promise<void> {
    this.#draining = true;
    for (const b of this.#batchers) b.drain();
    // once no consumer delivers any more, a requeued message stays with the broker: backoffs can end
    const paused = await Promise.all(this.#consumers.map((c) => (c.pause ? c.pause().catch(() => false) : Promise.resolve(false))));
    if (paused.every(Boolean)) this.#endBackoffs();
    await Promise.all(this.#consumers.map((c) => c.stop(timeoutMs)));
    this.#endBackoffs();
    await Promise.all(this.#retiring);
    const current = this.#current;
    this.#current = undefined;
    if (current) await closeProcessing(current.processing);
    this.#logger.info({ ...this.stats() }, 'notification agent stopped');
  }

  async #process(batch: readonly IncomingMessage[]): Promise<Disposition[]> {
    const generation = this.#current;
    if (!generation) return batch.map(() => 'requeue');
    generation.inFlight += 1;
    this.#inFlight += 1;
    try {
      let dispositions: Disposition[];
      try {
        dispositions = await processBatch(batch, generation.processing, { ackOnEventError: this.#options.settings.ackOnEventError, logger: this.#logger, stats: this.#stats });
      } catch (err) {
        this.#logger.error({ err }, 'batch processing failed; messages will be redelivered');
        dispositions = batch.map(() => 'requeue');
      }
      const requeued = dispositions.filter((d) => d === 'requeue').length;
      if (requeued === 0) {
        this.#backoff.succeed();
      } else {
        this.#stats.requeued += requeued;
        const delay = this.#backoff.fail();
        this.#logger.warn({ requeued, delay_ms: delay, failures: this.#backoff.failures }, 'publishing failed: requeueing %d message(s) after %d ms', requeued, delay);
        await this.#sleep(delay);
      }
      return dispositions;
    } finally {
      generation.inFlight -= 1;
      this.#inFlight -= 1;
      if (generation.retired && generation.inFlight === 0) this.#closeRetired(generation);
    }
  }

  /**
   * The requeue backoff, kept while draining: a batch handed back at once while its consumer still
   * takes messages comes straight back (a redelivery storm). It ends once no consumer delivers.
   */
  #sleep(ms: number): Promise<void> {
    if (this.#deliveriesOver) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wakeSleepers = this.#wakeSleepers.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wakeSleepers.push(done);
    });
  }

  #endBackoffs(): void {
    this.#deliveriesOver = true;
    for (const wake of this.#wakeSleepers.splice(0)) wake();
  }

  #retire(generation: Generation): void {
    generation.retired = true;
    if (generation.inFlight === 0) this.#closeRetired(generation);
  }

  #closeRetired(generation: Generation): void {
    const closing = closeProcessing(generation.processing)
      .catch((err: unknown) => this.#logger.error({ err }, 'error closing the previous publishers'))
      .finally(() => this.#retiring.delete(closing));
    this.#retiring.add(closing);
  }
}
