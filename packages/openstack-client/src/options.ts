/**
 * The `ceilometer.conf` options this client reads, declared once for every package that talks to
 * OpenStack APIs: keystoneauth's auth, password, application-credential and session options in
 * `[service_credentials]` (upstream's `ceilometer/keystone_client.py` registers them through
 * keystoneauth's loading) and upstream's `[service_types]`. A plugin lists them in its own
 * `oslo.config.opts` entry point (`listOpenStackClientOptions`); the registry accepts the same
 * declaration from several packages and rejects a differing one.
 */
import type { OptionDeclaration, OptionList } from '@ceilometer-ts/sdk';

/** The default credentials group (upstream's `service_credentials`). */
export const SERVICE_CREDENTIALS_GROUP = 'service_credentials';
/** Upstream's group of service type names. */
export const SERVICE_TYPES_GROUP = 'service_types';

/** The endpoint interfaces accepted in `[service_credentials] interface` (keystoneauth spellings). */
export const INTERFACE_CHOICES = ['public', 'internal', 'admin', 'auth', 'publicURL', 'internalURL', 'adminURL'] as const;

type Credential = [name: string, help: string, extra?: Partial<OptionDeclaration>];

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
  ['application_credential_secret', 'Application credential auth secret', { secret: true }],
  ['application_credential_id', 'Application credential ID'],
  ['application_credential_name', 'Application credential name'],
  // gnocchiclient's keystoneauth plugins (auth_type gnocchi-basic / gnocchi-noauth)
  ['user', 'User (auth_type gnocchi-basic)'],
  ['roles', 'Roles (auth_type gnocchi-noauth)'],
  ['endpoint', 'Service endpoint (auth_type gnocchi-basic, gnocchi-noauth)'],
  ['cafile', 'PEM encoded Certificate Authority to use when verifying HTTPs connections.'],
  ['certfile', 'PEM encoded client certificate cert file'],
  ['keyfile', 'PEM encoded client certificate key file'],
  ['insecure', 'Verify HTTPS connections.', { type: 'boolean', default: false }],
  ['timeout', 'Timeout value for http requests', { type: 'integer' }],
  ['collect_timing', 'Collect per-API call timing information.', { type: 'boolean', default: false }],
  ['split_loggers', 'Log requests to multiple loggers.', { type: 'boolean', default: false }],
  ['region_name', 'Region name to use for OpenStack service endpoints.', { default: process.env['OS_REGION_NAME'] }],
  [
    'interface',
    'Type of endpoint in Identity service catalog to use for communication with OpenStack services.',
    { default: process.env['OS_INTERFACE'] ?? process.env['OS_ENDPOINT_TYPE'] ?? 'public', choices: INTERFACE_CHOICES },
  ],
  [
    'memcached_servers',
    'Memcached servers used by keystonemiddleware-style token caches. Accepted for compatibility with ' +
      'upstream deployments; ceilometer-ts does not cache tokens in memcached.',
    { type: 'list' },
  ],
];

/** keystoneauth's options in `[service_credentials]`, with upstream's names, defaults and help. */
export const serviceCredentialsOptions: OptionList = Object.freeze(keystoneauthOptions(SERVICE_CREDENTIALS_GROUP));

/**
 * keystoneauth's options declared in another group, as upstream registers them for the groups that
 * may name an `auth_section` (`[gnocchi]`, ...). `overrides` changes defaults by option name
 * (upstream sets `auth_section = service_credentials` there).
 */
export function keystoneauthOptions(group: string, overrides: Readonly<Record<string, Partial<OptionDeclaration>>> = {}): OptionDeclaration[] {
  return credentialOptions.map(([name, help, extra]): OptionDeclaration => ({ group, name, type: 'string', help, ...extra, ...overrides[name] }));
}

/** Upstream's `[service_types]` (ceilometer/opts.py: the SERVICE_OPTS of its API clients). */
export const serviceTypesOptions: OptionList = Object.freeze([
  { group: SERVICE_TYPES_GROUP, name: 'glance', type: 'string', default: 'image', help: 'Glance service type.' },
  { group: SERVICE_TYPES_GROUP, name: 'neutron', type: 'string', default: 'network', help: 'Neutron service type.' },
  { group: SERVICE_TYPES_GROUP, name: 'nova', type: 'string', default: 'compute', help: 'Nova service type.' },
  { group: SERVICE_TYPES_GROUP, name: 'radosgw', type: 'string', help: 'Radosgw service type.' },
  { group: SERVICE_TYPES_GROUP, name: 'swift', type: 'string', default: 'object-store', help: 'Swift service type.' },
  { group: SERVICE_TYPES_GROUP, name: 'cinder', type: 'string', default: 'volumev3', deprecatedNames: ['cinderv2'], help: 'Cinder service type.' },
] satisfies OptionDeclaration[]);

/** Every option of this client: what a plugin's `oslo.config.opts` entry point returns. */
export function listOpenStackClientOptions(): OptionList {
  return [...serviceCredentialsOptions, ...serviceTypesOptions];
}
