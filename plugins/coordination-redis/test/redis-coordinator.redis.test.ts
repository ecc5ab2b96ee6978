import { fileURLToPath } from 'node:url';
import { Coordinator } from '@ceilometer-ts/coordination';
import { spawnMemberProcess } from '@ceilometer-ts/coordination/testing';
import { silentLogger } from '@ceilometer-ts/sdk';
import { startRedis, type RedisService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCoordinationDriver } from '../src/index.js';

const DRIVER_MODULE = fileURLToPath(new URL('../src/redis-driver.ts', import.meta.url));
const KEYS = Array.from({ length: 300 }, (_, i) => `resource-${i}`);
const TIMEOUT_MS = 1500;
const GROUP = 'central-static';

describe('Coordinators sharing 300 keys through Redis', () => {
  let redis: RedisService;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  function coordinator(memberId: string): Coordinator {
    const driver = new RedisCoordinationDriver({ url: new URL(redis.url), memberId, membershipTimeoutMs: TIMEOUT_MS, logger: silentLogger });
    return new Coordinator({ driver, memberId, logger: silentLogger, retryInitialMs: 100 });
  }

  it('a SIGKILLed member: its keys go to the survivors within the timeout; a clean stop: at once, through the watch', async () => {
    const a = coordinator('agent-a');
    const b = coordinator('agent-b');
    const killed = spawnMemberProcess({ module: DRIVER_MODULE, exportName: 'RedisCoordinationDriver', url: redis.url, memberId: 'agent-c', membershipTimeoutMs: TIMEOUT_MS, groups: [GROUP] });
    try {
      await killed.ready;
      for (const x of [a, b]) {
        await x.start();
        await x.joinGroup(GROUP);
      }
      await a.refresh();
      expect(a.members(GROUP)).toEqual(['agent-a', 'agent-b', 'agent-c']);
      const shareC = KEYS.length - a.extractMyItems(GROUP, KEYS, (k) => k).length - b.extractMyItems(GROUP, KEYS, (k) => k).length;
      expect(shareC).toBeGreaterThan(0);

      killed.kill('SIGKILL');
      await killed.exited;
      const killedAt = Date.now();
      // each cycle starts with a refresh: poll as the agents would
      await expect
        .poll(
          async () => {
            await a.refresh();
            await b.refresh();
            return KEYS.every((k) => Number(a.belongsToSelf(GROUP, k)) + Number(b.belongsToSelf(GROUP, k)) === 1);
          },
          { timeout: TIMEOUT_MS * 3, interval: 100 },
        )
        .toBe(true);
      expect(Date.now() - killedAt).toBeLessThan(TIMEOUT_MS + 1000);

      // b stops cleanly: a learns it from the pub/sub watch, without a refresh of its own
      await b.stop();
      await expect.poll(() => a.members(GROUP), { timeout: 2000, interval: 20 }).toEqual(['agent-a']);
      expect(a.extractMyItems(GROUP, KEYS, (k) => k)).toEqual(KEYS);
    } finally {
      killed.kill('SIGKILL');
      await a.stop();
      await b.stop();
    }
  });
});
