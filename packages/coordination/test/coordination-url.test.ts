import { CoordinationUrlError, silentLogger, type CoordinationDriverFactory, type CoordinationDriverOptions, type Logger } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { createCoordinationDriver, createCoordinator, newMemberId, parseCoordinationUrl, stableGroupId } from '../src/index.js';
import { InMemoryCoordinationBackend, InMemoryCoordinationDriver } from '../src/testing/index.js';

/** A driver class (the entry point's shape) on `backend`, recording the options it is built with. */
function inMemoryFactory(backend: InMemoryCoordinationBackend, received: CoordinationDriverOptions[] = []): CoordinationDriverFactory {
  return class extends InMemoryCoordinationDriver {
    constructor(options: CoordinationDriverOptions) {
      received.push(options);
      super(backend, options.memberId, options.membershipTimeoutMs);
    }
  };
}

describe('parseCoordinationUrl', () => {
  it.each([
    ['redis://127.0.0.1:6379', 'redis', 30_000],
    ['redis://host:6379?timeout=10', 'redis', 10_000],
    ['rediss://:p@host:6380/2?timeout=2.5', 'rediss', 2500],
    ['redis://host?timeout=10&membership_timeout=4', 'redis', 4000],
    ['redis://host?timeout=10&timeout=3', 'redis', 3000],
    ['etcd3://localhost:2379?timeout=3', 'etcd3', 3000],
    ['etcd3+http://localhost:2379', 'etcd3+http', 30_000],
    ['etcd3+https://localhost:2379', 'etcd3+https', 30_000],
  ])('%s: driver %s, membership timeout %i ms', (text, driverName, ms) => {
    const parsed = parseCoordinationUrl(text);
    expect(parsed.driverName).toBe(driverName);
    expect(parsed.membershipTimeoutMs).toBe(ms);
  });

  it('masks the password in the redacted form', () => {
    expect(parseCoordinationUrl('redis://:s3cret@host:6379/0').redacted).toBe('redis://:***@host:6379/0');
  });

  it.each(['not a url', 'redis://host?timeout=0', 'redis://host?timeout=abc', 'redis://host?timeout=', 'mailto:x@y'])('rejects %s', (text) => {
    expect(() => parseCoordinationUrl(text)).toThrow(CoordinationUrlError);
  });

  it('builds the driver with the parsed timeout and a child logger', () => {
    const backend = new InMemoryCoordinationBackend();
    const received: CoordinationDriverOptions[] = [];
    const factory = inMemoryFactory(backend, received);
    const memberId = newMemberId();
    expect(memberId).toMatch(/^[0-9a-f-]{36}$/);
    const bindings: Record<string, unknown>[] = [];
    const child: Logger = { ...silentLogger };
    const driver = createCoordinationDriver(factory, parseCoordinationUrl('redis://h?timeout=7'), {
      memberId,
      logger: { ...silentLogger, child: (b) => (bindings.push(b), child) },
    });
    expect(driver).toMatchObject({ memberId, membershipTimeoutMs: 7000 });
    expect(received).toHaveLength(1);
    expect(received[0]!.logger).toBe(child);
    expect(bindings).toEqual([{ coordination: 'redis://h?timeout=7' }]);
  });
});

describe('createCoordinator', () => {
  it('parses the URL, builds the driver and gives the coordinator a member id', async () => {
    const factory = inMemoryFactory(new InMemoryCoordinationBackend());
    const coordinator = createCoordinator(factory, 'memory://x?timeout=5', { logger: silentLogger });
    expect(coordinator.memberId).toMatch(/^[0-9a-f-]{36}$/);
    await coordinator.start();
    await coordinator.joinGroup('g');
    expect(coordinator.members('g')).toEqual([coordinator.memberId]);
    await coordinator.stop();
    expect(createCoordinator(factory, 'memory://x', { logger: silentLogger, memberId: 'me' }).memberId).toBe('me');
    expect(() => createCoordinator(factory, 'nope', { logger: silentLogger })).toThrow(CoordinationUrlError);
  });
});

describe('stableGroupId', () => {
  it('is the same for any order or repetition of the parts, and differs for other parts', () => {
    const id = stableGroupId(['b', 'a', 'c']);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(stableGroupId(['c', 'a', 'b', 'a'])).toBe(id);
    expect(stableGroupId(['a', 'b'])).not.toBe(id);
    expect(stableGroupId(['a,b'])).not.toBe(stableGroupId(['a', 'b']));
  });

  it('is a fixed value (so every process and version agrees)', () => {
    expect(stableGroupId(['10.0.0.1', '10.0.0.2'])).toBe(stableGroupId(['10.0.0.2', '10.0.0.1']));
    expect(stableGroupId([])).toBe('e3b0c44298fc1c149afbf4c8996fb924');
  });
});
