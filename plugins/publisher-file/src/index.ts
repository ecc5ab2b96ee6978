/**
 * @ceilometer-ts/publisher-file: the `file://` sample and event publisher.
 */
export * from './as-dict.js';
export * from './errors.js';
export * from './file-publisher.js';
export * from './file-url.js';
export * from './publisher-target.js';
export * from './python-format.js';
export * from './rotating-file.js';
