/**
 * Three `ceilometer-polling` agents sharing 300 static resources through a private Redis
 * (`[coordination] backend_url = redis://...?timeout=3`): every resource polled exactly once per
 * interval, SIGKILL of one agent and its restart, a Redis restart under them. Build first.
 */
import { startRedis, type RedisService } from '@ceilometer-ts/test-services';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { launcherBuilt } from './polling-helpers.js';
import { Fleet, TIMEOUT_S } from './polling-partition-helpers.js';
import { backendRestart, killAndRestart } from './polling-partition-scenarios.js';

describe.skipIf(!launcherBuilt())('polling agents partitioned through Redis', () => {
  let redis: RedisService;
  let fleet: Fleet;

  beforeEach(async () => {
    redis = await startRedis();
    fleet = new Fleet(`${redis.url}?timeout=${TIMEOUT_S}`);
  });
  afterEach(async () => {
    await fleet.stop();
    await redis.stop();
  });

  it('every resource once per interval; a SIGKILLed agent is covered within timeout + interval; a restarted one takes its share back', async () => {
    await killAndRestart(fleet);
  }, 90_000);

  it('a Redis restart: agents poll on with the last known membership, log it once, rejoin, no double polling after', async () => {
    await backendRestart(fleet, () => redis.restart({ downMs: 2500 }));
  }, 90_000);
});
