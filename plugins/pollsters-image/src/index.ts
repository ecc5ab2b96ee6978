/**
 * @ceilometer-ts/pollsters-image: `image.size` (`ceilometer.poll.central`) and the `images`
 * discovery (`ceilometer.discover.central`), over Glance's v2 API.
 */
export * from './discovery.js';
export * from './image-size.js';
