/**
 * Typed `[oslo_messaging_rabbit]` settings for the AMQP client, read from a ConfigView with the
 * transport URL's query overriding the file, as oslo's `ConfigOptsProxy` does (`?ssl=1`).
 */
import { ConfigError, type ConfigView } from '@ceilometer-ts/sdk';
import { rabbitOptions } from './options.js';
import type { TransportUrl } from './transport-url.js';

/** RabbitMQ driver settings (names follow the options, in camelCase). */
export interface RabbitSettings {
  readonly ssl: boolean;
  readonly sslVersion: string;
  readonly sslKeyFile: string;
  readonly sslCertFile: string;
  readonly sslCaFile: string;
  readonly sslEnforceHostnameVerification: boolean;
  readonly heartbeatTimeoutThreshold: number;
  readonly heartbeatRate: number;
  readonly qosPrefetchCount: number;
  readonly amqpDurableQueues: boolean;
  readonly amqpAutoDelete: boolean;
  readonly retryInterval: number;
  readonly retryBackoff: number;
  readonly intervalMax: number;
  readonly failoverStrategy: 'round-robin' | 'shuffle';
  readonly loginMethod: string;
  readonly haQueues: boolean;
  readonly quorumQueue: boolean;
  readonly quorumDeliveryLimit: number;
  readonly quorumMaxMemoryLength: number;
  readonly quorumMaxMemoryBytes: number;
  readonly enableCancelOnFailover: boolean;
}

const FIELD: Record<string, keyof RabbitSettings> = {
  ssl: 'ssl', ssl_version: 'sslVersion', ssl_key_file: 'sslKeyFile', ssl_cert_file: 'sslCertFile', ssl_ca_file: 'sslCaFile',
  ssl_enforce_hostname_verification: 'sslEnforceHostnameVerification',
  heartbeat_timeout_threshold: 'heartbeatTimeoutThreshold', heartbeat_rate: 'heartbeatRate',
  rabbit_qos_prefetch_count: 'qosPrefetchCount', amqp_durable_queues: 'amqpDurableQueues', amqp_auto_delete: 'amqpAutoDelete',
  rabbit_retry_interval: 'retryInterval', rabbit_retry_backoff: 'retryBackoff', rabbit_interval_max: 'intervalMax',
  kombu_failover_strategy: 'failoverStrategy', rabbit_login_method: 'loginMethod', rabbit_ha_queues: 'haQueues',
  rabbit_quorum_queue: 'quorumQueue', rabbit_quorum_delivery_limit: 'quorumDeliveryLimit',
  rabbit_quroum_max_memory_length: 'quorumMaxMemoryLength', rabbit_quroum_max_memory_bytes: 'quorumMaxMemoryBytes',
  enable_cancel_on_failover: 'enableCancelOnFailover',
};

/** The declared defaults. */
export function defaultRabbitSettings(): RabbitSettings {
  const out: Record<string, unknown> = {};
  for (const opt of rabbitOptions) {
    const field = FIELD[opt.name];
    if (field) out[field] = opt.default;
  }
  return out as unknown as RabbitSettings;
}

function convert(type: string, raw: string): unknown {
  if (type === 'boolean') return ['1', 'true', 'yes', 'on'].includes(raw.trim().toLowerCase());
  if (type === 'integer') return Number.parseInt(raw, 10);
  return raw;
}

/**
 * Settings from `[oslo_messaging_rabbit]` of `config` (declared defaults for what it lacks), then
 * overridden by same-named query options of the transport URL.
 */
export function rabbitSettingsFrom(config?: ConfigView, url?: TransportUrl, overrides: Partial<RabbitSettings> = {}): RabbitSettings {
  const out: Record<string, unknown> = { ...defaultRabbitSettings() };
  for (const opt of rabbitOptions) {
    const field = FIELD[opt.name];
    if (!field) continue;
    if (config?.has('oslo_messaging_rabbit', opt.name)) out[field] = config.get('oslo_messaging_rabbit', opt.name);
    const fromUrl = url?.query[opt.name];
    if (fromUrl !== undefined) out[field] = convert(opt.type, fromUrl);
  }
  return { ...(out as unknown as RabbitSettings), ...overrides };
}

/** Queue arguments oslo declares with (`_get_queue_arguments`); `ttlSeconds` 0 adds no x-expires. */
export function queueArguments(settings: RabbitSettings, ttlSeconds = 0): Record<string, unknown> {
  if (settings.quorumQueue && settings.haQueues) {
    throw new ConfigError([{ file: 'ceilometer.conf', path: 'oslo_messaging_rabbit.rabbit_quorum_queue', message: 'rabbit_quorum_queue and rabbit_ha_queues are both enabled: a queue is quorum or HA (mirrored), not both' }]);
  }
  const args: Record<string, unknown> = {};
  if (settings.haQueues) args['x-ha-policy'] = 'all';
  if (settings.quorumQueue) {
    args['x-queue-type'] = 'quorum';
    if (settings.quorumDeliveryLimit) args['x-delivery-limit'] = settings.quorumDeliveryLimit;
    if (settings.quorumMaxMemoryLength) args['x-max-in-memory-length'] = settings.quorumMaxMemoryLength;
    if (settings.quorumMaxMemoryBytes) args['x-max-in-memory-bytes'] = settings.quorumMaxMemoryBytes;
  }
  if (ttlSeconds > 0) args['x-expires'] = ttlSeconds * 1000;
  return args;
}

/** oslo's `Connection.durable`: quorum queues are always durable. */
export function isDurable(settings: RabbitSettings): boolean {
  return settings.amqpDurableQueues || settings.quorumQueue;
}
