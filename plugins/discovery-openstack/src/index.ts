/**
 * @ceilometer-ts/discovery-openstack: the generic central discoveries of upstream
 * (`ceilometer.discover.central`): `endpoint` (catalog URLs) and `tenant` (Keystone projects).
 */
export * from './options.js';
export * from './endpoint.js';
export * from './tenant.js';
