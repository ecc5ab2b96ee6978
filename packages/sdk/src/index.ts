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
export * from './hardware.js';
export * from './hardware-url.js';
export * from './hardware-inspectors.js';
export * from './compute.js';
export * from './upgrade.js';
export * from './coordination.js';
export * from './reserved-metadata.js';
export * from './py-value.js';
export * from './python-str.js';
export * from './py-json.js';
export * from './text-memo.js';
export * from './close-matches.js';
export * from './redact-url.js';
export * from './signature.js';
export * from './meter-message.js';
export * from './event-message.js';
export * from './uuid1.js';
export * from './iso-time.js';
export * from './python-re.js';
export * from './python-re-sub.js';
