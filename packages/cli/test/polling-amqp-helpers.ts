/**
 * A raw AMQP consumer for the polling agent's RabbitMQ tests (amqplib, no code of ours in between):
 * decodes the oslo.messaging v2 envelope and keeps every notification, reconnecting when the broker
 * goes away.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './polling-helpers.js';

/** The part of amqplib the tests use (the cli does not depend on amqplib: it comes through messaging). */
export interface AmqpMessage {
  readonly content: Buffer;
  readonly properties: { readonly contentType?: string; readonly contentEncoding?: string; readonly deliveryMode?: number };
  readonly fields: { readonly exchange: string; readonly routingKey: string };
}
interface AmqpChannel {
  assertExchange(name: string, type: string, options: Record<string, unknown>): Promise<unknown>;
  assertQueue(name: string, options: Record<string, unknown>): Promise<{ queue: string }>;
  bindQueue(queue: string, exchange: string, key: string): Promise<unknown>;
  consume(queue: string, onMessage: (msg: AmqpMessage | null) => void, options: Record<string, unknown>): Promise<unknown>;
  ack(msg: AmqpMessage): void;
  publish(exchange: string, key: string, body: Buffer, options?: Record<string, unknown>): boolean;
  sendToQueue(queue: string, body: Buffer, options?: Record<string, unknown>): boolean;
  close(): Promise<void>;
}
interface AmqpConnection {
  createChannel(): Promise<AmqpChannel>;
  close(): Promise<void>;
  on(event: 'close' | 'error', listener: (err?: Error) => void): void;
}
interface Amqplib {
  connect(url: string): Promise<AmqpConnection>;
}

/** amqplib, resolved from @ceilometer-ts/messaging (which depends on it). */
export const amqplib = createRequire(join(ROOT, 'packages/messaging/package.json'))('amqplib') as Amqplib;

/** One decoded notification. */
export interface ReceivedNotification {
  readonly raw: AmqpMessage;
  /** The outer envelope (`oslo.version`, `oslo.message`). */
  readonly envelope: Record<string, unknown>;
  /** The text of `oslo.message`. */
  readonly messageText: string;
  readonly message: {
    readonly message_id: string;
    readonly publisher_id: string;
    readonly event_type: string;
    readonly priority: string;
    readonly timestamp: string;
    readonly payload: { readonly samples: Record<string, unknown>[] };
  };
}

/** What the queue to consume looks like. */
export interface ConsumerOptions {
  readonly url: string;
  readonly exchange: string;
  readonly routingKey: string;
  /** Consume this named queue (as declared by the notifier); default: a private exclusive queue. */
  readonly queue?: string;
  readonly durable?: boolean;
}

/** A consumer keeping decoded notifications and counting undecodable messages. */
export class RawConsumer {
  readonly received: ReceivedNotification[] = [];
  garbage = 0;
  connects = 0;
  #conn: AmqpConnection | undefined;
  #closed = false;

  constructor(private readonly options: ConsumerOptions) {}

  /** Connects (retrying until `timeoutMs`) and starts consuming. */
  async start(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.#connect();
        return;
      } catch (err) {
        if (Date.now() > deadline || this.#closed) throw err;
        await new Promise((r) => setTimeout(r, 300));
      }
    }
  }

  async #connect(): Promise<void> {
    const { url, exchange, routingKey, queue, durable = false } = this.options;
    const conn = await amqplib.connect(url);
    conn.on('error', () => {});
    conn.on('close', () => {
      if (this.#conn === conn) this.#conn = undefined;
      // NOTE: reconnect for the outage test; a queue declared durable keeps what arrived meanwhile
      if (!this.#closed) void this.start(120_000).catch(() => {});
    });
    const ch = await conn.createChannel();
    await ch.assertExchange(exchange, 'topic', { durable, autoDelete: false });
    const q = queue ? await ch.assertQueue(queue, { durable, autoDelete: false }) : await ch.assertQueue('', { exclusive: true });
    await ch.bindQueue(q.queue, exchange, routingKey);
    await ch.consume(q.queue, (msg) => {
      if (!msg) return;
      this.#take(msg);
      ch.ack(msg);
    }, { noAck: false });
    this.#conn = conn;
    this.connects++;
  }

  #take(msg: AmqpMessage): void {
    try {
      const envelope = JSON.parse(msg.content.toString('utf8')) as Record<string, unknown>;
      const messageText = envelope['oslo.message'];
      if (typeof messageText !== 'string') throw new Error('no oslo.message');
      const message = JSON.parse(messageText) as ReceivedNotification['message'];
      if (!Array.isArray(message.payload?.samples)) throw new Error('no samples');
      this.received.push({ raw: msg, envelope, messageText, message });
    } catch {
      this.garbage++;
    }
  }

  /** Every sample received, in arrival order. */
  samples(): Record<string, unknown>[] {
    return this.received.flatMap((n) => n.message.payload.samples);
  }

  /** Resolves once `predicate` holds (checked every 100 ms), rejects after `timeoutMs`. */
  async until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (received ${this.samples().length} samples)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Publishes raw bytes to the exchange (a foreign, broken message). */
  async publishRaw(routingKey: string, body: Buffer): Promise<void> {
    const conn = await amqplib.connect(this.options.url);
    const ch = await conn.createChannel();
    ch.publish(this.options.exchange, routingKey, body, { contentType: 'application/json' });
    await ch.close();
    await conn.close();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const conn = this.#conn;
    this.#conn = undefined;
    await conn?.close().catch(() => {});
  }
}
