import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoordinationUnavailableError } from '@ceilometer-ts/sdk';
import { startEtcd, type EtcdService } from '@ceilometer-ts/test-services';
import { makeDriver, recordingLogger } from './helpers.js';

describe('Etcd3Driver with etcd user/password auth', () => {
  let etcd: EtcdService;
  const etcdctl = (...args: string[]): void => {
    execFileSync('etcdctl', [`--endpoints=${etcd.endpoint}`, ...args], { env: { ...process.env, ETCDCTL_API: '3' }, stdio: 'ignore' });
  };
  beforeAll(async () => {
    etcd = await startEtcd();
    etcdctl('user', 'add', 'root:rootpw');
    etcdctl('user', 'add', 'ceilo:s@cret');
    etcdctl('role', 'add', 'coordination');
    etcdctl('role', 'grant-permission', 'coordination', '--prefix=true', 'readwrite', 'tooz/');
    etcdctl('user', 'grant-role', 'ceilo', 'coordination');
    etcdctl('auth', 'enable');
  });
  afterAll(async () => {
    await etcd.stop();
  });

  it('joins as the URL user; the password never shows in logs or errors', async () => {
    const logger = recordingLogger();
    const driver = makeDriver(`etcd3+http://ceilo:s%40cret@127.0.0.1:${etcd.port}`, 'authed', logger);
    await driver.start();
    try {
      await driver.joinGroup('g-auth');
      expect(await driver.getMembers('g-auth')).toEqual(['authed']);
    } finally {
      await driver.stop();
    }
    expect(logger.records.map((r) => r.msg).join('\n')).not.toMatch(/s@cret|s%40cret/);

    const wrong = makeDriver(`etcd3+http://ceilo:wrong@127.0.0.1:${etcd.port}`, 'refused');
    const error = await wrong.start().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(CoordinationUnavailableError);
    expect((error as Error).message).toContain('etcd3+http://ceilo:***@127.0.0.1');
    expect((error as Error).message).not.toContain('wrong');
  });
});
