import {
  CoordinationUnavailableError,
  redactUrl,
  type CoordinationDriver,
  type CoordinationDriverOptions,
  type Logger,
  type MembershipEvent,
} from '@ceilometer-ts/sdk';
import { Redis } from 'ioredis';
import { redisSettingsFromUrl } from './redis-options.js';

type Listener = (event: MembershipEvent) => void;

/** Longest pause between two reconnection attempts: a restarted Redis is seen within this. */
const MAX_RECONNECT_DELAY_MS = 1000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The `redis://` / `rediss://` coordination driver (ioredis). Membership, as tooz keeps it: a
 * heartbeat key per member (`NS:beat:MEMBER`, expiring after the membership timeout, renewed every
 * third of it) and a set per group (`NS:group:GROUP`); readers list a group's members whose
 * heartbeat key is alive and prune the others, so a member killed or cut off is gone within the
 * timeout, while a clean stop deletes its keys at once. Joins and leaves are also published on
 * `NS:events:GROUP` for `watch`. Each heartbeat re-adds this member to its groups, so a Redis that
 * restarted empty has everyone back within a third of the timeout (at once on reconnection).
 * ioredis reconnects forever (at most a second apart); during an outage calls reject at once with
 * CoordinationUnavailableError instead of queueing.
 */
export class RedisCoordinationDriver implements CoordinationDriver {
  readonly #options: CoordinationDriverOptions;
  readonly #logger: Logger;
  readonly #groups = new Set<string>();
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #namespace: string;
  readonly #redacted: string;
  #client: Redis | undefined;
  #subscriber: Redis | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  /** The connection was ready once and then lost (logged once until it is back). */
  #lost = false;

  constructor(options: CoordinationDriverOptions) {
    this.#options = options;
    this.#logger = options.logger;
    this.#namespace = redisSettingsFromUrl(options.url).namespace;
    this.#redacted = redactUrl(options.url.href);
  }

  get connected(): boolean {
    return this.#client?.status === 'ready';
  }

