/**
 * The options the polling agent reads, with upstream's names, defaults and help (ceilometer
 * 19.0 and later releases for the heartbeat, Prometheus and thread options), plus ours
 * (`pipeline_cfg_file`, `stop_timeout`).
 */
import type { OptionList } from '@ceilometer-ts/sdk';

/** `[polling]`, `[DEFAULT] polling_namespaces`/`sample_source` and `[coordination] backend_url`. */
export const pollingOptions: OptionList = [
  { group: 'polling', name: 'cfg_file', type: 'string', default: 'polling.yaml', help: 'Configuration file for polling definition.' },
  {
    group: 'polling',
    name: 'heartbeat_socket_dir',
    type: 'string',
    help: 'Path to directory where socket file for polling heartbeat will be created.',
  },
  {
    group: 'polling',
    name: 'partitioning_group_prefix',
    type: 'string',
    deprecatedNames: ['central.partitioning_group_prefix'],
    help:
      'Work-load partitioning group prefix. Use only if you want to run multiple polling agents with different config files. ' +
      'For each sub-group of the agent pool with the same partitioning_group_prefix a disjoint subset of pollsters should be loaded.',
  },
  {
    group: 'polling',
    name: 'batch_size',
    type: 'integer',
    default: 50,
    min: 0,
    help: 'Batch size of samples to send to notification agent, Set to 0 to disable. When prometheus exporter feature is used, this should be larger than maximum number of samples per metric.',
  },
  {
    group: 'polling',
    name: 'identity_name_discovery',
    type: 'boolean',
    default: false,
    deprecatedNames: ['tenant_name_discovery'],
    help:
      'Identify project and user names from polled samples. By default, collecting these values is disabled due to the fact that it could ' +
      'overwhelm keystone service with lots of continuous requests depending upon the number of projects, users and samples polled from ' +
      'the environment. While using this feature, it is recommended that ceilometer be configured with a caching backend to reduce the ' +
      'number of calls made to keystone.',
  },
  { group: 'polling', name: 'enable_notifications', type: 'boolean', default: true, help: 'Whether the polling service should be sending notifications after polling cycles.' },
  {
    group: 'polling',
    name: 'enable_prometheus_exporter',
    type: 'boolean',
    default: false,
    help: 'Allow this ceilometer polling instance to expose directly the retrieved metrics in Prometheus format.',
  },
  {
    group: 'polling',
    name: 'prometheus_listen_addresses',
    type: 'list',
    default: ['127.0.0.1:9101'],
    help: 'A list of ipaddr:port combinations on which the exported metrics will be exposed.',
  },
  { group: 'polling', name: 'prometheus_tls_enable', type: 'boolean', default: false, help: 'Whether it will expose tls metrics or not' },
  { group: 'polling', name: 'prometheus_tls_certfile', type: 'string', help: 'The certificate file to allow this ceilometer to expose tls scrape endpoints' },
  { group: 'polling', name: 'prometheus_tls_keyfile', type: 'string', help: 'The private key to allow this ceilometer to expose tls scrape endpoints' },
  {
    group: 'polling',
    name: 'threads_to_process_pollsters',
    type: 'integer',
    default: 1,
    min: 0,
    help:
      'The number of pollsters of a source processed at the same time. One (1) processes them one after the other (not ordered); ' +
      'zero (0) processes all pollsters of the source at once; any other positive integer is an upper bound.',
  },
  {
    group: 'polling',
    name: 'pipeline_cfg_file',
    type: 'string',
    help: 'Embedded mode (ceilometer-ts): run this pipeline definition file in the polling agent itself instead of sending samples to a notification agent.',
  },
  {
    group: 'polling',
    name: 'stop_timeout',
    type: 'integer',
    default: 30,
    min: 0,
    help: 'Seconds to wait at shutdown for the cycle in flight to finish and queued samples to be sent (ceilometer-ts).',
  },
  {
    group: 'polling',
    name: 'notification_queue_size',
    type: 'integer',
    default: 1024,
    min: 1,
    help: 'Batches of samples held in memory while the broker is unreachable; when full, the oldest batch is dropped (counted and logged) (ceilometer-ts).',
  },
  {
    group: 'polling',
    name: 'notification_queue_policy',
    type: 'string',
    default: 'queue',
    choices: ['queue', 'drop'],
    help: 'What to do with samples while the broker is unreachable: "queue" holds them (bounded by notification_queue_size) and sends them in order on reconnect; "drop" discards them (ceilometer-ts).',
  },
  {
    group: 'DEFAULT',
    name: 'polling_namespaces',
    type: 'list',
    default: ['compute', 'central'],
    cli: true,
    help: 'Polling namespace(s) to be used while resource polling',
  },
  { group: 'DEFAULT', name: 'sample_source', type: 'string', default: 'openstack', help: 'Source for samples emitted on this instance.' },
  {
    group: 'coordination',
    name: 'backend_url',
    type: 'string',
    secret: true,
    help:
      "The backend URL to use for distributed coordination. If left empty, per-deployment central agent and per-host compute agent won't do workload " +
      'partitioning and will only function correctly if a single instance of that service is running.',
  },
];
