/**
 * @ceilometer-ts/publisher-test: the `test://` in-memory sample and event publisher.
 */
export * from './test-publisher.js';
// Shared code this plugin re-exports for compatibility (it lives in the sdk and publisher-common).
export { toPublisherTarget, type PublisherArg } from '@ceilometer-ts/sdk';
