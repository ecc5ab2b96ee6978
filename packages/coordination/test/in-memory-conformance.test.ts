import { InMemoryCoordinationBackend, runDriverConformance } from '../src/testing/index.js';

// The conformance suite run against the in-memory backend: checks the suite and the fake at once.
const backend = new InMemoryCoordinationBackend();
runDriverConformance('in-memory coordination driver', {
  makeDriver: (options) => backend.driver(options),
  membershipTimeoutMs: 600,
  startCrashableMember: async ({ memberId, group, membershipTimeoutMs }) => {
    const driver = backend.driver({ memberId, membershipTimeoutMs });
    await driver.start();
    await driver.joinGroup(group);
    return { crash: () => Promise.resolve(driver.abandon()) };
  },
  outage: {
    down: () => Promise.resolve(backend.setAvailable(false)),
    up: () => Promise.resolve(backend.setAvailable(true)),
  },
});
