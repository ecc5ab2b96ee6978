import { fileURLToPath } from 'node:url';
import { runDriverConformance, spawnMemberProcess } from '@ceilometer-ts/coordination/testing';
import { silentLogger } from '@ceilometer-ts/sdk';
import { startEtcd, type EtcdService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll } from 'vitest';
import { Etcd3Driver } from '../src/index.js';

const DRIVER_MODULE = fileURLToPath(new URL('../src/etcd3-driver.ts', import.meta.url));

let etcd: EtcdService;
beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => {
  await etcd.stop();
});

runDriverConformance('etcd3 coordination driver (real etcd 3.4)', {
  makeDriver: ({ memberId, membershipTimeoutMs }) =>
    new Etcd3Driver({ url: new URL(`${etcd.url}?timeout=${membershipTimeoutMs / 1000}`), memberId, membershipTimeoutMs, logger: silentLogger }),
  // a member in a child process, SIGKILLed: its keys stay until etcd expires its lease
  startCrashableMember: async ({ memberId, group, membershipTimeoutMs }) => {
    const url = `${etcd.url}?timeout=${membershipTimeoutMs / 1000}`;
    const member = spawnMemberProcess({ module: DRIVER_MODULE, exportName: 'Etcd3Driver', url, memberId, membershipTimeoutMs, groups: [group] });
    await member.ready;
    return {
      crash: async () => {
        member.kill('SIGKILL');
        await member.exited;
      },
    };
  },
  outage: { down: () => etcd.stopServer(), up: () => etcd.startServer() },
});
