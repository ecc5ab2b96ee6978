/**
 * @ceilometer-ts/publisher-log: `log://` and `stdout://`, samples and events as JSON lines.
 */
export * from './log-publisher.js';
export * from './publisher-target.js';
