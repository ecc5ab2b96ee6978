/**
 * Options of the pipelines and the notification agent, with upstream Ceilometer 19.0's groups,
 * names, types and defaults (`ceilometer/pipeline/base.py`, `notification.py`,
 * `event/converter.py`, `meter/notifications.py`).
 */
import { fileURLToPath } from 'node:url';
import type { OptionList } from '@ceilometer-ts/sdk';

/** Meter definitions shipped with this package (upstream's `ceilometer/data/meters.d`). */
export const BUNDLED_METERS_DIR = fileURLToPath(new URL('../data/meters.d', import.meta.url));

/** Upstream's default control exchanges, in upstream's order. */
export const DEFAULT_CONTROL_EXCHANGES = [
  'nova', 'glance', 'neutron', 'cinder', 'heat', 'keystone', 'sahara', 'trove', 'zaqar', 'swift',
  'ceilometer', 'magnum', 'dns', 'ironic', 'aodh',
] as const;

/** `[DEFAULT] pipeline_cfg_file`, `event_pipeline_cfg_file`. */
export const pipelineFileOptions: OptionList = [
  { group: 'DEFAULT', name: 'pipeline_cfg_file', type: 'string', default: 'pipeline.yaml', help: 'Sample pipeline definition file (sources, sinks, publishers).' },
  { group: 'DEFAULT', name: 'event_pipeline_cfg_file', type: 'string', default: 'event_pipeline.yaml', help: 'Event pipeline definition file (sources, sinks, publishers).' },
];

/** `[notification]`: the notification agent. */
export const notificationOptions: OptionList = [
  { group: 'notification', name: 'ack_on_event_error', type: 'boolean', default: true, help: 'Acknowledge a notification even when publishing its event failed.' },
  {
    group: 'notification', name: 'workers', type: 'integer', default: 1, min: 1,
    deprecatedNames: ['DEFAULT.notification_workers'],
    help: 'Number of notification consumers to run.',
  },
  {
    group: 'notification', name: 'stop_timeout', type: 'integer', default: 30, min: 0,
    help: 'Seconds a stop (SIGTERM) may take: messages in flight are finished, then each publisher\'s delivery queue is flushed; what is left is dropped and counted (ours; as [polling] stop_timeout).',
  },
  { group: 'notification', name: 'batch_size', type: 'integer', default: 1, min: 1, help: 'Number of notifications to collect before publishing them.' },
  {
    group: 'notification', name: 'batch_timeout', type: 'integer',
    help: 'Seconds to wait before publishing a batch smaller than batch_size (unset: wait indefinitely).',
  },
  {
    group: 'notification', name: 'messaging_urls', type: 'multistring', default: [], secret: true,
    help: 'Transport URLs to consume notifications from, e.g. rabbit://user:pass@host:5672/vhost; empty means [DEFAULT] transport_url. Useful when each service notifies on its own broker.',
  },
  {
    group: 'notification', name: 'notification_control_exchanges', type: 'multistring', default: [...DEFAULT_CONTROL_EXCHANGES],
    deprecatedNames: ['DEFAULT.http_control_exchanges'],
    help: 'Exchanges to listen on for notifications.',
  },
  {
    group: 'notification', name: 'workload_partitioning', type: 'boolean', default: false,
    help: 'Enable workload partitioning, allowing multiple notification agents to be run simultaneously: samples are routed through pipeline_processing_queues queues on the broker (ceilometer_ipc-sample-N), by a hash of pipeline and resource, and each agent transforms and publishes the queues the [coordination] backend_url group assigns it (upstream Queens\' option, removed in Rocky).',
  },
  {
    group: 'notification', name: 'pipeline_processing_queues', type: 'integer', default: 10, min: 1,
    help: 'Number of queues to parallelize workload across. This value should be larger than the number of active notification agents for optimal results. WARNING: Once set, lowering this value may result in lost data.',
  },
  { group: 'notification', name: 'pipelines', type: 'multistring', default: ['meter', 'event'], help: 'Pipeline managers to run: meter, event.' },
  // ours (not upstream): poison messages
  {
    group: 'notification', name: 'max_delivery_attempts', type: 'integer', default: 5, min: 0,
    help: 'Attempts to process a message before it is moved aside (logged, counted, acknowledged and, with dead_letter_queue, republished there). Attempts are a crash of the agent while processing the message or a failed publish while other messages are published (a publisher outage alone never counts). 0: retry forever.',
  },
  {
    group: 'notification', name: 'dead_letter_queue', type: 'string', default: '',
    help: 'RabbitMQ queue (declared as the notification queues are, on the consumed broker) that receives moved-aside messages unchanged, with x-ceilometer-* headers saying why. Empty: they are only logged and dropped.',
  },
  {
    group: 'notification', name: 'state_dir', type: 'string', default: '/var/lib/ceilometer',
    help: 'Directory of the delivery journal (notification-deliveries.jsonl), which keeps attempt counts across crashes so a message that kills the agent is moved aside after max_delivery_attempts restarts. One agent process per directory. Empty, unwritable or held by another live agent: counts are kept in memory only.',
  },
  {
    group: 'notification', name: 'enable_prometheus_exporter', type: 'boolean', default: false,
    help: 'Expose the notification agent\'s own metrics (messages, samples, events, delivery queues, dead letters, process CPU, memory, heap and event-loop lag) in Prometheus format on prometheus_listen_addresses, as [polling] enable_prometheus_exporter does for the polling agent. Not in upstream Ceilometer.',
  },
  {
    group: 'notification', name: 'prometheus_listen_addresses', type: 'list', default: ['127.0.0.1:9102'],
    help: 'A list of ipaddr:port combinations on which the notification agent\'s metrics are exposed (with enable_prometheus_exporter). Not in upstream Ceilometer.',
  },
  {
    group: 'notification', name: 'max_samples_per_notification', type: 'integer', default: 10000, min: 0,
    help: 'A notification that makes more samples is poison: moved aside, nothing of it published. 0: no limit.',
  },
  {
    group: 'notification', name: 'max_metadata_bytes_per_notification', type: 'integer', default: 268435456, min: 0,
    help: 'Estimated JSON size of the metadata of all samples of one notification (each sample carries a copy of the payload, so a payload of P bytes making N samples stands for N x P). Above it the notification is poison: moved aside, nothing of it published. 0: no limit.',
  },
  {
    group: 'notification', name: 'store_events', type: 'boolean', default: false,
    deprecatedForRemoval: true,
    deprecatedReason: 'Removed upstream in Ocata: events are processed whenever event_pipeline.yaml has sinks. Accepted and ignored.',
    help: 'Ignored; kept so old configuration files still load.',
  },
];

