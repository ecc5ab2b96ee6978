/**
 * One publisher's bounded delivery queue (per sink): a failing or hung publisher holds its own
 * batches and retries them with backoff, so the other publishers, the acknowledgement of messages
 * and the polling cycles never wait on it.
 *
 * `submit()` resolves once the batch is published or accepted: a healthy, idle publisher is called
 * directly (the fast path: no copy, no queue); a batch whose call fails, or is still running after
 * `acceptTimeoutMs`, stays in the queue and is retried; a batch submitted while the queue holds
 * batches is queued at once. When the queue is full, `drop` drops its oldest waiting batch and
 * `hold` makes `submit()` wait for room. Failures, drops and held counts are logged once per
 * `reportIntervalMs`, never once per batch.
 */
import type { Logger } from '@ceilometer-ts/sdk';
import type { DeliverySettings } from './delivery-settings.js';
import { DeliveryRefusedError } from './errors.js';

/** Counters of one queue. */
export interface DeliveryStats {
  /** The publisher URL, credentials redacted. */
  readonly publisher: string;
  readonly sink: string;
  readonly policy: DeliverySettings['policy'];
  /** Batches held (waiting or in flight). */
  readonly queuedBatches: number;
  /** Items (samples or events) in those batches. */
  readonly queuedItems: number;
  /** `hold`: publish calls waiting for room. */
  readonly waitingCalls: number;
  readonly delivered: number;
  /** Items lost for good (retry timeout, overflow, close). */
  readonly dropped: number;
  readonly droppedBatches: number;
  readonly failedAttempts: number;
  /** Whether the latest attempt failed. */
  readonly failing: boolean;
}

/** What {@link DeliveryQueue.close} did. */
export interface DeliveryCloseResult {
  /** Items delivered while closing. */
  readonly flushed: number;
  /** Items given up when the time was up (or already refused). */
  readonly dropped: number;
}

/** How {@link DeliveryQueue} is built. */
export interface DeliveryQueueOptions<T> {
  readonly publisher: string;
  readonly sink: string;
  readonly settings: DeliverySettings;
  readonly send: (items: readonly T[]) => Promise<void>;
  readonly logger: Logger;
  /** A noun for log lines ("samples", "events"). */
  readonly itemName?: string;
  /** The publisher's URL with credentials: replaced by `publisher` in logged error messages. */
  readonly rawUrl?: string;
}

interface Batch<T> {
  readonly items: readonly T[];
  readonly queuedAt: number;
  /** Failed attempts of this batch. */
  failures: number;
  /** A part of a poison batch: the publisher was up when it was split, so failing again needs no probe. */
  readonly suspect?: boolean;
}

interface Waiter<T> {
  readonly items: readonly T[];
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/** Retry delay while closing: the time left is short, so retry often. */
const CLOSING_RETRY_MS = 100;

/**
 * Failed attempts of the head batch after which the next retry tries the batch behind it instead
 * (`drop` policy): when that one goes through, the publisher is up and rejects the head batch for what
 * it holds (a poison batch), which is then dropped and counted instead of blocking the queue until
 * `delivery_retry_timeout`. When it fails too, the publisher is down and the queue waits as before.
 */
const POISON_PROBE_FAILURES = 2;

/**
 * Failure kinds (the `kind` the network publishers put on their errors) that say the peer is away or
 * slow, never that a batch is bad: no probing then, so an outage keeps batches strictly in order.
 */
const AVAILABILITY_FAILURES: ReadonlySet<string> = new Set([
  'connect-timeout', 'write-timeout', 'response-timeout', 'publish-timeout', 'refused', 'reset', 'unreachable', 'dns',
  'http-status', 'broker-unavailable', 'dropped', 'closed', 'storage',
]);

/** Whether `err` says the publisher's peer is unavailable (as opposed to rejecting what it was sent). */
function isAvailabilityFailure(err: unknown): boolean {
  const kind = (err as { kind?: unknown } | null | undefined)?.kind;
  return typeof kind === 'string' && AVAILABILITY_FAILURES.has(kind);
}


export class DeliveryQueue<T> {
  readonly publisher: string;
  readonly sink: string;
  readonly settings: DeliverySettings;
  readonly #send: (items: readonly T[]) => Promise<void>;
  readonly #logger: Logger;
  readonly #itemName: string;
  readonly #rawUrl: string | undefined;
  /** Waiting batches, oldest first (the one in flight is not here). */
  #held: Batch<T>[] = [];
  #heldItems = 0;
  #inFlight: Batch<T> | undefined;
  #waiters: Waiter<T>[] = [];
  #retryTimer: NodeJS.Timeout | undefined;
  #reportTimer: NodeJS.Timeout | undefined;
  #idleListeners: Array<() => void> = [];
  #consecutiveFailures = 0;
  #lastError: unknown;
  /** The head batch a probe (the batch behind it, in flight) is testing. */
  #probing: Batch<T> | undefined;
  /** A head batch retried once more after its probe went through: failing again makes it poison. */
  #confirming: Batch<T> | undefined;
  #lastWasProbe = false;
  #poisonBatches = 0;
  #closing = false;
  #closed = false;
  #refuseWhenFull = false;
  // totals
  #delivered = 0;
  #dropped = 0;
  #droppedBatches = 0;
  #failedAttempts = 0;
  /** From the first failed attempt until the queue is empty again: what it then replayed and dropped. */
  #outage: { readonly since: number; readonly deliveredAtStart: number; readonly droppedAtStart: number } | undefined;
  // since the last report
  #periodDropped = 0;
  #periodFailures = 0;

