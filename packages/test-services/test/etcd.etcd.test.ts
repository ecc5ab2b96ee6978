import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPortOpen, startEtcd, type EtcdService } from '@ceilometer-ts/test-services';

const etcdctl = (etcd: EtcdService, ...args: string[]): string =>
  execFileSync('etcdctl', [`--endpoints=${etcd.endpoint}`, ...args], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } });

describe('startEtcd', () => {
  let etcd: EtcdService;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd.stop();
  });

  it('starts a private etcd whose data survives a restart on the same port', async () => {
    expect(etcd.url).toBe(`etcd3+http://127.0.0.1:${etcd.port}`);
    etcdctl(etcd, 'put', 'ceilo/k', 'v1');
    await etcd.stopServer();
    expect(await isPortOpen(etcd.port)).toBe(false);
    await etcd.startServer();
    expect(etcdctl(etcd, 'get', 'ceilo/k', '--print-value-only').trim()).toBe('v1');
    await etcd.restart();
    expect(etcdctl(etcd, 'get', 'ceilo/k', '--print-value-only').trim()).toBe('v1');
  });
});
