import { InMemoryCoordinationBackend, runDriverConformance, type InMemoryCoordinationDriver } from '../src/testing/index.js';

// The conformance suite run against the in-memory backend: checks the suite and the fake at once.
const backend = new InMemoryCoordinationBackend();
runDriverConformance('in-memory coordination driver', {
  makeDriver: (options) => backend.driver(options),
  membershipTimeoutMs: 600,
  abandon: (driver) => {
    (driver as InMemoryCoordinationDriver).abandon();
    return Promise.resolve();
  },
  outage: {
    down: () => Promise.resolve(backend.setAvailable(false)),
    up: () => Promise.resolve(backend.setAvailable(true)),
  },
});