  constructor(options: DeliveryQueueOptions<T>) {
    this.publisher = options.publisher;
    this.sink = options.sink;
    this.settings = options.settings;
    this.#send = options.send;
    this.#logger = options.logger;
    this.#itemName = options.itemName ?? 'items';
    this.#rawUrl = options.rawUrl && options.rawUrl !== options.publisher ? options.rawUrl : undefined;
  }

  /**
   * Publishes `items` or accepts them into the queue. Rejects with DeliveryRefusedError only when
   * the queue is closed (a `hold` caller still waiting for room when closing starts, too).
   */
  submit(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    if (this.#closing) return Promise.reject(new DeliveryRefusedError(this.publisher, 'the pipeline is closing'));
    if (this.#inFlight === undefined && this.#held.length === 0 && this.#consecutiveFailures === 0) return this.#direct(items);
    return this.#enqueue(items);
  }

  /**
   * Stopping: the calls waiting for room (`hold`) are refused now, and so is every later call that
   * finds the queue full, so a stopping agent never waits on a publisher that is down (the broker
   * keeps those messages). Calls that find room are still accepted.
   */
  refuseWaiting(): void {
    this.#refuseWhenFull = true;
    for (const w of this.#waiters.splice(0)) w.reject(new DeliveryRefusedError(this.publisher, 'the queue is full and the agent is stopping'));
  }

  /** Counters and current depth. */
  stats(): DeliveryStats {
    const inFlight = this.#inFlight ? 1 : 0;
    return {
      publisher: this.publisher,
      sink: this.sink,
      policy: this.settings.policy,
      queuedBatches: this.#held.length + inFlight,
      queuedItems: this.#heldItems + (this.#inFlight?.items.length ?? 0),
      waitingCalls: this.#waiters.length,
      delivered: this.#delivered,
      dropped: this.#dropped,
      droppedBatches: this.#droppedBatches,
      failedAttempts: this.#failedAttempts,
      failing: this.#consecutiveFailures > 0,
    };
  }

  /**
   * Stops accepting, refuses the calls waiting for room, then retries what is held (every
   * {@link CLOSING_RETRY_MS} at most) until it is delivered or `timeoutMs` is up; what is left is
   * dropped and counted. Logs one line with both counts when anything was held. Always returns.
   */
  async close(timeoutMs: number): Promise<DeliveryCloseResult> {
    if (this.#closed) return { flushed: 0, dropped: 0 };
    this.#closing = true;
    const refused = this.#waiters.splice(0);
    for (const w of refused) w.reject(new DeliveryRefusedError(this.publisher, 'the pipeline is closing'));
    const deliveredBefore = this.#delivered;
    const droppedBefore = this.#dropped;
    const heldAtClose = this.stats().queuedItems;
    if (this.#retryTimer) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
      this.#kick();
    }
    if (this.#inFlight || this.#held.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.#idleListeners.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, Math.max(0, timeoutMs));
        }),
      ]);
      clearTimeout(timer);
    }
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#stopReporting();
    // Whatever is still held (or hung in flight) is given up.
    const left = this.#held.splice(0);
    if (this.#inFlight) left.push(this.#inFlight);
    this.#inFlight = undefined;
    for (const b of left) this.#drop(b);
    this.#heldItems = 0;
    const flushed = this.#delivered - deliveredBefore;
    const dropped = this.#dropped - droppedBefore;
    if (heldAtClose > 0 || dropped > 0) {
      const line = 'publisher %s (sink %s) closed: %d %s flushed, %d dropped (%d dropped since start)';
      const fields = { publisher: this.publisher, sink: this.sink, flushed, dropped, droppedTotal: this.#dropped };
      if (dropped > 0) this.#logger.warn(fields, line, this.publisher, this.sink, flushed, this.#itemName, dropped, this.#dropped);
      else this.#logger.info(fields, line, this.publisher, this.sink, flushed, this.#itemName, dropped, this.#dropped);
    }
    return { flushed, dropped };
  }

  // --- sending ---------------------------------------------------------------------------------

  /** The fast path: call the publisher now; wait for it at most `acceptTimeoutMs`. */
  #direct(items: readonly T[]): Promise<void> {
    const attempt = this.#attempt({ items, queuedAt: Date.now(), failures: 0 });
    const wait = this.settings.acceptTimeoutMs;
    if (wait <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      // A publisher slower than this is treated as held: the caller goes on, the queue waits.
      const timer = setTimeout(resolve, wait);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      attempt.then(done, done);
    });
  }

