/**
 * Three `ceilometer-polling` agents sharing 300 static resources through a private etcd
 * (`[coordination] backend_url = etcd3+http://...?timeout=3`): every resource polled exactly once
 * per interval, SIGKILL of one agent and its restart, an etcd restart under them. Build first.
 */
import { startEtcd, type EtcdService } from '@ceilometer-ts/test-services';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { launcherBuilt } from './polling-helpers.js';
import { Fleet, sleep, TIMEOUT_S } from './polling-partition-helpers.js';
import { backendRestart, killAndRestart } from './polling-partition-scenarios.js';

describe.skipIf(!launcherBuilt())('polling agents partitioned through etcd', () => {
  let etcd: EtcdService;
  let fleet: Fleet;

  beforeEach(async () => {
    etcd = await startEtcd();
    fleet = new Fleet(`${etcd.url}?timeout=${TIMEOUT_S}`);
  });
  afterEach(async () => {
    await fleet.stop();
    await etcd.stop();
  });

  it('every resource once per interval; a SIGKILLed agent is covered within timeout + interval; a restarted one takes its share back', async () => {
    await killAndRestart(fleet);
  }, 90_000);

  it('an etcd restart: agents poll on with the last known membership, log it once, rejoin, no double polling after', async () => {
    await backendRestart(fleet, async () => {
      await etcd.stopServer();
      await sleep(2500);
      await etcd.startServer();
    });
  }, 90_000);
});
