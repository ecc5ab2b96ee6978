/**
 * The virsh session's failure handling with a fake `virsh` first on PATH that hangs without reading
 * its input (a hung libvirtd) while a flag file exists, and runs the real virsh (test driver) after.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComputeInspectorError } from '@ceilometer-ts/sdk';
import { libvirtTestDriverUri } from '@ceilometer-ts/test-services';
import { LibvirtInspector, LibvirtUnavailableError, VirshSession } from '../src/index.js';
import { contextOf, fixtures, newCycle, recordingLogger } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ceilo-fake-virsh-'));
const hangFile = join(dir, 'hang');
const savedPath = process.env['PATH'];
const uri = libvirtTestDriverUri(join(fixtures, 'libvirt-test-node3.xml'));

beforeAll(() => {
  copyFileSync(join(fixtures, 'fake-virsh.sh'), join(dir, 'virsh'));
  process.env['PATH'] = `${dir}:${savedPath ?? ''}`;
  process.env['FAKE_VIRSH_HANG_FILE'] = hangFile;
});
afterAll(() => {
  process.env['PATH'] = savedPath;
  delete process.env['FAKE_VIRSH_HANG_FILE'];
  rmSync(dir, { recursive: true, force: true });
});

describe('VirshSession', () => {
  it('bounds a hung virsh by the call timeout, refuses calls during the backoff, logs the outage once and the recovery once', async () => {
    writeFileSync(hangFile, '');
    const logger = recordingLogger();
    const session = new VirshSession({ uri, virshPath: 'virsh', callTimeoutMs: 300, backoffMaxMs: 400, backoffMinMs: 200, logger });
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const t0 = Date.now();
      const first = session.run(['list --all --uuid --name']);
      const queued = session.run(['domstats --raw']);
      await expect(first).rejects.toBeInstanceOf(LibvirtUnavailableError);
      await expect(first).rejects.toThrow(/no answer from virsh within 0.3 s/);
      await expect(queued).rejects.toBeInstanceOf(LibvirtUnavailableError);
      const elapsed = Date.now() - t0;
      expect(elapsed).toBeGreaterThanOrEqual(280);
      expect(elapsed).toBeLessThan(2000);
      // Inside the backoff: refused at once, no new process.
      const t1 = Date.now();
      await expect(session.run(['list'])).rejects.toThrow(/unreachable .* next attempt in/);
      expect(Date.now() - t1).toBeLessThan(50);
      expect(session.stats.spawns).toBe(1);
      // Still hung after the backoff: a second timeout, logged at debug only.
      await new Promise((r) => setTimeout(r, 250));
      await expect(session.run(['list'])).rejects.toBeInstanceOf(ComputeInspectorError);
      expect(session.stats.spawns).toBe(2);
      // libvirt answers again.
      rmSync(hangFile);
      await new Promise((r) => setTimeout(r, 450));
      const [list] = await session.run(['list --all --uuid --name']);
      expect(list!.output).toContain('instance-00000001');
      expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
      expect(logger.lines.filter((l) => l.level === 'info')).toHaveLength(1);
      expect(logger.lines.find((l) => l.level === 'info')!.msg).toMatch(/^libvirt reachable again after/);
      await session.close();
      await expect(session.run(['list'])).rejects.toThrow(/closed/);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a hung libvirt never blocks the caller past the timeout through the inspector either', async () => {
    writeFileSync(hangFile, '');
    const insp = new LibvirtInspector(contextOf({ 'DEFAULT.libvirt_uri': uri, 'libvirt_inspector.call_timeout': 0.2 }, recordingLogger()));
    const t0 = Date.now();
    await expect(insp.listDomains(newCycle())).rejects.toBeInstanceOf(LibvirtUnavailableError);
    expect(Date.now() - t0).toBeLessThan(1500);
    await insp.close();
    rmSync(hangFile);
  });

  it('an unknown virsh program fails the call with a typed error', async () => {
    const session = new VirshSession({ uri, virshPath: join(dir, 'no-such-virsh'), callTimeoutMs: 2000, backoffMaxMs: 1000, logger: recordingLogger() });
    await expect(session.run(['list'])).rejects.toBeInstanceOf(LibvirtUnavailableError);
    await session.close();
  });

  it('a connection that cannot be opened fails the call with virsh\'s reason', async () => {
    const session = new VirshSession({ uri: `qemu:///system?socket=${join(dir, 'no-sock')}`, virshPath: 'virsh', callTimeoutMs: 5000, backoffMaxMs: 1000, logger: recordingLogger() });
    await expect(session.run(['list'])).rejects.toThrow(/failed to connect to the hypervisor|Failed to connect socket/);
    await session.close();
  });

  it('runs a batch of commands in one round trip, errors per command', async () => {
    const session = new VirshSession({ uri, virshPath: 'virsh', callTimeoutMs: 5000, backoffMaxMs: 1000, logger: recordingLogger() });
    const results = await session.run(['dominfo instance-00000001', 'dominfo nope', 'echo "a b"']);
    expect(results.map((r) => r.errors.length)).toEqual([0, 1, 0]);
    expect(results[0]!.output).toMatch(/^Id:\s+1$/m);
    expect(results[2]!.output).toBe('a b');
    expect(session.stats).toMatchObject({ calls: 1, commands: 3, spawns: 1 });
    await session.close();
  });

  it('marks only the end of a call and splits it at the prompt echoes: the same results as one marker per command', async () => {
    const commands = ['list --all --uuid --name', 'dommemstat instance-00000001', 'domifstat instance-00000001 nosuch', 'echo "no final newline"', 'dumpxml instance-00000002', 'dommemstat 99999999-1111-4111-8111-111111111111', 'echo last'];
    const batch = new VirshSession({ uri, virshPath: 'virsh', callTimeoutMs: 5000, backoffMaxMs: 1000, logger: recordingLogger() });
    const results = await batch.run(commands);
    expect(results.map((r) => r.command)).toEqual(commands);
    expect(results.map((r) => r.errors.length)).toEqual([0, 0, 2, 0, 0, 1, 0]);
    expect(results[3]!.output).toBe('no final newline');
    expect(results[4]!.output).toMatch(/^<domain type='test' id='2'>[\s\S]*<\/domain>$/);
    expect(results[6]!.output).toBe('last');
    // Written: the commands and one marker (not one per command).
    expect(batch.stats).toMatchObject({ calls: 1, commands: 7, markers: 1, spawns: 1 });
    await batch.close();
  });

  it('falls back to a marker after every command when virsh does not echo its commands', async () => {
    // A virsh without prompt echoes: answers `echo X` with X, anything else with `out:<command>`.
    const quiet = join(dir, 'quiet-virsh');
    writeFileSync(quiet, '#!/bin/bash\nwhile IFS= read -r line; do case "$line" in echo\\ *) v="${line#echo }"; echo "${v//\\"\\"/}";; *) echo "out:$line";; esac; done\n', { mode: 0o755 });
    const logger = recordingLogger();
    const session = new VirshSession({ uri, virshPath: quiet, callTimeoutMs: 5000, backoffMaxMs: 1000, logger });
    const first = await session.run(['a', 'b c']);
    expect(first.map((r) => r.output)).toEqual(['out:a', 'out:b c']);
    const second = await session.run(['d']);
    expect(second.map((r) => r.output)).toEqual(['out:d']);
    expect(logger.lines.filter((l) => l.msg.includes('does not echo'))).toHaveLength(1);
    // the first call once batched (no echo found), then again and later calls marked per command
    expect(session.stats).toMatchObject({ calls: 2, commands: 5, markers: 1 + 2 + 1 });
    await session.close();
  });
});

