/**
 * @ceilometer-ts/pollsters-objectstore: the Swift pollsters `storage.objects`,
 * `storage.objects.size`, `storage.objects.containers`, `storage.containers.objects` and
 * `storage.containers.objects.size` (`ceilometer.poll.central`, discovery `tenant`).
 */
export * from './options.js';
export * from './accounts.js';
export * from './swift.js';
