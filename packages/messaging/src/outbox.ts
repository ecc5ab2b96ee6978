/**
 * The ordered, bounded buffer between callers and a confirm channel: messages wait here while the
 * broker is away, are published in order when a channel is attached, and settle only when the
 * broker confirms them. Channel-agnostic so it is unit-tested with a fake channel.
 */
import { silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { runDetached } from './detached.js';
import { NotificationDroppedError } from './errors.js';

/** What the outbox needs from a channel (an amqplib ConfirmChannel behind an adapter). */
export interface OutboxChannel {
  /** Declares what a publish to exchange/routingKey needs; null when already done on this channel. */
  prepare(exchange: string, routingKey: string): Promise<void> | null;
  /** Publishes; `confirm` gets null on ack, an error on nack or channel loss. False = wait for `onDrain`. */
  publish(exchange: string, routingKey: string, body: Buffer, properties: Record<string, unknown>, confirm: (err: unknown) => void): boolean;
  onDrain(listener: () => void): void;
  /** Called when prepare or publish failed: the adapter drops the channel (the outbox gets `detach`). */
  fail(error: Error): void;
}

/**
 * What to do with messages while the broker cannot take them:
 * `queue` keeps up to maxQueueLength (drop-oldest) and retries; `default` is oslo's behaviour
 * (wait and retry `retry` times, -1 forever) within the same bound; `drop` rejects at once.
 */
export type OutagePolicy = 'default' | 'queue' | 'drop';

/** Outbox settings. */
export interface OutboxOptions {
  readonly maxQueueLength?: number;
  readonly policy?: OutagePolicy;
  /** Re-sends after a nack or a lost channel before giving up; -1 = forever. */
  readonly retry?: number;
  /** Unconfirmed messages allowed on the wire. */
  readonly maxInFlight?: number;
  readonly logger?: Logger;
  /** Where the messages go, for logs (a redacted URL). */
  readonly destination?: string;
  /** What one message's records are called in logs (`samples`, `events`); default `records`. */
  readonly itemsName?: string;
  /**
   * While messages are held without a channel, one line per this interval says how many (and how
   * many records) for which destination, against the bound (default 60 s; 0 turns it off).
   */
  readonly heldReportIntervalMs?: number;
}

/** Counters of an outbox. */
export interface OutboxStats {
  /** Waiting to be published. */
  readonly queued: number;
  /** Published, not confirmed yet. */
  readonly inFlight: number;
  /** Confirmed by the broker (acks). */
  readonly sent: number;
  /** Given up: overflow (drop-oldest), retries exhausted, `drop` policy, or closed. */
  readonly dropped: number;
  readonly confirms: number;
  readonly nacks: number;
  /** Re-queued after a nack or channel loss. */
  readonly retried: number;
  /** Records (samples, events) in the messages waiting or in flight. */
  readonly pendingRecords: number;
  /** Records in the messages confirmed. */
  readonly sentRecords: number;
  /** Records in the messages given up. */
  readonly droppedRecords: number;
}

interface Entry {
  readonly exchange: string;
  readonly routingKey: string;
  readonly body: Buffer;
  readonly properties: Record<string, unknown>;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  /** Records (samples, events) it carries, for counts in logs. */
  readonly records: number;
  failures: number;
  gen: number;
  /** Waited through a broker outage: its confirm counts as replayed. */
  held: boolean;
}

/** A broker outage seen by the outbox: from the lost channel (or the first held report) to the replay of what it held. */
interface Outage {
  readonly since: number;
  readonly droppedAtStart: number;
  readonly droppedRecordsAtStart: number;
  /** Held entries not confirmed or dropped yet. */
  heldPending: number;
  replayed: number;
  replayedRecords: number;
  /** A channel is back: the outage ends once `heldPending` reaches 0. */
  recovering: boolean;
}

/** An ordered publish buffer with publisher confirms. */
export class Outbox {
  readonly maxQueueLength: number;
  readonly policy: OutagePolicy;
  readonly retry: number;
  readonly maxInFlight: number;
  #queue: Entry[] = [];
  #inflight: Entry[] = [];
  #channel: OutboxChannel | undefined;
  #gen = 0;
  #pumping = false;
  #blocked = false;
  #closed = false;
  #idle: Array<() => void> = [];
  #lastDropLog = 0;
  #heldTimer: NodeJS.Timeout | undefined;
  #pendingRecords = 0;
  #outage: Outage | undefined;
  #stats = { sent: 0, dropped: 0, confirms: 0, nacks: 0, retried: 0, sentRecords: 0, droppedRecords: 0 };
  readonly #logger: Logger;
  readonly #destination: string;
  readonly #itemsName: string;
  readonly #heldReportIntervalMs: number;

  constructor(options: OutboxOptions = {}) {
    this.maxQueueLength = Math.max(options.maxQueueLength ?? 1024, 1);
    this.policy = options.policy ?? 'queue';
    this.retry = options.retry ?? -1;
    this.maxInFlight = Math.max(options.maxInFlight ?? 1000, 1);
    this.#logger = options.logger ?? silentLogger;
    this.#destination = options.destination ?? 'the broker';
    this.#itemsName = options.itemsName ?? 'records';
    this.#heldReportIntervalMs = Math.max(options.heldReportIntervalMs ?? 60_000, 0);
  }

  /**
   * Queues one message carrying `records` records (samples, events: for counts in logs); resolves
   * when the broker confirmed it, rejects with NotificationDroppedError. Aborting `signal` withdraws
   * the message while it still waits in the queue (reason `cancelled`, counted as dropped); once
   * published it can only be confirmed or failed.
   */
  enqueue(exchange: string, routingKey: string, body: Buffer, properties: Record<string, unknown>, signal?: AbortSignal, records = 1): Promise<void> {
    if (this.#closed) return Promise.reject(new NotificationDroppedError('notifier is closed', 'closed'));
    if (signal?.aborted) return Promise.reject(new NotificationDroppedError('withdrawn before it was queued', 'cancelled'));
    if (this.policy === 'drop' && !this.#channel) {
      this.#stats.dropped++;
      this.#stats.droppedRecords += records;
      this.#logDrop('broker unavailable (policy drop)');
      return Promise.reject(new NotificationDroppedError(`broker unavailable: notification to ${exchange}/${routingKey} dropped`, 'disconnected'));
    }
    return new Promise<void>((resolve, reject) => {
      if (this.#queue.length >= this.maxQueueLength) {
        const oldest = this.#queue.shift()!;
        this.#countDropped(oldest);
        this.#logDrop(`outage queue full (${this.maxQueueLength})`);
        oldest.reject(new NotificationDroppedError(`outage queue full (${this.maxQueueLength}): oldest notification dropped`, 'overflow'));
      }
      const entry: Entry = { exchange, routingKey, body, properties, resolve, reject, records, failures: 0, gen: -1, held: false };
      if (this.#outage && !this.#channel) this.#hold(entry);
      this.#queue.push(entry);
      this.#pendingRecords += records;
      this.#watchHeld();
      signal?.addEventListener('abort', () => this.#withdraw(entry), { once: true });
      this.#kick();
    });
  }

  /** Starts publishing on a (new) channel. */
  attach(channel: OutboxChannel): void {
    this.#gen++;
    this.#channel = channel;
    this.#blocked = false;
    this.#stopHeldReport();
    if (this.#outage) {
      this.#outage.recovering = true;
      this.#checkRecovered();
    }
    this.#kick();
  }

  /** The channel is gone: unconfirmed messages go back to the head of the queue, in order. */
  detach(): void {
    if (!this.#channel) return;
    this.#channel = undefined;
    this.#gen++;
    this.#beginOutage();
    const back = this.#inflight;
    this.#inflight = [];
    const requeue: Entry[] = [];
    for (const entry of back) {
      if (this.#giveUp(entry, 'connection lost before the broker confirmed')) continue;
      requeue.push(entry);
    }
    this.#queue.unshift(...requeue);
    for (const entry of requeue) this.#hold(entry);
    if (this.policy === 'drop') this.#rejectAll(this.#queue.splice(0), 'disconnected', 'broker connection lost (policy drop)');
    this.#watchHeld();
    this.#checkIdle();
  }

  get attached(): boolean {
    return this.#channel !== undefined;
  }

  /** Messages not confirmed yet (queued plus in flight). */
  get pending(): number {
    return this.#queue.length + this.#inflight.length;
  }

  stats(): OutboxStats {
    return { queued: this.#queue.length, inFlight: this.#inflight.length, pendingRecords: this.#pendingRecords, ...this.#stats };
  }

  /** Resolves true once nothing is pending, false after `timeoutMs`. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.pending === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        this.#idle = this.#idle.filter((f) => f !== onIdle);
        resolve(ok);
      };
      const onIdle = (): void => done(true);
      const timer = setTimeout(() => done(false), Math.max(timeoutMs, 0));
      this.#idle.push(onIdle);
    });
  }

  /** Stops accepting messages and rejects everything still pending; returns how many. */
  close(): number {
    this.#closed = true;
    this.#stopHeldReport();
    // the notifier's closing line says what was flushed and dropped
    this.#outage = undefined;
    const left = [...this.#inflight, ...this.#queue];
    this.#inflight = [];
    this.#queue = [];
    this.#gen++;
    this.#rejectAll(left, 'closed', 'notifier closed before the broker confirmed');
    return left.length;
  }

  /** Stops accepting new messages (pending ones keep flowing). */
  seal(): void {
    this.#closed = true;
  }

  #rejectAll(entries: Entry[], reason: 'closed' | 'disconnected', message: string): void {
    if (!entries.length) return;
    for (const e of entries) this.#countDropped(e);
    // on close, the notifier's closing line gives the counts
    if (reason !== 'closed') this.#logger.warn({ count: entries.length, dropped: this.#stats.dropped }, message);
    for (const e of entries) e.reject(new NotificationDroppedError(message, reason));
    this.#checkIdle();
  }

  #withdraw(entry: Entry): void {
    const i = this.#queue.indexOf(entry);
    if (i < 0) return; // in flight or settled already
    this.#queue.splice(i, 1);
    this.#countDropped(entry);
    entry.reject(new NotificationDroppedError(`notification to ${entry.exchange}/${entry.routingKey} withdrawn by its sender before it was published`, 'cancelled'));
    this.#checkIdle();
  }

  /** Counts a message that leaves the outbox without a confirm. */
  #countDropped(entry: Entry): void {
    this.#stats.dropped++;
    this.#stats.droppedRecords += entry.records;
    this.#pendingRecords -= entry.records;
    if (entry.held && this.#outage) {
      entry.held = false;
      this.#outage.heldPending -= 1;
      this.#checkRecovered();
    }
  }

  /** Starts an outage (once): everything pending now, and whatever comes until a channel is back, is held. */
  #beginOutage(): void {
    if (this.#closed) return;
    if (this.#outage) {
      this.#outage.recovering = false;
    } else {
      this.#outage = {
        since: Date.now(), droppedAtStart: this.#stats.dropped, droppedRecordsAtStart: this.#stats.droppedRecords,
        heldPending: 0, replayed: 0, replayedRecords: 0, recovering: false,
      };
    }
    for (const entry of this.#queue) this.#hold(entry);
  }

  #hold(entry: Entry): void {
    if (entry.held || !this.#outage) return;
    entry.held = true;
    this.#outage.heldPending += 1;
  }

  /**
   * Ends the outage once a channel is back and every message held through it is confirmed or
   * dropped: one line with what was replayed and dropped (nothing when nothing was held or lost).
   */
  #checkRecovered(): void {
    const outage = this.#outage;
    if (!outage || !outage.recovering || outage.heldPending > 0) return;
    this.#outage = undefined;
    const dropped = this.#stats.dropped - outage.droppedAtStart;
    const droppedRecords = this.#stats.droppedRecords - outage.droppedRecordsAtStart;
    if (outage.replayed === 0 && dropped === 0) return;
    const seconds = Math.round((Date.now() - outage.since) / 100) / 10;
    const fields = { destination: this.#destination, outageSeconds: seconds, replayed: outage.replayed, replayedRecords: outage.replayedRecords, dropped, droppedRecords };
    const message =
      `broker ${this.#destination} back after ${seconds} s: replayed ${outage.replayed} notification(s) with ${outage.replayedRecords} ${this.#itemsName} held during the outage` +
      `; ${dropped} notification(s) with ${droppedRecords} ${this.#itemsName} dropped`;
    if (dropped > 0) this.#logger.warn(fields, message);
    else this.#logger.info(fields, message);
  }

  /** Starts the held-messages report when messages wait without a channel. */
  #watchHeld(): void {
    if (this.#heldTimer || this.#channel || this.pending === 0 || this.#heldReportIntervalMs === 0) return;
    this.#heldTimer = setInterval(() => this.#reportHeld(), this.#heldReportIntervalMs);
    // a report never keeps the process alive
    this.#heldTimer.unref();
  }

  #stopHeldReport(): void {
    if (this.#heldTimer) clearInterval(this.#heldTimer);
    this.#heldTimer = undefined;
  }

  /** One line per interval while the broker is away: what is held, the bound, what was dropped. */
  #reportHeld(): void {
    if (this.#channel || this.pending === 0) {
      this.#stopHeldReport();
      return;
    }
    // never connected yet (a broker away at start): the outage counts from its first report
    this.#beginOutage();
    const { dropped, droppedRecords } = this.#stats;
    this.#logger.warn(
      { destination: this.#destination, held: this.pending, heldRecords: this.#pendingRecords, maxQueueLength: this.maxQueueLength, dropped, droppedRecords },
      `broker ${this.#destination} unavailable: holding ${this.pending} notification(s) with ${this.#pendingRecords} ${this.#itemsName} (bound ${this.maxQueueLength}); ${dropped} notification(s) dropped so far`,
    );
  }

  #giveUp(entry: Entry, why: string): boolean {
    entry.failures++;
    if (this.policy !== 'drop' && (this.retry < 0 || entry.failures <= this.retry)) {
      this.#stats.retried++;
      return false;
    }
    this.#countDropped(entry);
    this.#logger.warn({ exchange: entry.exchange, routingKey: entry.routingKey, attempts: entry.failures, dropped: this.#stats.dropped }, `notification dropped: ${why}`);
    entry.reject(new NotificationDroppedError(`notification to ${entry.exchange}/${entry.routingKey} dropped after ${entry.failures} attempt(s): ${why}`, 'retries'));
    return true;
  }

  #logDrop(why: string): void {
    const now = Date.now();
    // one line per second at most, with the running total
    if (now - this.#lastDropLog < 1000) return;
    this.#lastDropLog = now;
    this.#logger.warn({ dropped: this.#stats.dropped, maxQueueLength: this.maxQueueLength }, `notification dropped: ${why}`);
  }

  #onConfirm(entry: Entry, gen: number, err: unknown): void {
    if (gen !== this.#gen) return; // settled by detach()/close() already
    const i = this.#inflight.indexOf(entry);
    if (i < 0) return;
    this.#inflight.splice(i, 1);
    if (err == null) {
      this.#stats.confirms++;
      this.#stats.sent++;
      this.#stats.sentRecords += entry.records;
      this.#pendingRecords -= entry.records;
      if (entry.held && this.#outage) {
        entry.held = false;
        this.#outage.replayed += 1;
        this.#outage.replayedRecords += entry.records;
        this.#outage.heldPending -= 1;
        this.#checkRecovered();
      }
      entry.resolve();
    } else {
      this.#stats.nacks++;
      if (!this.#giveUp(entry, (err as Error).message ?? 'nacked')) this.#queue.unshift(entry);
    }
    this.#checkIdle();
    this.#kick();
  }

  #checkIdle(): void {
    if (this.pending !== 0) return;
    const waiters = this.#idle;
    this.#idle = [];
    for (const w of waiters) w();
  }

  /** Starts the pump unless it runs already; the pump never rejects by design (see runDetached). */
  #kick(): void {
    runDetached(this.#pump(), this.#logger, 'outbox pump');
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#channel && !this.#blocked && this.#queue.length && this.#inflight.length < this.maxInFlight) {
        const channel = this.#channel;
        const gen = this.#gen;
        const entry = this.#queue[0]!;
        const preparing = channel.prepare(entry.exchange, entry.routingKey);
        if (preparing) {
          try {
            await preparing;
          } catch (error) {
            channel.fail(error as Error);
            return;
          }
          continue; // re-read the head: the queue may have changed while waiting
        }
        this.#queue.shift();
        entry.gen = gen;
        this.#inflight.push(entry);
        let ok: boolean;
        try {
          ok = channel.publish(entry.exchange, entry.routingKey, entry.body, entry.properties, (err) => this.#onConfirm(entry, gen, err));
        } catch (error) {
          channel.fail(error as Error);
          return;
        }
        if (!ok) {
          this.#blocked = true;
          channel.onDrain(() => {
            if (gen !== this.#gen) return;
            this.#blocked = false;
            this.#kick();
          });
        }
      }
    } finally {
      this.#pumping = false;
    }
  }
}
