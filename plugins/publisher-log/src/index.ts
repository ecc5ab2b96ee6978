/**
 * @ceilometer-ts/publisher-log: `log://` and `stdout://`, samples and events as JSON lines.
 */
export * from './log-publisher.js';
// Shared code this plugin re-exports for compatibility (it lives in the sdk and publisher-common).
export { toPublisherTarget, type PublisherArg } from '@ceilometer-ts/sdk';
