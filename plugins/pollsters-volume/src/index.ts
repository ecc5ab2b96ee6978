/**
 * @ceilometer-ts/pollsters-volume: the Cinder meters (`ceilometer.poll.central`) and the `volumes`,
 * `volume_snapshots`, `volume_backups`, `volume_pools` and `volume_services` discoveries
 * (`ceilometer.discover.central`), over Cinder's v3 API.
 */
export * from './record-metadata.js';
export * from './discovery.js';
export * from './volume-size.js';
export * from './pool-capacity.js';
export * from './service-health.js';
