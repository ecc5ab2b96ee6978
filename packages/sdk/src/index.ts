/**
 * @ceilometer-ts/sdk: the plugin contract. Third-party plugin authors depend on this package alone.
 */
export * from './di.js';
export * from './errors.js';
export * from './namespaces.js';
export * from './logger.js';
export * from './options.js';
export * from './sample.js';
export * from './event.js';
export * from './resource.js';
export * from './context.js';
export * from './poll-cycle.js';
export * from './pollster.js';
export * from './discovery.js';
export * from './inspector.js';
export * from './transformer.js';
export * from './publisher.js';
