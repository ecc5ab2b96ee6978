/**
 * @ceilometer-ts/core: the plugin registry (stevedore's model), oslo.config-compatible configuration,
 * and logging. (YAML with line numbers is `@ceilometer-ts/located-yaml`, shared with plugins.)
 */
export * from './registry/index.js';
export * from './config/index.js';
export * from './logging/index.js';
export * from './patterns/index.js';
