/** oslo.config-compatible configuration: INI reading, option registry, validation, sample generation. */
export * from './config.js';
export * from './config-locations.js';
export * from './core-options.js';
export * from './errors.js';
export * from './ini-parser.js';
export * from './load-config.js';
export * from './option-names.js';
export * from './option-registry.js';
export * from './option-values.js';
export * from './sample-config.js';
export * from './sample-config-data.js';
export * from './sample-config-rst.js';
export * from './substitution.js';
export type { ConfigOverrides, ResolvedValue } from './value-resolver.js';
export { resolveOptionValues } from './value-resolver.js';
