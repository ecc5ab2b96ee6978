/**
 * `[publisher_notifier]` options (upstream's `ceilometer/publisher/messaging.py` NOTIFIER_OPTS) and
 * the helpers that read configuration with defaults when no config is given.
 */
import type { ConfigView, OptionList } from '@ceilometer-ts/sdk';

/** Upstream's `[publisher_notifier]` options. */
export const notifierPublisherOptions: OptionList = [
  {
    group: 'publisher_notifier', name: 'metering_topic', type: 'string', default: 'metering', deprecatedForRemoval: true,
    help: 'The topic that ceilometer uses for metering notifications.',
  },
  {
    group: 'publisher_notifier', name: 'event_topic', type: 'string', default: 'event', deprecatedForRemoval: true,
    help: 'The topic that ceilometer uses for event notifications.',
  },
  {
    group: 'publisher_notifier', name: 'telemetry_driver', type: 'string', default: 'messagingv2', deprecatedNames: ['publisher_notifier.metering_driver'],
    help: 'The driver that ceilometer uses for metering notifications.',
  },
];

/** The `oslo.config.opts` entry point. */
export function listNotifierPublisherOptions(): OptionList {
  return notifierPublisherOptions;
}

/** `[group] name` when declared and set, else `fallback`. */
export function configValue<T>(config: ConfigView | undefined, group: string, name: string, fallback: T): T {
  if (!config?.has(group, name)) return fallback;
  const value = config.get<T | undefined | null>(group, name);
  return value === undefined || value === null ? fallback : value;
}

/** Upstream's default `[publisher] telemetry_secret`. */
export const DEFAULT_TELEMETRY_SECRET = 'change this for valid signing';
