import { hostname } from 'node:os';
import type { OptionDeclaration, OptionList } from '@ceilometer-ts/sdk';

/**
 * An option declaration with an optional `sampleDefault`: what the sample config shows instead of a
 * machine-dependent default (oslo.config's `sample_default`, e.g. `<your_hostname>`).
 */
export type SampleOptionDeclaration = OptionDeclaration & { readonly sampleDefault?: string };

/** npm name under which core registers its own options. */
export const CORE_PACKAGE_NAME = '@ceilometer-ts/core';

const defaults: readonly SampleOptionDeclaration[] = [
  {
    group: 'DEFAULT',
    name: 'host',
    type: 'hostaddress',
    default: hostname(),
    sampleDefault: '<your_hostname>',
    help:
      'Name of this node, which must be valid in an AMQP key. Can be an opaque identifier. ' +
      'For ZeroMQ only, must be a valid host name, FQDN, or IP address.',
  },
  {
    group: 'DEFAULT',
    name: 'debug',
    type: 'boolean',
    default: false,
    cli: true,
    help: 'If set to true, the logging level will be set to DEBUG instead of the default INFO level.',
  },
  { group: 'DEFAULT', name: 'reserved_metadata_namespace', type: 'list', default: ['metering.'], help: 'List of metadata prefixes reserved for metering use.' },
  { group: 'DEFAULT', name: 'reserved_metadata_length', type: 'integer', default: 256, help: 'Limit on length of reserved metadata values.' },
  {
    group: 'DEFAULT',
    name: 'reserved_metadata_keys',
    type: 'list',
    default: [],
    help: 'List of metadata keys reserved for metering use. And these keys are additional to the ones included in the namespace.',
  },
  {
    group: 'DEFAULT',
    name: 'plugin_dirs',
    type: 'list',
    default: [],
    help:
      'Directories holding third-party plugin packages installed with `npm install --prefix DIR <package>`; ' +
      'their entry points are added to those found in the application and CEILOMETER_PLUGIN_PATH.',
  },
];

const publisher: readonly OptionDeclaration[] = [
  {
    group: 'publisher',
    name: 'telemetry_secret',
    type: 'string',
    secret: true,
    default: 'change this for valid signing',
    deprecatedNames: ['DEFAULT.metering_secret', 'publisher_rpc.metering_secret', 'publisher.metering_secret'],
    help:
      'Secret value for signing messages. Set value empty if signing is not required to avoid ' +
      'computational overhead.',
  },
];

type Credential = [name: string, help: string, extra?: Partial<OptionDeclaration>];

/** keystoneauth's auth, password-plugin and session options, read from `[service_credentials]`. */
const credentialOptions: readonly Credential[] = [
  ['auth_type', 'Authentication type to load', { deprecatedNames: ['auth_plugin'] }],
  ['auth_section', 'Config Section from which to load plugin specific options'],
  ['auth_url', 'Authentication URL'],
  ['system_scope', 'Scope for system operations'],
  ['domain_id', 'Domain ID to scope to'],
  ['domain_name', 'Domain name to scope to'],
  ['project_id', 'Project ID to scope to', { deprecatedNames: ['tenant_id'] }],
  ['project_name', 'Project name to scope to', { deprecatedNames: ['tenant_name'] }],
  ['project_domain_id', 'Domain ID containing project'],
  ['project_domain_name', 'Domain name containing project'],
  ['trust_id', 'ID of the trust to use as a trustee use'],
  ['default_domain_id', 'Optional domain ID to use with v3 and v2 parameters. It will be used for both the user and project domain in v3 and ignored in v2 authentication.'],
  ['default_domain_name', 'Optional domain name to use with v3 API and v2 parameters. It will be used for both the user and project domain in v3 and ignored in v2 authentication.'],
  ['user_id', 'User id'],
  ['username', 'Username', { deprecatedNames: ['user_name'] }],
  ['user_domain_id', "User's domain id"],
  ['user_domain_name', "User's domain name"],
  ['password', "User's password", { secret: true }],
  ['cafile', 'PEM encoded Certificate Authority to use when verifying HTTPs connections.'],
  ['certfile', 'PEM encoded client certificate cert file'],
  ['keyfile', 'PEM encoded client certificate key file'],
  ['insecure', 'Verify HTTPS connections.', { type: 'boolean', default: false }],
  ['timeout', 'Timeout value for http requests', { type: 'integer' }],
  ['collect_timing', 'Collect per-API call timing information.', { type: 'boolean', default: false }],
  ['split_loggers', 'Log requests to multiple loggers.', { type: 'boolean', default: false }],
  ['region_name', 'Region name to use for OpenStack service endpoints.', { default: process.env.OS_REGION_NAME }],
  [
    'interface',
    'Type of endpoint in Identity service catalog to use for communication with OpenStack services.',
    {
      default: process.env.OS_INTERFACE ?? process.env.OS_ENDPOINT_TYPE ?? 'public',
      choices: ['public', 'internal', 'admin', 'auth', 'publicURL', 'internalURL', 'adminURL'],
    },
  ],
  [
    'memcached_servers',
    'Memcached servers used by keystonemiddleware-style token caches. Accepted for compatibility with ' +
      'upstream deployments; ceilometer-ts does not cache tokens in memcached.',
    { type: 'list' },
  ],
];

const serviceCredentials: readonly OptionDeclaration[] = credentialOptions.map(([name, help, extra]) => ({
  group: 'service_credentials',
  name,
  type: 'string',
  help,
  ...extra,
}));

/**
 * The options core itself reads, with upstream's names, defaults and help: `[DEFAULT] host`,
 * `debug`, `plugin_dirs` (ours), `[publisher] telemetry_secret` and the keystoneauth options of
 * `[service_credentials]`. Messaging, polling and pipeline options belong to their packages.
 */
export const coreOptions: OptionList = Object.freeze([...defaults, ...publisher, ...serviceCredentials]);
