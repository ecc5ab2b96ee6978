/**
 * @ceilometer-ts/openstack-client: the OpenStack API client ceilometer-ts plugins share (Keystone v3
 * sessions, service catalog, retrying keep-alive HTTP, pagination, Nova). A library, not a plugin.
 */
export * from './errors.js';
export * from './options.js';
export * from './credentials.js';
export * from './static-credentials.js';
export * from './static-auth.js';
export * from './catalog.js';
export * from './http-transport.js';
export * from './keystone-auth.js';
export * from './pagination.js';
export * from './session.js';
export * from './nova.js';
export * from './glance.js';
export * from './cinder.js';
export * from './shared-session.js';
export * from './neutron.js';
export * from './swift.js';
export * from './keystone-api.js';
export * from './identity-names.js';
export * from './listing-discovery.js';
