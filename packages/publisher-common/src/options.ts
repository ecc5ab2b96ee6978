/**
 * `@ceilometer-ts/publisher-common/options`: what the publishers' `oslo.config.opts` entry points
 * need, without the HTTP client. Every agent imports every installed plugin's options module to
 * declare its options; through the package root that loaded got (about 14 MB of RSS) into agents
 * that never publish over HTTP.
 */
export * from './config-value.js';
export * from './http-options.js';
export * from './telemetry-secret.js';
