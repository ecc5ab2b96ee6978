/** Per-publisher delivery queues. */
export * from './delivery-queue.js';
export * from './delivery-settings.js';
export * from './errors.js';
