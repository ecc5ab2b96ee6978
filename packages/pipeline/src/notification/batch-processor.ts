/**
 * Processes one batch of delivered messages: notifications become samples (every sample endpoint)
 * and events (the converter), each kind published once for the whole batch, and each message gets
 * its disposition: acknowledged when its output was published (or it was unusable), requeued when
 * a publisher failed.
 */
import type { Event, Logger, Sample } from '@ceilometer-ts/sdk';
import { EVENT_PRIORITIES, SAMPLE_PRIORITIES } from './endpoint.js';
import { notificationFromMessage } from './notification-from-message.js';
import type { Processing } from './processing.js';
import type { Disposition, IncomingMessage, Notification } from './types.js';

/** Counters over every processed batch. */
export interface ProcessStats {
  messages: number;
  malformed: number;
  samples: number;
  events: number;
  requeued: number;
  publishFailures: number;
}

/** A fresh set of counters. */
export function emptyProcessStats(): ProcessStats {
  return { messages: 0, malformed: 0, samples: 0, events: 0, requeued: 0, publishFailures: 0 };
}

/** How {@link processBatch} behaves. */
export interface BatchOptions {
  readonly ackOnEventError: boolean;
  readonly logger: Logger;
  readonly stats: ProcessStats;
}

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Processes a batch; never rejects. */
export async function processBatch(batch: readonly IncomingMessage[], processing: Processing, options: BatchOptions): Promise<Disposition[]> {
  const { logger, stats } = options;
  const dispositions: Disposition[] = batch.map(() => 'handled');
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
    for (const endpoint of endpoints) {
      if (!endpoint.accepts(n)) continue;
      try {
        const built = endpoint.buildSamples(n);
        if (built.length === 0) continue;
        for (const s of built) samples.push(s);
        sampleSources.add(i);
      } catch (err) {
        stats.malformed += 1;
        logger.error({ err: errorMessage(err), event_type: n.event_type, message_id: n.message_id }, 'Fail to process notification %s: %s', n.event_type, errorMessage(err));
      }
    }
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
