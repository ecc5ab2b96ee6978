/**
 * @ceilometer-ts/sdk/testing: helpers for plugin and registry tests (not part of the runtime contract).
 */
export * from './fixture-package.js';
export * from './fixture-app.js';
export * from './readme-examples.js';
export * from './poll-helpers.js';