  /** Starts an attempt from a timer or a completion; `#attempt` handles its own failures. */
  #launch(batch: Batch<T>): void {
    this.#attempt(batch).catch((err: unknown) => this.#logger.error({ err, publisher: this.publisher, sink: this.sink }, 'delivery queue bookkeeping failed'));
  }

  /** Sends one batch; never rejects (a failure puts the batch back or drops it). */
  #attempt(batch: Batch<T>): Promise<void> {
    this.#inFlight = batch;
    let sent: Promise<void>;
    try {
      sent = this.#send(batch.items);
    } catch (err) {
      sent = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return sent.then(
      () => this.#succeeded(batch),
      (err: unknown) => this.#failed(batch, err),
    );
  }

  #succeeded(batch: Batch<T>): void {
    if (this.#inFlight === batch) this.#inFlight = undefined;
    else return; // given up by close() while it hung: already counted as dropped
    this.#delivered += batch.items.length;
    const suspect = this.#probing;
    this.#probing = undefined;
    // the publisher takes other batches: retry the head once more at once, poison if it fails again
    if (suspect && this.#held[0] === suspect) this.#confirming = suspect;
    else if (this.#confirming === batch) this.#confirming = undefined;
    if (this.#consecutiveFailures > 0) {
      this.#logger.info(
        { publisher: this.publisher, sink: this.sink, failedAttempts: this.#consecutiveFailures, queuedBatches: this.#held.length },
        'publisher %s (sink %s) recovered after %d failed attempt(s); %d batch(es) still held',
        this.publisher, this.sink, this.#consecutiveFailures, this.#held.length,
      );
    }
    this.#consecutiveFailures = 0;
    this.#admitWaiters();
    this.#checkCaughtUp();
    this.#kick();
  }

  /** Once an outage's last held batch is out: one line with what was replayed and dropped. */
  #checkCaughtUp(): void {
    const outage = this.#outage;
    if (!outage || this.#held.length > 0 || this.#inFlight || this.#waiters.length > 0 || this.#consecutiveFailures > 0) return;
    this.#outage = undefined;
    // the batch that went through directly after the outage counts too: it was sent while recovering
    const replayed = this.#delivered - outage.deliveredAtStart;
    const dropped = this.#dropped - outage.droppedAtStart;
    const seconds = Math.round((Date.now() - outage.since) / 100) / 10;
    const fields = { publisher: this.publisher, sink: this.sink, outageSeconds: seconds, replayed, dropped };
    const line = 'publisher %s (sink %s) caught up after %d s: replayed %d %s held during the outage; %d dropped';
    if (dropped > 0) this.#logger.warn(fields, line, this.publisher, this.sink, seconds, replayed, this.#itemName, dropped);
    else this.#logger.info(fields, line, this.publisher, this.sink, seconds, replayed, this.#itemName, dropped);
  }

  #failed(batch: Batch<T>, err: unknown): void {
    if (this.#inFlight === batch) this.#inFlight = undefined;
    else return;
    this.#failedAttempts += 1;
    this.#periodFailures += 1;
    this.#consecutiveFailures += 1;
    this.#lastError = err;
    this.#outage ??= { since: Date.now(), deliveredAtStart: this.#delivered, droppedAtStart: this.#dropped };
    if (this.#consecutiveFailures === 1) {
      // Once per outage, not per batch: the periodic report says the rest.
      this.#logger.warn(
        { publisher: this.publisher, sink: this.sink, err: this.#message(err), policy: this.settings.policy },
        'publisher %s (sink %s) failed: %s; holding its %s and retrying (policy %s)',
        this.publisher, this.sink, this.#message(err), this.#itemName, this.settings.policy,
      );
    }
    this.#startReporting();
    batch.failures += 1;
    const suspect = this.#probing;
    this.#probing = undefined;
    const confirmed = this.#confirming === batch;
    if (confirmed) this.#confirming = undefined;
    if ((confirmed || batch.suspect === true) && !isAvailabilityFailure(err)) {
      // failed again right after other batches went through: poison, not an outage. Split it until
      // the items the publisher rejects are alone, so the good items that shared a batch still go out.
      this.#consecutiveFailures = 0;
      if (batch.items.length > 1) {
        const middle = Math.ceil(batch.items.length / 2);
        const halves = [batch.items.slice(0, middle), batch.items.slice(middle)];
        this.#held.unshift(...halves.map((items) => ({ items, queuedAt: batch.queuedAt, failures: 0, suspect: true })));
        this.#heldItems += batch.items.length;
      } else {
        this.#dropPoison(batch);
      }
      this.#admitWaiters();
      this.#kick();
      return;
    }
    this.#heldItems += batch.items.length;
    // a failed probe goes back behind the batch it was testing: order is kept, the publisher is down
    if (suspect && this.#held[0] === suspect) this.#held.splice(1, 0, batch);
    else this.#held.unshift(batch);
    if (this.settings.policy === 'drop') this.#dropExpired();
    this.#admitWaiters();
    this.#kick();
  }

  /** Starts the next attempt: at once when healthy, after the backoff delay when failing. */
  #kick(): void {
    if (this.#closed || this.#inFlight || this.#retryTimer) return;
    if (this.#held.length === 0) {
      for (const idle of this.#idleListeners.splice(0)) idle();
      return;
    }
    if (this.#consecutiveFailures === 0) {
      this.#launch(this.#takeNext());
      return;
    }
    const { initialMs, maxMs, multiplier } = this.settings.backoff;
    let delay = Math.min(maxMs, initialMs * multiplier ** (this.#consecutiveFailures - 1));
    if (this.#closing) delay = Math.min(delay, CLOSING_RETRY_MS);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.settings.policy === 'drop') this.#dropExpired();
      if (this.#held.length === 0) {
        this.#kick();
        return;
      }
      this.#launch(this.#takeNext());
    }, delay);
    // While closing, close() itself keeps the process alive as long as it waits.
    if (!this.#closing) this.#retryTimer.unref();
  }

  /** The head, or under `drop` the batch behind a head that keeps failing (a probe, see {@link POISON_PROBE_FAILURES}). */
  #takeNext(): Batch<T> {
    const head = this.#held[0] as Batch<T>;
    // probe and head alternate, so an outage never leaves the head untried
    const probe =
      this.settings.policy === 'drop' && !this.#lastWasProbe && this.#confirming !== head && head.failures >= POISON_PROBE_FAILURES &&
      this.#held.length > 1 && !isAvailabilityFailure(this.#lastError);
    this.#lastWasProbe = probe;
    if (!probe) return this.#takeHead();
    const next = this.#held.splice(1, 1)[0] as Batch<T>;
    this.#heldItems -= next.items.length;
    this.#probing = head;
    return next;
  }

  /** Drops an item (taken off the queue) the publisher rejects while it takes others, logged once each. */
  #dropPoison(batch: Batch<T>): void {
    this.#drop(batch);
    this.#poisonBatches += 1;
    this.#logger.error(
      { publisher: this.publisher, sink: this.sink, items: batch.items.length, attempts: batch.failures, err: this.#message(this.#lastError), poisonBatches: this.#poisonBatches },
      'publisher %s (sink %s) rejects what it was sent while it takes the rest: %d %s dropped after %d attempts: %s',
      this.publisher, this.sink, batch.items.length, this.#itemName, batch.failures, this.#message(this.#lastError),
    );
  }

  #takeHead(): Batch<T> {
    const batch = this.#held.shift() as Batch<T>;
    this.#heldItems -= batch.items.length;
    return batch;
  }

  // --- queueing --------------------------------------------------------------------------------

  #enqueue(items: readonly T[]): Promise<void> {
    if (this.#depth() < this.settings.queueLength) {
      this.#push(items);
      return Promise.resolve();
    }
    if (this.settings.policy === 'drop') {
      const oldest = this.#held.shift();
      if (oldest) {
        this.#heldItems -= oldest.items.length;
        this.#drop(oldest);
        this.#startReporting();
      }
      this.#push(items);
      return Promise.resolve();
    }
    this.#startReporting();
    if (this.#refuseWhenFull) return Promise.reject(new DeliveryRefusedError(this.publisher, 'the queue is full and the agent is stopping'));
    return new Promise<void>((resolve, reject) => this.#waiters.push({ items, resolve, reject }));
  }

  #push(items: readonly T[]): void {
    this.#held.push({ items, queuedAt: Date.now(), failures: 0 });
    this.#heldItems += items.length;
    this.#kick();
  }

  #depth(): number {
    return this.#held.length + (this.#inFlight ? 1 : 0);
  }

  /** `hold`: lets waiting calls in while there is room, oldest first. */
  #admitWaiters(): void {
    while (this.#waiters.length > 0 && this.#depth() < this.settings.queueLength) {
      const waiter = this.#waiters.shift() as Waiter<T>;
      this.#push(waiter.items);
      waiter.resolve();
    }
  }

  /** `drop`: gives up the batches queued longer than the retry timeout. */
  #dropExpired(): void {
    const limit = Date.now() - this.settings.retryTimeoutMs;
    while (this.#held.length > 0 && (this.#held[0] as Batch<T>).queuedAt <= limit) this.#drop(this.#takeHead());
  }

  #drop(batch: Batch<T>): void {
    this.#dropped += batch.items.length;
    this.#droppedBatches += 1;
    this.#periodDropped += batch.items.length;
  }