  async start(): Promise<void> {
    if (this.#client) return;
    const client = this.#newClient();
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw new CoordinationUnavailableError(`redis ${this.#redacted}: cannot connect: ${messageOf(error)}`, { cause: error });
    }
    this.#client = client;
    client.on('ready', () => this.#onReconnected());
    client.on('close', () => this.#onClosed());
    await this.#beat();
    this.#heartbeat = setInterval(() => this.#beatInBackground(), Math.max(50, Math.floor(this.#options.membershipTimeoutMs / 3)));
    this.#heartbeat.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    const client = this.#client;
    this.#client = undefined;
    this.#subscriber?.disconnect();
    this.#subscriber = undefined;
    this.#listeners.clear();
    const groups = [...this.#groups];
    this.#groups.clear();
    if (!client) return;
    try {
      if (client.status === 'ready') {
        const pipeline = client.multi().del(this.#beatKey());
        for (const group of groups) pipeline.srem(this.#groupKey(group), this.#options.memberId).publish(this.#channel(group), this.#event('leave'));
        await pipeline.exec();
        await client.quit();
        return;
      }
    } catch (error) {
      this.#logger.warn({ err: messageOf(error) }, 'redis coordination: could not leave cleanly; the membership expires on its own');
    }
    client.disconnect();
  }

  async joinGroup(group: string): Promise<void> {
    const client = this.#ready();
    this.#groups.add(group);
    await this.#run(async () => {
      const results = await client
        .multi()
        .set(this.#beatKey(), '1', 'PX', this.#options.membershipTimeoutMs)
        .sadd(this.#groupKey(group), this.#options.memberId)
        .exec();
      if (results?.[1]?.[1] === 1) await client.publish(this.#channel(group), this.#event('join'));
    });
  }

  async leaveGroup(group: string): Promise<void> {
    this.#groups.delete(group);
    const client = this.#ready();
    await this.#run(async () => {
      if ((await client.srem(this.#groupKey(group), this.#options.memberId)) === 1) await client.publish(this.#channel(group), this.#event('leave'));
    });
  }

  async getMembers(group: string): Promise<readonly string[]> {
    const client = this.#ready();
    return this.#run(async () => {
      const candidates = await client.smembers(this.#groupKey(group));
      if (candidates.length === 0) return [];
      const beats = await client.mget(candidates.map((m) => this.#beatKey(m)));
      const live = candidates.filter((_, i) => beats[i] !== null);
      const dead = candidates.filter((_, i) => beats[i] === null);
      for (const member of dead) {
        // whoever prunes a dead member first tells the watchers
        if ((await client.srem(this.#groupKey(group), member)) === 1) await client.publish(this.#channel(group), JSON.stringify({ type: 'leave', member }));
      }
      return live.sort();
    });
  }

  watch(group: string, listener: Listener): () => void {
    let listeners = this.#listeners.get(group);
    if (!listeners) {
      this.#listeners.set(group, (listeners = new Set()));
      this.#subscribe(group);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size > 0 || this.#listeners.get(group) !== listeners) return;
      this.#listeners.delete(group);
      this.#subscriber?.unsubscribe(this.#channel(group)).catch(() => {});
    };
  }

  #newClient(): Redis {
    const { options } = redisSettingsFromUrl(this.#options.url);
    const client = new Redis({
      ...options,
      lazyConnect: true,
      // calls during an outage fail at once (CoordinationUnavailableError) instead of waiting
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: this.#options.membershipTimeoutMs,
      commandTimeout: this.#options.membershipTimeoutMs,
      retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 5), MAX_RECONNECT_DELAY_MS),
    });
    // NOTE: ioredis emits 'error' on every failed reconnection; without a listener Node would throw it
    client.on('error', (error: Error) => this.#logger.debug({ err: error.message }, 'redis coordination: connection error'));
    return client;
  }

  #subscribe(group: string): void {
    if (!this.#subscriber) {
      const subscriber = this.#newClient();
      subscriber.options.enableOfflineQueue = true;
      subscriber.on('message', (channel: string, text: string) => this.#onMessage(channel, text));
      this.#subscriber = subscriber;
      subscriber.connect().catch((error: unknown) => this.#logger.debug({ err: messageOf(error) }, 'redis coordination: watch connection failed; retrying'));
    }
    this.#subscriber.subscribe(this.#channel(group)).catch((error: unknown) => {
      this.#logger.warn({ group, err: messageOf(error) }, 'redis coordination: cannot watch the group; membership is read at each refresh');
    });
  }

  #onMessage(channel: string, text: string): void {
    const prefix = `${this.#namespace}:events:`;
    if (!channel.startsWith(prefix)) return;
    const group = channel.slice(prefix.length);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    const { type, member } = (parsed ?? {}) as { type?: unknown; member?: unknown };
    if ((type !== 'join' && type !== 'leave') || typeof member !== 'string') return;
    for (const listener of this.#listeners.get(group) ?? []) listener({ type, group, member });
  }

  #onClosed(): void {
    if (this.#lost || !this.#client) return;
    this.#lost = true;
    this.#logger.warn({ backend: this.#redacted }, 'redis coordination: connection lost; reconnecting');
  }

  #onReconnected(): void {
    if (!this.#lost) return;
    this.#lost = false;
    this.#logger.info({ backend: this.#redacted, groups: this.#groups.size }, 'redis coordination: reconnected; renewing the membership');
    this.#beatInBackground();
  }

  /** Renews the heartbeat key and re-adds this member to its groups (a restarted Redis lost them). */
  async #beat(): Promise<void> {
    const client = this.#client;
    if (client?.status !== 'ready') return;
    const groups = [...this.#groups];
    const pipeline = client.multi().set(this.#beatKey(), '1', 'PX', this.#options.membershipTimeoutMs);
    for (const group of groups) pipeline.sadd(this.#groupKey(group), this.#options.memberId);
    const results = (await pipeline.exec()) ?? [];
    for (let i = 0; i < groups.length; i += 1) {
      if (results[i + 1]?.[1] === 1) await client.publish(this.#channel(groups[i]!), this.#event('join'));
    }
  }

  #beatInBackground(): void {
    this.#beat().catch((error: unknown) => this.#logger.debug({ err: messageOf(error) }, 'redis coordination: heartbeat failed'));
  }

  #ready(): Redis {
    const client = this.#client;
    if (client?.status !== 'ready') {
      throw new CoordinationUnavailableError(`redis ${this.#redacted}: ${client ? `not connected (${client.status})` : 'not started'}`);
    }
    return client;
  }

  async #run<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      throw new CoordinationUnavailableError(`redis ${this.#redacted}: ${messageOf(error)}`, { cause: error });
    }
  }

  #beatKey(member = this.#options.memberId): string {
    return `${this.#namespace}:beat:${member}`;
  }

  #groupKey(group: string): string {
    return `${this.#namespace}:group:${group}`;
  }

  #channel(group: string): string {
    return `${this.#namespace}:events:${group}`;
  }

  #event(type: MembershipEvent['type']): string {
    return JSON.stringify({ type, member: this.#options.memberId });
  }
}
