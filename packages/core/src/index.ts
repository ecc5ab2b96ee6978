/**
 * @ceilometer-ts/core: the plugin registry (stevedore's model), oslo.config-compatible configuration,
 * YAML with line numbers, and logging.
 */
export * from './registry/index.js';
export * from './config/index.js';
export * from './yaml/index.js';
export * from './logging/index.js';
export * from './patterns/index.js';
