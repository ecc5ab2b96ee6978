/**
 * The notification agent (upstream's NotificationService): `workers` consumers per messaging URL
 * on every (exchange, topic) target, batches per consumer, one publish per batch, acknowledgement
 * only after publishing, requeue with backoff when publishers fail, reload and drain.
 *
 * Poison messages: every attempt is written to the {@link DeliveryJournal} before processing, so a
 * message that crashes the process is recognised on redelivery. A message attempted before is a
 * suspect and is processed alone, one suspect at a time, so a crash or a failed publish is charged
 * to it and not to the messages batched with it. After `max_delivery_attempts`, or at once when it
 * exceeds the work budget, it is moved aside: logged, counted, optionally republished to the
 * dead-letter queue, acknowledged.
 */
import { silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { Batcher } from './batcher.js';
import { processBatch, emptyProcessStats, isPoison, type BatchDisposition, type ProcessStats } from './batch-processor.js';
import { DeliveryJournal, type DeliveryInfo } from './delivery-journal.js';
import { DEFAULT_REQUEUE_BACKOFF, RequeueBackoff, type BackoffPolicy } from './backoff.js';
import type { DeliveryStats } from '../delivery/delivery-queue.js';
import { closeProcessing, processingDeliveryStats, refuseWaiting, type Processing, type ProcessingLoader } from './processing.js';
import { effectiveBatchSize, notificationTargets, type NotificationSettings } from './settings.js';
import { ThroughputReporter } from './throughput-report.js';
import type { ConsumerFactory, DeadLetterSink, Disposition, IncomingMessage, NotificationConsumer } from './types.js';
import { PartitionedProcessing, type PartitionedStats } from './partitioning/partitioned-processing.js';
import type { PartitioningOptions } from './partitioning/types.js';

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
  /** Receives moved-aside messages (`[notification] dead_letter_queue`); without it they are logged and dropped. */
  readonly deadLetters?: DeadLetterSink;
  /** Attempt counts; default: opened in `settings.stateDir` at start (in memory without one). */
  readonly journal?: DeliveryJournal;
  /** Milliseconds between throughput lines (INFO, zeros included); default 0, off (the command sets a minute). */
  readonly throughputReportIntervalMs?: number;
  /**
   * `[notification] workload_partitioning`: samples from the main queues are sent to the partition
   * queues, and this agent transforms and publishes the partitions its ownership assigns it.
   */
  readonly partitioning?: PartitioningOptions;
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
  /** Each publisher's delivery queue (depth, delivered, dropped) of the running pipelines. */
  readonly delivery: readonly DeliveryStats[];
  /** Messages moved aside (over budget or out of attempts). */
  readonly deadLettered: number;
  /** Failed publishes to the dead-letter queue (the message was requeued). */
  readonly deadLetterFailures: number;
  /** Messages attempted and not yet acknowledged, per the journal. */
  readonly journalEntries: number;
  /** With workload partitioning: the partitions transformed here and their counters. */
  readonly partitioned?: PartitionedStats;
}

