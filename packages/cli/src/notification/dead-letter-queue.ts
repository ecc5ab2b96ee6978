/**
 * `[notification] dead_letter_queue`: moved-aside notifications are republished unchanged (the body
 * as delivered) to a RabbitMQ queue, with headers saying why, so an operator can inspect them and
 * shovel them back once the cause is fixed.
 */
import { AmqpQueueSender, encodeMessageBody, type AmqpQueueSenderOptions } from '@ceilometer-ts/messaging';
import type { DeadLetter, DeadLetterSink } from '@ceilometer-ts/pipeline';

/** The body to republish: as delivered, or re-encoded when the consumer did not keep it. */
function bodyOf(letter: DeadLetter): Uint8Array {
  if (letter.message.body) return letter.message.body;
  const context = Object.fromEntries(Object.entries(letter.message.context).map(([k, v]) => [`_context_${k}`, v]));
  return encodeMessageBody({ ...letter.message.message, ...context });
}

/** A dead-letter sink on one queue of a broker. */
export class AmqpDeadLetterQueue implements DeadLetterSink {
  readonly #sender: AmqpQueueSender;

  constructor(options: AmqpQueueSenderOptions) {
    this.#sender = new AmqpQueueSender(options);
  }

  get queue(): string {
    return this.#sender.queue;
  }

  publish(letter: DeadLetter): Promise<void> {
    const { message } = letter;
    const headers: Record<string, string | number> = {
      'x-ceilometer-reason': letter.reason,
      'x-ceilometer-attempts': letter.attempts,
      'x-ceilometer-dead-lettered-at': new Date().toISOString(),
    };
    if (letter.id) headers['x-ceilometer-message-id'] = letter.id;
    if (typeof message.message['event_type'] === 'string') headers['x-ceilometer-event-type'] = message.message['event_type'];
    if (message.exchange !== undefined) headers['x-original-exchange'] = message.exchange;
    if (message.routingKey !== undefined) headers['x-original-routing-key'] = message.routingKey;
    return this.#sender.send({ body: bodyOf(letter), headers });
  }

  close(): Promise<void> {
    return this.#sender.close();
  }
}
