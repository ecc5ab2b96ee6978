/**
 * An upstream agent (tooz 3.1's etcd3:// driver, Debian python3-tooz + python3-etcd3) and ours on one
 * etcd see each other in the same group: the same key layout.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdService } from '@ceilometer-ts/test-services';
import { makeDriver, waitUntil } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'fixtures', 'tooz_member.py');
const toozMissing = !existsSync('/usr/lib/python3/dist-packages/tooz/drivers/etcd3.py') || !existsSync('/usr/lib/python3/dist-packages/etcd3');

describe.skipIf(toozMissing)('tooz etcd3:// and this driver share membership', () => {
  let etcd: EtcdService;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd.stop();
  });

  it('each lists the other; tooz stopping leaves at once', async () => {
    const ours = makeDriver(`etcd3://127.0.0.1:${etcd.port}?timeout=5`, 'ts-agent');
    await ours.start();
    try {
      await ours.joinGroup('central-global');
      const python = spawn(PYTHON, [SCRIPT, `etcd3://127.0.0.1:${etcd.port}?timeout=5`, 'py-agent', 'central-global', 'ts-agent'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      python.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      python.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => python.once('exit', resolve));
      await waitUntil(() => out.split('\n').length > 2 || python.exitCode !== null, 20_000, 'tooz joined and listed');
      expect(out, err).toContain('joined');
      expect(JSON.parse(out.split('\n')[1]!)).toEqual(['py-agent', 'ts-agent']);
      expect(await ours.getMembers('central-global')).toEqual(['py-agent', 'ts-agent']);
      python.stdin.end('stop\n');
      expect(await exited, err).toBe(0);
      expect(await ours.getMembers('central-global')).toEqual(['ts-agent']);
    } finally {
      await ours.stop();
    }
  });
});
