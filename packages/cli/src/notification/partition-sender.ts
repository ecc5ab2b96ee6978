/**
 * The partitioned agent's sender: samples of one pipeline for one partition become one
 * notification on the partition's topic (`ceilometer_ipc-sample-<n>`, event type = the pipeline's
 * name, payload = the meter messages, priority SAMPLE: upstream Queens' interim publisher), sent
 * with publisher confirms on the consumed broker; its queue is declared as the consumers declare it
 * (single active consumer).
 */
import { AmqpNotifier, parseTransportUrl, rabbitSettingsFrom, redactTransportUrl } from '@ceilometer-ts/messaging';
import { partitionTopic, type PartitionSender } from '@ceilometer-ts/pipeline';
import type { Config } from '@ceilometer-ts/core';
import type { Logger, MeterMessage } from '@ceilometer-ts/sdk';

/** The queue arguments of a partition queue: RabbitMQ delivers to one of its consumers at a time. */
export const PARTITION_QUEUE_ARGUMENTS: Readonly<Record<string, unknown>> = Object.freeze({ 'x-single-active-consumer': true });

/** Sends to the partition queues through an oslo-compatible notifier. */
export class AmqpPartitionSender implements PartitionSender {
  readonly #notifier: AmqpNotifier;

  constructor(notifier: AmqpNotifier) {
    this.#notifier = notifier;
  }

  /** On the first `[notification] messaging_urls` (else `[DEFAULT] transport_url`), exchange `[DEFAULT] control_exchange`. */
  static fromConfig(config: Config, raw: string, exchange: string, logger: Logger): AmqpPartitionSender {
    const url = parseTransportUrl(raw);
    return new AmqpPartitionSender(
      new AmqpNotifier({
        url,
        rabbit: rabbitSettingsFrom(config, url),
        exchange,
        publisherId: 'ceilometer.notification',
        queueArguments: PARTITION_QUEUE_ARGUMENTS,
        connectionName: `ceilometer-agent-notification:${process.pid}:partitions`,
        itemsName: 'samples',
        logger: logger.child({ component: 'partition-sender', transport: redactTransportUrl(raw) }),
      }),
    );
  }

  /** The notifier's connection (tests close it to play a dead agent). */
  get connection(): AmqpNotifier['connection'] {
    return this.#notifier.connection;
  }

  send(partition: number, pipeline: string, messages: readonly MeterMessage[]): Promise<void> {
    return this.#notifier.send({ eventType: pipeline, payload: messages, priority: 'SAMPLE', topics: [partitionTopic(partition)], records: messages.length });
  }

  async close(timeoutMs?: number): Promise<void> {
    await this.#notifier.close(timeoutMs === undefined ? {} : { timeoutMs });
  }
}
