/**
 * The notification agent's throughput line: one INFO line per interval (a minute by default),
 * zeros included, so an operator tailing the log sees both the traffic and that the agent is
 * alive. Counts are of the interval; rates are per second over it; the delivery queues' holdings
 * are the backlog the agent keeps itself (the broker's queue depth is not known here).
 */
import type { Logger } from '@ceilometer-ts/sdk';
import type { NotificationAgentStats } from './agent.js';

/** The counters the line compares between two readings. */
interface Reading {
  readonly at: number;
  readonly messages: number;
  readonly samples: number;
  readonly events: number;
  readonly malformed: number;
  readonly requeued: number;
  readonly deadLettered: number;
  readonly dropped: number;
  readonly delivered: number;
}

function read(stats: NotificationAgentStats, at: number): Reading {
  let dropped = 0;
  let delivered = 0;
  for (const q of stats.delivery) {
    dropped += q.dropped;
    delivered += q.delivered;
  }
  return {
    at, messages: stats.messages, samples: stats.samples, events: stats.events, malformed: stats.malformed,
    requeued: stats.requeued, deadLettered: stats.deadLettered, dropped, delivered,
  };
}

/** Rate per second, to a tenth. */
function perSecond(count: number, ms: number): number {
  return ms > 0 ? Math.round((count * 10_000) / ms) / 10 : 0;
}

/** Logs {@link NotificationAgentStats} deltas every `intervalMs`. */
export class ThroughputReporter {
  #timer: NodeJS.Timeout | undefined;
  #last: Reading | undefined;

  constructor(
    private readonly stats: () => NotificationAgentStats,
    private readonly logger: Logger,
    readonly intervalMs: number,
  ) {}

  /** Starts the timer (unref'd: it never keeps the process alive); the first line comes after one interval. */
  start(): void {
    if (this.#timer || this.intervalMs <= 0) return;
    this.#last = read(this.stats(), Date.now());
    this.#timer = setInterval(() => this.report(), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Logs the line for the time since the previous one (called by the timer; public for tests). */
  report(now = Date.now()): void {
    const stats = this.stats();
    const current = read(stats, now);
    const last = this.#last ?? current;
    this.#last = current;
    const ms = current.at - last.at;
    const d = (key: Exclude<keyof Reading, 'at'>): number => current[key] - last[key];
    let heldSamples = 0;
    let heldBatches = 0;
    for (const q of stats.delivery) {
      heldSamples += q.queuedItems;
      heldBatches += q.queuedBatches;
    }
    const fields = {
      summary: 'notification-throughput',
      intervalSeconds: Math.round(ms / 100) / 10,
      messages: d('messages'), samples: d('samples'), events: d('events'),
      messagesPerSecond: perSecond(d('messages'), ms), samplesPerSecond: perSecond(d('samples'), ms), eventsPerSecond: perSecond(d('events'), ms),
      delivered: d('delivered'), dropped: d('dropped'), deadLettered: d('deadLettered'), malformed: d('malformed'), requeued: d('requeued'),
      heldItems: heldSamples, heldBatches, inFlightBatches: stats.inFlightBatches,
    };
    this.logger.info(
      fields,
      `notification throughput over the last ${fields.intervalSeconds}s: ${fields.messages} message(s) (${fields.messagesPerSecond}/s), ` +
        `${fields.samples} sample(s) (${fields.samplesPerSecond}/s) and ${fields.events} event(s) (${fields.eventsPerSecond}/s) through the pipelines, ` +
        `${fields.delivered} item(s) published; ${fields.dropped} dropped, ${fields.deadLettered} dead-lettered, ${fields.requeued} requeued; ` +
        `${heldSamples} item(s) in ${heldBatches} batch(es) held in delivery queues`,
    );
  }
}
