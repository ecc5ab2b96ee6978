import { hostname } from 'node:os';
import type { OptionDeclaration, OptionList } from '@ceilometer-ts/sdk';
import { loggingOptions } from '../logging/logging-options.js';

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

/**
 * The options core itself reads, with upstream's names, defaults and help: `[DEFAULT] host`,
 * `debug`, `plugin_dirs` (ours), oslo.log's logging options (`log_file`, `use_json`, ...) and
 * `[publisher] telemetry_secret`. Messaging, polling and pipeline
 * options belong to their packages; keystoneauth's `[service_credentials]` and `[service_types]`
 * to `@ceilometer-ts/openstack-client`, which the commands register beside these.
 */
export const coreOptions: OptionList = Object.freeze([...defaults, ...loggingOptions, ...publisher]);
