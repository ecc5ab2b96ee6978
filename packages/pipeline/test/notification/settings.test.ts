import type { ConfigView } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { CONSUMED_PRIORITIES, DEFAULT_CONTROL_EXCHANGES, effectiveBatchSize, notificationSettingsFromConfig, notificationTargets } from '../../src/index.js';

function view(values: Record<string, unknown>): ConfigView {
  return {
    get: <T>(g: string, n: string) => values[`${g}.${n}`] as T,
    has: (g, n) => `${g}.${n}` in values,
    group: () => ({}),
    files: [],
    configDirs: [],
    findFile: () => undefined,
  };
}

describe('notification settings', () => {
  it('falls back to upstream defaults for options nobody declared', () => {
    const s = notificationSettingsFromConfig(view({}));
    expect(s).toMatchObject({ workers: 1, batchSize: 1, batchTimeout: undefined, messagingUrls: [], topics: ['notifications'], pipelines: ['meter', 'event'], ackOnEventError: true, prefetch: 100 });
    expect(s.exchanges).toEqual([...DEFAULT_CONTROL_EXCHANGES]);
    expect(s.priorities).toEqual(CONSUMED_PRIORITIES);
  });

  it('reads the configured values, deduplicating lists as upstream does with set()', () => {
    const s = notificationSettingsFromConfig(view({
      'notification.workers': 3, 'notification.batch_size': 50, 'notification.batch_timeout': 5,
      'notification.notification_control_exchanges': ['nova', 'nova', 'glance'], 'oslo_messaging_notifications.topics': ['notifications', 'extra'],
      'oslo_messaging_rabbit.rabbit_qos_prefetch_count': 20,
    }));
    expect(s).toMatchObject({ workers: 3, batchSize: 50, batchTimeout: 5, exchanges: ['nova', 'glance'], prefetch: 20 });
    expect(notificationTargets(s)).toEqual([
      { exchange: 'nova', topic: 'notifications' }, { exchange: 'glance', topic: 'notifications' },
      { exchange: 'nova', topic: 'extra' }, { exchange: 'glance', topic: 'extra' },
    ]);
    expect(effectiveBatchSize(s)).toBe(20);
    expect(effectiveBatchSize({ batchSize: 50, prefetch: 0 })).toBe(50);
  });

  it('reads the poison-message options; empty strings mean unset', () => {
    expect(notificationSettingsFromConfig(view({}))).toMatchObject({
      maxDeliveryAttempts: 5, deadLetterQueue: undefined, stateDir: undefined, budget: { maxSamples: 10_000, maxMetadataBytes: 256 * 1024 * 1024 },
    });
    const s = notificationSettingsFromConfig(view({
      'notification.max_delivery_attempts': 2, 'notification.dead_letter_queue': 'ceilometer.dead', 'notification.state_dir': '',
      'notification.max_samples_per_notification': 0, 'notification.max_metadata_bytes_per_notification': 1024,
    }));
    expect(s).toMatchObject({ maxDeliveryAttempts: 2, deadLetterQueue: 'ceilometer.dead', stateDir: undefined, budget: { maxSamples: 0, maxMetadataBytes: 1024 } });
  });
});
