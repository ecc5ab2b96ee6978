/**
 * oslo.messaging options ceilometer-ts reads, with upstream names, types and defaults (oslo.messaging
 * as packaged with Ceilometer 19.0; `rabbit_qos_prefetch_count` carries Ceilometer's override of 100).
 * `[notification] messaging_urls` belongs to the pipeline package.
 */
import type { OptionDeclaration } from '@ceilometer-ts/sdk';

/** `[DEFAULT]` transport options. */
export const transportOptions: readonly OptionDeclaration[] = [
  {
    group: 'DEFAULT', name: 'transport_url', type: 'string', secret: true,
    help: 'The network address and optional user credentials for connecting to the messaging backend, in URL format: driver://[user:pass@]host:port[,[userN:passN@]hostN:portN]/virtual_host?query.',
  },
  {
    group: 'DEFAULT', name: 'control_exchange', type: 'string', default: 'ceilometer',
    help: 'The default exchange under which topics are scoped (Ceilometer sets it to "ceilometer").',
  },
];

/** `[oslo_messaging_notifications]` options. */
export const notificationOptions: readonly OptionDeclaration[] = [
  {
    group: 'oslo_messaging_notifications', name: 'driver', type: 'multistring', default: [],
    deprecatedNames: ['DEFAULT.notification_driver'],
    help: 'The driver(s) to handle sending notifications: messaging, messagingv2, routing, log, test, noop.',
  },
  {
    group: 'oslo_messaging_notifications', name: 'transport_url', type: 'string', secret: true,
    deprecatedNames: ['DEFAULT.notification_transport_url'],
    help: 'A URL representing the messaging driver to use for notifications. If not set, [DEFAULT] transport_url is used.',
  },
  {
    group: 'oslo_messaging_notifications', name: 'topics', type: 'list', default: ['notifications'],
    deprecatedNames: ['rpc_notifier2.topics', 'DEFAULT.notification_topics'],
    help: 'AMQP topic used for OpenStack notifications.',
  },
  {
    group: 'oslo_messaging_notifications', name: 'retry', type: 'integer', default: -1,
    help: 'The maximum number of attempts to re-send a notification message which failed to be delivered due to a recoverable error. 0 - No retry, -1 - indefinite.',
  },
];

const R = 'oslo_messaging_rabbit';

/** `[oslo_messaging_rabbit]` options honoured by the AMQP client. */
export const rabbitOptions: readonly OptionDeclaration[] = [
  { group: R, name: 'ssl', type: 'boolean', default: false, deprecatedNames: ['rabbit_use_ssl'], help: 'Connect over SSL.' },
  { group: R, name: 'ssl_version', type: 'string', default: '', deprecatedNames: ['kombu_ssl_version'], help: 'SSL version to use (valid only if SSL enabled): TLSv1, TLSv1_1, TLSv1_2, SSLv23.' },
  { group: R, name: 'ssl_key_file', type: 'string', default: '', deprecatedNames: ['kombu_ssl_keyfile'], help: 'SSL key file (valid only if SSL enabled).' },
  { group: R, name: 'ssl_cert_file', type: 'string', default: '', deprecatedNames: ['kombu_ssl_certfile'], help: 'SSL cert file (valid only if SSL enabled).' },
  { group: R, name: 'ssl_ca_file', type: 'string', default: '', deprecatedNames: ['kombu_ssl_ca_certs'], help: 'SSL certification authority file (valid only if SSL enabled).' },
  { group: R, name: 'ssl_enforce_hostname_verification', type: 'boolean', default: false, help: 'When true, verify the broker hostname against the certificate when ssl_ca_file is set.' },
  { group: R, name: 'heartbeat_timeout_threshold', type: 'integer', default: 60, help: "Number of seconds after which the Rabbit broker is considered down if heartbeat's keep-alive fails (0 disables heartbeat)." },
  { group: R, name: 'heartbeat_rate', type: 'integer', default: 2, help: 'How often times during the heartbeat_timeout_threshold we check the heartbeat.' },
  { group: R, name: 'rabbit_qos_prefetch_count', type: 'integer', default: 100, help: 'Specifies the number of messages to prefetch. Setting to zero allows unlimited messages (Ceilometer default: 100).' },
  { group: R, name: 'amqp_durable_queues', type: 'boolean', default: false, help: 'Use durable queues in AMQP. If rabbit_quorum_queue is enabled, queues will be durable and this value will be ignored.' },
  { group: R, name: 'amqp_auto_delete', type: 'boolean', default: false, deprecatedNames: ['DEFAULT.amqp_auto_delete'], help: 'Auto-delete queues in AMQP.' },
  { group: R, name: 'rabbit_retry_interval', type: 'integer', default: 1, help: 'How frequently to retry connecting with RabbitMQ.' },
  { group: R, name: 'rabbit_retry_backoff', type: 'integer', default: 2, deprecatedNames: ['DEFAULT.rabbit_retry_backoff'], help: 'How long to backoff for between retries when connecting to RabbitMQ.' },
  { group: R, name: 'rabbit_interval_max', type: 'integer', default: 30, help: 'Maximum interval of RabbitMQ connection retries. Default is 30 seconds.' },
  { group: R, name: 'kombu_failover_strategy', type: 'string', default: 'round-robin', choices: ['round-robin', 'shuffle'], help: 'Determines how the next RabbitMQ node is chosen in case the one we are currently connected to becomes unavailable. Takes effect only if more than one RabbitMQ node is provided in config.' },
  { group: R, name: 'rabbit_login_method', type: 'string', default: 'AMQPLAIN', choices: ['PLAIN', 'AMQPLAIN', 'EXTERNAL', 'RABBIT-CR-DEMO'], deprecatedNames: ['DEFAULT.rabbit_login_method'], help: 'The RabbitMQ login method (ceilometer-ts authenticates with PLAIN, or EXTERNAL with a client certificate).' },
  { group: R, name: 'rabbit_ha_queues', type: 'boolean', default: false, deprecatedNames: ['DEFAULT.rabbit_ha_queues'], help: 'Try to use HA queues in RabbitMQ (x-ha-policy: all).' },
  { group: R, name: 'rabbit_quorum_queue', type: 'boolean', default: false, help: 'Use quorum queues in RabbitMQ (x-queue-type: quorum). Conflicts with rabbit_ha_queues.' },
  { group: R, name: 'rabbit_quorum_delivery_limit', type: 'integer', default: 0, help: 'x-delivery-limit of quorum queues; 0 sets no limit.' },
  { group: R, name: 'rabbit_quroum_max_memory_length', type: 'integer', default: 0, help: 'x-max-in-memory-length of quorum queues; 0 sets no limit.' },
  { group: R, name: 'rabbit_quroum_max_memory_bytes', type: 'integer', default: 0, help: 'x-max-in-memory-bytes of quorum queues; 0 sets no limit.' },
  { group: R, name: 'direct_mandatory_flag', type: 'boolean', default: true, deprecatedForRemoval: true, deprecatedReason: 'Mandatory flag no longer deactivable.', help: '(DEPRECATED) Enable/Disable the RabbitMQ mandatory flag for direct send (RPC replies only; unused by notifications).' },
  { group: R, name: 'enable_cancel_on_failover', type: 'boolean', default: false, help: 'Enable x-cancel-on-ha-failover flag so that rabbitmq server will cancel and notify consumers when queue is down.' },
];

/** Every option this package declares (an `oslo.config.opts`-style provider). */
export function listMessagingOptions(): readonly OptionDeclaration[] {
  return [...transportOptions, ...notificationOptions, ...rabbitOptions];
}