  /** An error's message, without the publisher's credentials. */
  #message(err: unknown): string {
    const text = err instanceof Error ? err.message : String(err);
    return this.#rawUrl ? text.split(this.#rawUrl).join(this.publisher) : text;
  }

  // --- reporting -------------------------------------------------------------------------------

  #startReporting(): void {
    if (this.#reportTimer || this.#closed) return;
    this.#reportTimer = setInterval(() => this.#report(), this.settings.reportIntervalMs);
    this.#reportTimer.unref();
  }

  #stopReporting(): void {
    if (this.#reportTimer) clearInterval(this.#reportTimer);
    this.#reportTimer = undefined;
  }

  /** One line per interval while anything is held, waiting or dropped; silent (and stopped) after. */
  #report(): void {
    const s = this.stats();
    if (s.queuedBatches === 0 && s.waitingCalls === 0 && this.#periodDropped === 0 && this.#periodFailures === 0) {
      this.#stopReporting();
      return;
    }
    this.#logger.warn(
      {
        publisher: this.publisher, sink: this.sink, policy: s.policy, queuedBatches: s.queuedBatches, queuedItems: s.queuedItems,
        queueLength: this.settings.queueLength, waitingCalls: s.waitingCalls, failedAttempts: this.#periodFailures,
        dropped: this.#periodDropped, droppedTotal: s.dropped, ...(s.failing ? { lastError: this.#message(this.#lastError) } : {}),
      },
      'publisher %s (sink %s): %d batch(es) (%d %s) held of %d, %d call(s) waiting, %d failed attempt(s) and %d %s dropped in the last %ds (%d dropped since start)',
      this.publisher, this.sink, s.queuedBatches, s.queuedItems, this.#itemName, this.settings.queueLength, s.waitingCalls,
      this.#periodFailures, this.#periodDropped, this.#itemName, Math.round(this.settings.reportIntervalMs / 1000), s.dropped,
    );
    this.#periodDropped = 0;
    this.#periodFailures = 0;
  }
}
