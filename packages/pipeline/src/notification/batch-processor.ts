/**
 * Processes one batch of delivered messages: notifications become samples (every sample endpoint)
 * and events (the converter), each kind published once for the whole batch, and each message gets
 * its disposition: acknowledged when its output was published (or it was unusable), requeued when
 * a publisher failed, poison when it exceeds the work budget (the agent dead-letters it).
 */
import type { Event, Logger, Sample } from '@ceilometer-ts/sdk';
import { EVENT_PRIORITIES, SAMPLE_PRIORITIES } from './endpoint.js';
import { notificationFromMessage } from './notification-from-message.js';
import type { Processing } from './processing.js';
import type { Disposition, IncomingMessage, Notification } from './types.js';
import { exceedsWorkBudget, UNLIMITED_WORK_BUDGET, type WorkBudget } from './work-budget.js';

/** Counters over every processed batch. */
export interface ProcessStats {
  messages: number;
  malformed: number;
  samples: number;
  events: number;
  requeued: number;
  publishFailures: number;
  /** Notifications over the work budget (poison). */
  overBudget: number;
}

/** A fresh set of counters. */
export function emptyProcessStats(): ProcessStats {
  return { messages: 0, malformed: 0, samples: 0, events: 0, requeued: 0, publishFailures: 0, overBudget: 0 };
}

/** How {@link processBatch} behaves. */
export interface BatchOptions {
  readonly ackOnEventError: boolean;
  readonly logger: Logger;
  readonly stats: ProcessStats;
  /** Limits per notification; default none. */
  readonly budget?: WorkBudget;
}

/** A message that must not be processed again: nothing of it was published. */
export interface PoisonDisposition {
  readonly poison: string;
}

/** What becomes of one message of a batch: a {@link Disposition}, or poison (the agent moves it aside). */
export type BatchDisposition = Disposition | PoisonDisposition;

/** True for a poison disposition. */
export const isPoison = (d: BatchDisposition): d is PoisonDisposition => typeof d === 'object';

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Processes a batch; never rejects. */
export async function processBatch(batch: readonly IncomingMessage[], processing: Processing, options: BatchOptions): Promise<BatchDisposition[]> {
  const { logger, stats } = options;
  const budget = options.budget ?? UNLIMITED_WORK_BUDGET;
  const dispositions: BatchDisposition[] = batch.map(() => 'handled');
  stats.messages += batch.length;
  const notifications: Array<Notification | undefined> = batch.map((incoming) => {
    try {
      return notificationFromMessage(incoming);
    } catch (err) {
      stats.malformed += 1;
      logger.error({ err: errorMessage(err), message_id: incoming.message['message_id'] }, 'malformed notification acknowledged and dropped: %s', errorMessage(err));
      return undefined;
    }
  });

  const samples: Sample[] = [];
  const sampleSources = new Set<number>();
  const endpoints = processing.samples?.endpoints ?? [];
  notifications.forEach((n, i) => {
    if (!n || !SAMPLE_PRIORITIES.includes(n.priority)) return;
    const own: Sample[] = [];
    for (const endpoint of endpoints) {
      if (!endpoint.accepts(n)) continue;
      try {
        for (const s of endpoint.buildSamples(n)) own.push(s);
      } catch (err) {
        stats.malformed += 1;
        logger.error({ err: errorMessage(err), event_type: n.event_type, message_id: n.message_id }, 'Fail to process notification %s: %s', n.event_type, errorMessage(err));
      }
    }
    if (own.length === 0) return;
    const exceeded = exceedsWorkBudget(own, budget, batch[i]!.body?.length);
    if (exceeded) {
      stats.overBudget += 1;
      dispositions[i] = { poison: exceeded };
      notifications[i] = undefined; // not processed at all: no event either
      return;
    }
    for (const s of own) samples.push(s);
    sampleSources.add(i);
  });

  const events: Event[] = [];
  const eventSources = new Set<number>();
  const converter = processing.events?.converter;
  if (converter) {
    notifications.forEach((n, i) => {
      if (!n || !EVENT_PRIORITIES.includes(n.priority)) return;
      try {
        const event = converter.toEvent(n);
        if (event) {
          events.push(event);
          eventSources.add(i);
        }
      } catch (err) {
        stats.malformed += 1;
        logger.error({ err: errorMessage(err), event_type: n.event_type, message_id: n.message_id }, 'Fail to convert notification %s to an event: %s', n.event_type, errorMessage(err));
      }
    });
  }

  const [sampleOutcome, eventOutcome] = await Promise.all([
    samples.length > 0 && processing.samples ? processing.samples.publisher.publishSamples(samples) : undefined,
    events.length > 0 && processing.events ? processing.events.publisher.publishEvents(events) : undefined,
  ]);
  stats.samples += samples.length;
  stats.events += events.length;
  if (sampleOutcome && sampleOutcome.failures.length > 0) {
    stats.publishFailures += sampleOutcome.failures.length;
    for (const i of sampleSources) dispositions[i] = 'requeue';
  }
  if (eventOutcome && eventOutcome.failures.length > 0) {
    stats.publishFailures += eventOutcome.failures.length;
    if (!options.ackOnEventError) for (const i of eventSources) dispositions[i] = 'requeue';
    else logger.warn({ events: events.length }, 'event publishing failed; notifications acknowledged anyway ([notification] ack_on_event_error)');
  }
  return dispositions;
}
