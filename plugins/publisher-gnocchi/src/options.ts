/**
 * This package's `oslo.config.opts` entry point: upstream's `[gnocchi]` group (keystoneauth's
 * options, `auth_section` defaulting to `service_credentials`), the shared client's
 * `[service_credentials]` and `[service_types]`, and `[DEFAULT] max_parallel_requests`.
 */
import type { OptionDeclaration, OptionList } from '@ceilometer-ts/sdk';
// options entries only: every agent imports this module to declare options, and the package roots load got
import { keystoneauthOptions, listOpenStackClientOptions, SERVICE_CREDENTIALS_GROUP } from '@ceilometer-ts/openstack-client/options';
import { httpPublisherOptions } from '@ceilometer-ts/publisher-common/options';

/** Upstream's group for the Gnocchi client. */
export const GNOCCHI_GROUP = 'gnocchi';

/**
 * `[gnocchi]`: keystoneauth's options as upstream registers them for its overridable groups.
 * `interface` and `region_name` have no default here: unset, the auth section's apply.
 */
export const gnocchiOptions: OptionList = Object.freeze(
  keystoneauthOptions(GNOCCHI_GROUP, {
    auth_section: { default: SERVICE_CREDENTIALS_GROUP },
    interface: { default: undefined, help: 'Endpoint interface of the Gnocchi API (the auth section\'s when unset).' },
    region_name: { default: undefined, help: 'Region of the Gnocchi API endpoint (the auth section\'s when unset).' },
  }).map((o): OptionDeclaration => (o.default === undefined ? withoutDefault(o) : o)),
);

function withoutDefault(o: OptionDeclaration): OptionDeclaration {
  const { default: _unset, ...rest } = o;
  return rest;
}

/** Every option this package reads. */
export function listGnocchiPublisherOptions(): OptionList {
  return [...gnocchiOptions, ...listOpenStackClientOptions(), ...httpPublisherOptions];
}
