/**
 * @ceilometer-ts/publisher-file: the `file://` sample and event publisher.
 */
export * from './as-dict.js';
export * from './errors.js';
export * from './file-publisher.js';
export * from './file-url.js';
export * from './python-format.js';
export * from './rotating-file.js';
// Shared code this plugin re-exports for compatibility (it lives in the sdk and publisher-common).
export { sampleAsDict, type SampleDict } from '@ceilometer-ts/publisher-common';
export { toPublisherTarget, type PublisherArg } from '@ceilometer-ts/sdk';
