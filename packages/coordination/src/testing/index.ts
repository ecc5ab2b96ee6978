/**
 * @ceilometer-ts/coordination/testing: what driver packages and the agents' tests share. The
 * conformance suite imports vitest (an optional peer); the rest is runner-free.
 */
export * from './in-memory-backend.js';
export * from './member-process.js';
export * from './driver-conformance.js';
