import { fileURLToPath } from 'node:url';
import { runDriverConformance, spawnMemberProcess } from '@ceilometer-ts/coordination/testing';
import { silentLogger } from '@ceilometer-ts/sdk';
import { startRedis, type RedisService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll } from 'vitest';
import { RedisCoordinationDriver } from '../src/index.js';

const DRIVER_MODULE = fileURLToPath(new URL('../src/redis-driver.ts', import.meta.url));

let redis: RedisService;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

runDriverConformance('redis coordination driver (real Redis 7)', {
  makeDriver: ({ memberId, membershipTimeoutMs }) =>
    new RedisCoordinationDriver({ url: new URL(redis.url), memberId, membershipTimeoutMs, logger: silentLogger }),
  membershipTimeoutMs: 1500,
  // a member in a child process, SIGKILLed: its keys stay until they expire
  startCrashableMember: async ({ memberId, group, membershipTimeoutMs }) => {
    const member = spawnMemberProcess({ module: DRIVER_MODULE, exportName: 'RedisCoordinationDriver', url: redis.url, memberId, membershipTimeoutMs, groups: [group] });
    await member.ready;
    return {
      crash: async () => {
        member.kill('SIGKILL');
        await member.exited;
      },
    };
  },
  outage: { down: () => redis.down(), up: () => redis.up() },
});