/** The journal key of a message: its oslo `message_id`. */
function deliveryOf(incoming: IncomingMessage): DeliveryInfo | undefined {
  const { message } = incoming;
  const id = message['message_id'];
  if (typeof id !== 'string' || id === '') return undefined;
  const text = (key: string): string | undefined => (typeof message[key] === 'string' ? (message[key] as string) : undefined);
  return { id, eventType: text('event_type'), publisherId: text('publisher_id'), size: incoming.body?.length };
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
  /** The last generation's delivery counters after stop (what was flushed and dropped). */
  #stoppedDelivery: readonly DeliveryStats[] = [];
  /** No consumer delivers any more (paused or stopped): a requeue needs no backoff. */
  #deliveriesOver = false;
  #wakeSleepers: Array<() => void> = [];
  #journal: DeliveryJournal = DeliveryJournal.inMemory();
  /** Suspects run one after the other on this chain. */
  #suspects: Promise<unknown> = Promise.resolve();
  /** Batches published without a failure; a failed publish counts against a message only if this moved since its last failure. */
  #successes = 0;
  readonly #failedAt = new Map<string, number>();
  #deadLettered = 0;
  #deadLetterFailures = 0;
  readonly #throughput: ThroughputReporter;
  readonly #partitioned: PartitionedProcessing | undefined;

  constructor(options: NotificationAgentOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#backoff = new RequeueBackoff(options.backoff ?? DEFAULT_REQUEUE_BACKOFF);
    this.#partitioned = options.partitioning
      ? new PartitionedProcessing({
          partitioning: options.partitioning,
          settings: options.settings,
          consumers: options.consumers,
          logger: this.#logger,
          withProcessing: (fn) => this.#withGeneration(fn),
          sleepAfterFailure: (requeued) => this.#failed(requeued),
        })
      : undefined;
    this.#throughput = new ThroughputReporter(() => this.stats(), this.#logger, options.throughputReportIntervalMs ?? 0);
  }

  /**
   * Loads the pipelines and definitions (throws when invalid), then starts every consumer and
   * resolves once all consume. Each consumer waits for its broker on its own, so one that is away or
   * refuses the login never holds up the others. `stop()` at any point ends the start quietly.
   */
  async start(): Promise<void> {
    const processing = await this.#options.load();
    this.#partitioned?.check(processing);
    if (this.#draining || this.#current) {
      // stopped while loading, or a reload (reading newer files) finished first: keep what is there
      await closeProcessing(processing);
      if (this.#draining) return;
    } else {
      this.#current = { processing, inFlight: 0, retired: false };
    }
    const { stateDir } = this.#options.settings;
    this.#journal = this.#options.journal ?? (stateDir ? await DeliveryJournal.open(stateDir, this.#logger) : DeliveryJournal.inMemory());
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
          this.#options.consumers({ url, targets, priorities: settings.priorities, prefetch: settings.prefetch, worker, handler: (m) => this.#receive(m, batcher) }),
        );
      }
    }
    this.#logger.info({ consumers: this.#consumers.length }, 'notification agent started: connecting %d consumer(s)', this.#consumers.length);
    // from here on, also while a broker is away: the zero lines say the agent is alive and waiting
    this.#throughput.start();
    const starts = this.#consumers.map((c) => c.start());
    // the partition queues are consumed from the first ownership answer on, whatever the main brokers do
    if (this.#partitioned) starts.push(this.#partitioned.start());
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
    const delivery = this.#current ? processingDeliveryStats(this.#current.processing) : this.#stoppedDelivery;
    return {
      ...this.#stats,
      consumers: this.#consumers.length,
      inFlightBatches: this.#inFlight,
      reloads: this.#reloads,
      unhandledRejections: this.#options.unhandledRejections?.() ?? 0,
      delivery,
      deadLettered: this.#deadLettered,
      deadLetterFailures: this.#deadLetterFailures,
      journalEntries: this.#journal.size,
      ...(this.#partitioned ? { partitioned: this.#partitioned.stats() } : {}),
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
      this.#partitioned?.check(processing);
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
   * finish (up to `timeoutMs`), then the delivery queues flush (up to `timeoutMs` again; what is
   * left is dropped and counted) and the publishers close.
   */
  async stop(timeoutMs = 30_000): Promise<void> {
    this.#draining = true;
    this.#throughput.stop();
    for (const b of this.#batchers) b.drain();
    // A batch waiting for room in a full hold queue is requeued rather than waited for.
    if (this.#current) refuseWaiting(this.#current.processing);
    // once no consumer delivers any more, a requeued message stays with the broker: backoffs can end
    const paused = await Promise.all(this.#consumers.map((c) => (c.pause ? c.pause().catch(() => false) : Promise.resolve(false))));
    if (paused.every(Boolean)) this.#endBackoffs();
    await Promise.all(this.#consumers.map((c) => c.stop(timeoutMs)));
    // the main consumers no longer route: the partition consumers stop, the sender flushes, the group is left
    await this.#partitioned?.stop(timeoutMs);
    this.#endBackoffs();
    await Promise.all(this.#retiring);
    const current = this.#current;
    this.#current = undefined;
    if (current) {
      await closeProcessing(current.processing, timeoutMs);
      // The final counters include what each queue flushed or dropped while closing.
      this.#stoppedDelivery = processingDeliveryStats(current.processing);
    }
    await this.#options.deadLetters?.close().catch((err: unknown) => this.#logger.error({ err }, 'error closing the dead-letter queue'));
    await this.#journal.close().catch((err: unknown) => this.#logger.error({ err }, 'error closing the delivery journal'));
    this.#logger.info({ ...this.stats() }, 'notification agent stopped');
  }

  /** A delivered message: moved aside when it is known poison, alone when it is a suspect, else batched. */
  #receive(message: IncomingMessage, batcher: Batcher<IncomingMessage, Disposition>): Promise<Disposition> {
    const delivery = deliveryOf(message);
    const entry = delivery ? this.#journal.get(delivery.id) : undefined;
    const max = this.#options.settings.maxDeliveryAttempts;
    if (entry?.poison) return this.#deadLetter(message, delivery, entry.poison, entry.attempts);
    if (entry && max > 0 && entry.attempts >= max) {
      return this.#deadLetter(message, delivery, `not processed after ${entry.attempts} attempts ([notification] max_delivery_attempts = ${max})`, entry.attempts);
    }
    if (!entry && !message.redelivered) return batcher.add(message);
    const run = this.#suspects.then(() => this.#process([message]));
    this.#suspects = run.catch(() => undefined);
    return run.then((d) => d[0] ?? 'requeue');
  }

  async #process(batch: readonly IncomingMessage[]): Promise<Disposition[]> {
    const generation = this.#current;
    if (!generation) return batch.map(() => 'requeue');
    generation.inFlight += 1;
    this.#inFlight += 1;
    try {
      const deliveries = batch.map(deliveryOf);
      await this.#journal.begin(deliveries.filter((d): d is DeliveryInfo => d !== undefined));
      let results: BatchDisposition[];
      try {
        const processing = this.#partitioned ? this.#partitioned.routed(generation.processing) : generation.processing;
        results = await processBatch(batch, processing, {
          ackOnEventError: this.#options.settings.ackOnEventError, logger: this.#logger, stats: this.#stats, budget: this.#options.settings.budget,
        });
      } catch (err) {
        this.#logger.error({ err }, 'batch processing failed; messages will be redelivered');
        results = batch.map(() => 'requeue');
      }
      const failed = results.some((r) => r === 'requeue');
      if (!failed) this.#successes += 1;
      const dispositions = await Promise.all(results.map((r, i) => this.#settle(batch[i]!, deliveries[i], r)));
      const requeued = dispositions.filter((d) => d === 'requeue').length;
      this.#stats.requeued += requeued;
      await this.#failed(requeued);
      return dispositions;
    } finally {
      generation.inFlight -= 1;
      this.#inFlight -= 1;
      if (generation.retired && generation.inFlight === 0) this.#closeRetired(generation);
    }
  }

  /** Runs `fn` with the current generation, counted in flight (a reload closes it only after); undefined when stopped. */
  async #withGeneration<T>(fn: (processing: Processing) => Promise<T>): Promise<T | undefined> {
    const generation = this.#current;
    if (!generation) return undefined;
    generation.inFlight += 1;
    this.#inFlight += 1;
    try {
      return await fn(generation.processing);
    } finally {
      generation.inFlight -= 1;
      this.#inFlight -= 1;
      if (generation.retired && generation.inFlight === 0) this.#closeRetired(generation);
    }
  }

  /** Resets the requeue backoff after a clean batch; after `requeued` > 0 messages, logs and sleeps it. */
  async #failed(requeued: number): Promise<void> {
    if (requeued === 0) {
      this.#backoff.succeed();
      return;
    }
    const delay = this.#backoff.fail();
    this.#logger.warn({ requeued, delay_ms: delay, failures: this.#backoff.failures }, 'publishing failed: requeueing %d message(s) after %d ms', requeued, delay);
    await this.#sleep(delay);
  }

  /** Journal bookkeeping of one processed message; a requeue may turn into a dead letter here. */
  async #settle(message: IncomingMessage, delivery: DeliveryInfo | undefined, result: BatchDisposition): Promise<Disposition> {
    if (isPoison(result)) return this.#deadLetter(message, delivery, result.poison, this.#attempts(delivery));
    if (!delivery) return result;
    if (result === 'handled') {
      this.#failedAt.delete(delivery.id);
      await this.#journal.finish(delivery.id);
      return 'handled';
    }
    // Nothing was published since this message last failed: the publishers are down, not the
    // message bad. Take the attempt back, so an outage never dead-letters traffic.
    if (this.#failedAt.get(delivery.id) === this.#successes) {
      await this.#journal.excuse(delivery.id);
      return 'requeue';
    }
    if (this.#failedAt.size > 10_000) this.#failedAt.clear(); // ids requeued and then taken by another agent
    this.#failedAt.set(delivery.id, this.#successes);
    const attempts = this.#attempts(delivery);
    const max = this.#options.settings.maxDeliveryAttempts;
    if (max > 0 && attempts >= max) return this.#deadLetter(message, delivery, `publishing failed on ${attempts} attempts ([notification] max_delivery_attempts = ${max})`, attempts);
    return 'requeue';
  }

  #attempts(delivery: DeliveryInfo | undefined): number {
    return (delivery && this.#journal.get(delivery.id)?.attempts) || 1;
  }

  /** Moves a message aside: dead-letter queue (when configured), one error line, counted, acknowledged. */
  async #deadLetter(message: IncomingMessage, delivery: DeliveryInfo | undefined, reason: string, attempts: number): Promise<Disposition> {
    const id = delivery?.id;
    const sink = this.#options.deadLetters;
    if (sink) {
      try {
        await sink.publish({ message, id, reason, attempts });
      } catch (err) {
        this.#deadLetterFailures += 1;
        if (id) await this.#journal.markPoison(id, reason);
        const delay = this.#backoff.fail();
        this.#logger.warn({ err, message_id: id ?? null, delay_ms: delay }, 'cannot publish to the dead-letter queue; the message is requeued after %d ms', delay);
        await this.#sleep(delay);
        return 'requeue';
      }
    }
    this.#deadLettered += 1;
    const text = (key: string): unknown => message.message[key] ?? null;
    this.#logger.error(
      { message_id: id ?? text('message_id'), event_type: text('event_type'), publisher_id: text('publisher_id'), size: message.body?.length ?? null, attempts, reason, dead_letter_queue: sink ? this.#options.settings.deadLetterQueue ?? true : null },
      'poison notification moved aside%s: %s',
      sink ? ' to the dead-letter queue' : ' (dropped; no [notification] dead_letter_queue)',
      reason,
    );
    if (id) {
      this.#failedAt.delete(id);
      await this.#journal.finish(id);
    }
    return 'handled';
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
