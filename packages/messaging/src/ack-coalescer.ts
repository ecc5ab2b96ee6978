/**
 * Acknowledgements of one channel, sent as few frames as possible: the acks given during one
 * event-loop turn go out together at its end, as one `basic.ack` with `multiple` for the run of
 * settled messages at the head of the channel's unsettled ones, and one ack each for those settled
 * behind a message still being processed (which must not be covered). One socket write per message
 * was ~4 % of the notification agent's CPU (bench/notification). Rejections go out at once.
 *
 * Delivery tags are per channel and increase in delivery order, so every message the channel
 * delivers, from any of its consumers, has to be {@link AckCoalescer.delivered | registered}.
 */
import type { Message } from 'amqplib';

/** The part of an amqplib channel the coalescer uses. */
export interface AckChannel {
  ack(message: Message, allUpTo?: boolean): void;
  nack(message: Message, allUpTo?: boolean, requeue?: boolean): void;
}

interface Tracked {
  readonly message: Message;
  /** `ack`: settled here, not yet sent; `sent`: settled and sent on its own (or rejected). */
  state: 'unsettled' | 'ack' | 'sent';
}

export class AckCoalescer {
  /** Delivered messages not yet passed by a `multiple` ack, in delivery order, from `#head` on. */
  #tracked: Tracked[] = [];
  #head = 0;
  readonly #byTag = new Map<number, Tracked>();
  /** Acked since the last flush, in the order given. */
  #pending: Tracked[] = [];
  #scheduled: NodeJS.Immediate | undefined;

  /** `onError` gets what the channel threw when the acks went out (a channel closed meanwhile). */
  constructor(private readonly channel: AckChannel, private readonly onError: (error: unknown) => void) {}

  /** Registers a message the channel delivered (in delivery order). */
  delivered(message: Message): void {
    const tracked: Tracked = { message, state: 'unsettled' };
    this.#tracked.push(tracked);
    this.#byTag.set(message.fields.deliveryTag, tracked);
  }

  /** Acknowledges the message at the end of this event-loop turn (or at {@link flush}). */
  ack(message: Message): void {
    const tracked = this.#byTag.get(message.fields.deliveryTag);
    if (!tracked) {
      this.channel.ack(message); // not registered: nothing to combine it with
      return;
    }
    if (tracked.state !== 'unsettled') return;
    tracked.state = 'ack';
    this.#pending.push(tracked);
    this.#scheduled ??= setImmediate(() => {
      this.#scheduled = undefined;
      this.flush();
    });
  }

  /** Rejects the message now (acks pending before it go first). Throws what the channel throws. */
  nack(message: Message, requeue: boolean): void {
    const tracked = this.#byTag.get(message.fields.deliveryTag);
    if (tracked) tracked.state = 'sent';
    this.flush();
    this.channel.nack(message, false, requeue);
  }

  /** Sends the pending acks now; a channel failure goes to `onError`. */
  flush(): void {
    if (this.#scheduled) {
      clearImmediate(this.#scheduled);
      this.#scheduled = undefined;
    }
    if (this.#pending.length === 0) return;
    try {
      this.#send();
    } catch (error) {
      this.onError(error);
    }
  }

  #send(): void {
    const pending = this.#pending;
    this.#pending = [];
    let last: Tracked | undefined;
    let combined = 0;
    while (this.#head < this.#tracked.length) {
      const tracked = this.#tracked[this.#head]!;
      if (tracked.state === 'unsettled') break;
      if (tracked.state === 'ack') {
        tracked.state = 'sent';
        last = tracked;
        combined++;
      }
      this.#byTag.delete(tracked.message.fields.deliveryTag);
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#tracked.length) {
      this.#tracked = this.#tracked.slice(this.#head);
      this.#head = 0;
    }
    if (last) this.channel.ack(last.message, combined > 1);
    // behind a message still in processing: one by one, so that one stays unacknowledged
    for (const tracked of pending) {
      if (tracked.state !== 'ack') continue;
      tracked.state = 'sent';
      this.channel.ack(tracked.message);
    }
  }
}
