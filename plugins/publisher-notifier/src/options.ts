/**
 * `[publisher_notifier]` options (upstream's `ceilometer/publisher/messaging.py` NOTIFIER_OPTS) and
 * the helpers that read configuration with defaults when no config is given.
 */
import type { OptionList } from '@ceilometer-ts/sdk';

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

// The helpers that read configuration with defaults live in publisher-common (re-exported for compatibility).
export { configValue, DEFAULT_TELEMETRY_SECRET } from '@ceilometer-ts/publisher-common/options';
