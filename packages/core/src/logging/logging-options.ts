/**
 * oslo.log's options, with its names, defaults and help, that ceilometer-ts honours: the ones
 * `ceilometer-config-generator` shows and ceilometer.conf may set. The command-line flags
 * (`--log-file`, `--use-json`, ...) of every command set the same options and win over the files.
 */
import type { OptionDeclaration, OptionList } from '@ceilometer-ts/sdk';

/** oslo.log's `DEFAULT_LOG_LEVELS`; names we never use are harmless (they match no logger). */
export const DEFAULT_LOG_LEVELS: readonly string[] = Object.freeze([
  'amqp=WARN', 'amqplib=WARN', 'boto=WARN', 'qpid=WARN', 'sqlalchemy=WARN', 'suds=INFO', 'oslo.messaging=INFO', 'oslo_messaging=INFO',
  'iso8601=WARN', 'requests.packages.urllib3.connectionpool=WARN', 'urllib3.connectionpool=WARN', 'websocket=WARN',
  'requests.packages.urllib3.util.retry=WARN', 'urllib3.util.retry=WARN', 'keystonemiddleware=WARN', 'routes.middleware=WARN',
  'stevedore=WARN', 'taskflow=WARN', 'keystoneauth=WARN', 'oslo.cache=INFO', 'oslo_policy=INFO', 'dogpile.core.dogpile=INFO',
]);

/** oslo.log's defaults for the format strings. */
export const OSLO_FORMATS = Object.freeze({
  context: '%(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s [%(global_request_id)s %(request_id)s %(user_identity)s] %(instance)s%(message)s',
  default: '%(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s [-] %(instance)s%(message)s',
  exceptionPrefix: '%(asctime)s.%(msecs)03d %(process)d ERROR %(name)s %(instance)s',
  dateFormat: '%Y-%m-%d %H:%M:%S',
});

const opt = (decl: Omit<OptionDeclaration, 'group'>): OptionDeclaration => ({ group: 'DEFAULT', ...decl });

/** The `[DEFAULT]` logging options (core registers them with its own). */
export const loggingOptions: OptionList = Object.freeze([
  opt({
    name: 'log_config_append', type: 'string', deprecatedNames: ['log_config'], cli: true,
    help: 'The name of a Python logging configuration file. Not supported by ceilometer-ts: an error line says so and the other logging options apply.',
  }),
  opt({ name: 'log_date_format', type: 'string', default: OSLO_FORMATS.dateFormat, cli: true, help: `Defines the format string for %(asctime)s in log records.` }),
  opt({
    name: 'log_file', type: 'string', deprecatedNames: ['logfile'], cli: true,
    help: `(Optional) Name of log file to send logging output to. If no default is set, logging will go to stderr as defined by use_stderr.`,
  }),
  opt({ name: 'log_dir', type: 'string', deprecatedNames: ['logdir'], cli: true, help: `(Optional) The base directory used for relative log_file paths.` }),
  opt({
    name: 'watch_log_file', type: 'boolean', default: false, cli: true,
    help: `Uses logging handler designed to watch file system. When log file is moved or removed this handler will open a new log file with specified path instantaneously. It makes sense only if log_file option is specified and Linux platform is used.`,
  }),
  opt({ name: 'use_syslog', type: 'boolean', default: false, cli: true, help: `Use syslog for logging (/dev/log).` }),
  opt({
    name: 'use_journal', type: 'boolean', default: false, cli: true,
    help: `Enable journald for logging: the journal's stream protocol, with each record's priority.`,
  }),
  opt({ name: 'syslog_log_facility', type: 'string', default: 'LOG_USER', cli: true, help: `Syslog facility to receive log lines.` }),
  opt({ name: 'use_json', type: 'boolean', default: false, cli: true, help: `Use JSON formatting for logging.` }),
  opt({ name: 'use_stderr', type: 'boolean', default: false, help: `Log output to standard error.` }),
  opt({ name: 'default_log_levels', type: 'list', default: DEFAULT_LOG_LEVELS, help: `List of package logging levels in logger=LEVEL pairs.` }),
  opt({ name: 'logging_context_format_string', type: 'string', default: OSLO_FORMATS.context, help: 'Format string to use for log messages with context (a request id; the agents log none).' }),
  opt({ name: 'logging_default_format_string', type: 'string', default: OSLO_FORMATS.default, help: 'Format string to use for log messages when context is undefined.' }),
  opt({ name: 'logging_exception_prefix', type: 'string', default: OSLO_FORMATS.exceptionPrefix, help: 'Prefix each line of exception output with this format.' }),
  opt({ name: 'publish_errors', type: 'boolean', default: false, help: 'Enables or disables publication of error events. Not supported by ceilometer-ts: true is reported and ignored.' }),
]);
