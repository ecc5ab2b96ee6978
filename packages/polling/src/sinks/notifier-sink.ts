/**
 * A sink sending each batch as one upstream notification: event type `telemetry.polling`,
 * payload `{"samples": [meter messages]}` (upstream's `PollingTask._send_notification`).
 * The transport and the signing are given, so this file depends on neither.
 */
import { toMeterMessage, type MeterMessage, type Sample } from '@ceilometer-ts/sdk';
import type { SampleSink } from '../sink.js';

/** Upstream's event type of polling notifications. */
export const POLLING_EVENT_TYPE = 'telemetry.polling';

/** What the notifier sink needs. */
export interface NotifierSinkOptions<M> {
  /** Sample to signed meter message: `(s) => toMeterMessage(s, telemetrySecret)`. */
  readonly toMessage: (sample: Sample) => M;
  /** Sends one notification, e.g. `notifier.sample({}, eventType, payload)`; resolves on confirm or queueing. */
  readonly notify: (eventType: string, payload: { readonly samples: readonly M[] }) => Promise<void>;
  readonly close?: () => Promise<void>;
  readonly queueDepth?: () => number;
}

/** Sends batches as `telemetry.polling` notifications. */
export class NotifierSink<M = unknown> implements SampleSink {
  constructor(private readonly options: NotifierSinkOptions<M>) {}

  async publish(samples: readonly Sample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.options.notify(POLLING_EVENT_TYPE, { samples: samples.map(this.options.toMessage) });
  }

  async close(): Promise<void> {
    await this.options.close?.();
  }

  queueDepth(): number {
    return this.options.queueDepth?.() ?? 0;
  }
}

/**
 * The notifier sink upstream's polling agent amounts to: samples signed with
 * `[publisher] telemetry_secret` into meter messages, sent through `notify`.
 */
export function meterMessageSink(
  telemetrySecret: string,
  notify: NotifierSinkOptions<MeterMessage>['notify'],
  extra: Pick<NotifierSinkOptions<MeterMessage>, 'close' | 'queueDepth'> = {},
): NotifierSink<MeterMessage> {
  return new NotifierSink<MeterMessage>({ toMessage: (s) => toMeterMessage(s, telemetrySecret), notify, ...extra });
}
