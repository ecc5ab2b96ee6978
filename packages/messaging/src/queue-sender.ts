/**
 * Sends raw message bodies to one named queue through the default exchange, with publisher
 * confirms: what ceilometer-agent-notification's dead-letter queue is written with. The queue is
 * declared as oslo's notification queues are (durability, arguments), so it outlives the agent.
 */
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { AmqpConnection, type AmqpConnectionOptions } from './amqp-connection.js';
import { isDurable, queueArguments } from './settings.js';

/** Options of {@link AmqpQueueSender}. */
export interface AmqpQueueSenderOptions extends Omit<AmqpConnectionOptions, 'url'> {
  readonly url?: AmqpConnectionOptions['url'];
  readonly connection?: AmqpConnection;
  readonly queue: string;
  /** How long `send` waits for a connection before rejecting (default 10 s). */
  readonly connectTimeoutMs?: number;
}

/** One send: the body, and headers saying where it came from and why. */
export interface QueueMessage {
  readonly body: Uint8Array;
  readonly headers?: Readonly<Record<string, string | number>>;
}

/** Publishes to one queue; `send()` resolves when the broker confirmed. */
export class AmqpQueueSender {
  readonly connection: AmqpConnection;
  readonly queue: string;
  readonly #owns: boolean;
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  #channel: Promise<ConfirmChannel> | undefined;
  #model: ChannelModel | undefined;

  constructor(options: AmqpQueueSenderOptions) {
    if (!options.connection && !options.url) throw new TypeError('AmqpQueueSender needs a url or a connection');
    this.connection = options.connection ?? new AmqpConnection({ ...options, url: options.url! });
    this.#owns = !options.connection;
    this.queue = options.queue;
    this.#logger = options.logger ?? silentLogger;
    this.#timeoutMs = options.connectTimeoutMs ?? 10_000;
  }

  /** Publishes one message (persistent when the queue is durable); rejects when it cannot be confirmed. */
  async send(message: QueueMessage): Promise<void> {
    const channel = await this.#open();
    const durable = isDurable(this.connection.settings);
    await new Promise<void>((resolve, reject) => {
      channel.publish('', this.queue, Buffer.from(message.body), { contentType: 'application/json', contentEncoding: 'utf-8', persistent: durable, headers: message.headers ?? {} }, (err: unknown) =>
        err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
      );
    });
  }

  /** Closes the channel (and the connection when it owns it). */
  async close(): Promise<void> {
    const channel = this.#channel;
    this.#channel = undefined;
    if (channel) await channel.then((c) => c.close()).catch(() => {});
    if (this.#owns) await this.connection.close();
  }

  #open(): Promise<ConfirmChannel> {
    const model = this.connection.model;
    if (this.#channel && model === this.#model) return this.#channel;
    const opening = (async () => {
      const live = await this.connection.waitConnected(this.#timeoutMs);
      this.#model = live;
      const channel = await live.createConfirmChannel();
      channel.on('error', (err: Error) => this.#logger.error({ err: err.message, queue: this.queue }, 'AMQP dead-letter channel error'));
      channel.once('close', () => {
        if (this.#channel === opening) this.#channel = undefined;
      });
      const settings = this.connection.settings;
      await channel.assertQueue(this.queue, { durable: isDurable(settings), autoDelete: false, arguments: queueArguments(settings) });
      return channel;
    })();
    this.#channel = opening;
    void opening.catch(() => {
      if (this.#channel === opening) this.#channel = undefined;
    });
    return opening;
  }
}