/** `[event]`: event definitions. */
export const eventOptions: OptionList = [
  { group: 'event', name: 'definitions_cfg_file', type: 'string', default: 'event_definitions.yaml', help: 'Event definitions file.' },
  {
    group: 'event', name: 'drop_unmatched_notifications', type: 'boolean', default: false,
    help: 'Drop notifications no event definition matches (otherwise they become events with the default traits only).',
  },
  {
    group: 'event', name: 'store_raw', type: 'multistring', default: [],
    help: 'Priorities (info, error) whose raw notification is kept in the event. Empty: keep none.',
  },
];

/** `[meter]`: meter definitions. */
export const meterOptions: OptionList = [
  {
    group: 'meter', name: 'meter_definitions_dirs', type: 'multistring', default: ['/etc/ceilometer/meters.d', BUNDLED_METERS_DIR],
    help: 'Directories searched for meter definition files.',
  },
];

/**
 * `[publisher] delivery_*`: the per-publisher delivery queues (ours; upstream has no such queue in
 * front of its publishers). Each can be overridden on a publisher URL with the same name.
 */
export const deliveryOptions: OptionList = [
  {
    group: 'publisher', name: 'delivery_policy', type: 'string', default: 'drop', choices: ['drop', 'hold', 'block'],
    help: 'What a publisher\'s delivery queue does in an outage. drop: retry for delivery_retry_timeout, then drop (counted); a full queue drops its oldest batch. hold (or block): never drop; a full queue makes publishing wait, so the notification agent stops acknowledging and the broker keeps the messages. Per publisher: ?delivery_policy=hold.',
  },
  { group: 'publisher', name: 'delivery_queue_length', type: 'integer', default: 1024, min: 1, help: 'Batches a publisher\'s delivery queue holds at most (per sink). Per publisher: ?delivery_queue_length=N.' },
  { group: 'publisher', name: 'delivery_retry_timeout', type: 'float', default: 600, min: 0, help: 'Seconds a batch is retried under the drop policy before it is dropped (0: drop at the first failure, as upstream). Per publisher: ?delivery_retry_timeout=S.' },
  {
    group: 'publisher', name: 'delivery_accept_timeout', type: 'float', default: 1, min: 0,
    help: 'Seconds a publish call waits for a healthy publisher before the batch counts as queued (and the message as accepted). Per publisher: ?delivery_accept_timeout=S.',
  },
  { group: 'publisher', name: 'delivery_report_interval', type: 'float', default: 60, min: 1, help: 'Seconds between the log lines of a delivery queue that holds batches or dropped some.' },
];

/** Every option this package declares (what its `oslo.config.opts` entry point exports). */
export const pipelineOptions: OptionList = [...pipelineFileOptions, ...notificationOptions, ...eventOptions, ...meterOptions, ...deliveryOptions];
