/**
 * @ceilometer-ts/publisher-gnocchi: the `gnocchi://` sample and event publisher and the
 * `ceilometer-upgrade` step that prepares Gnocchi (resource types, archive policies and rules).
 */
export * from './errors.js';
export * from './settings.js';
export * from './options.js';
export * from './gnocchi-session.js';
export * from './gnocchi-api.js';
export * from './attribute-cache.js';
export * from './measures-batch.js';
export * from './definitions/resource-definition.js';
export * from './definitions/load-definitions.js';
export * from './gnocchi-publisher.js';
export * from './upgrade/gnocchi-upgrade.js';
