/**
 * The upstream runner: Python Ceilometer 19.0's compute polling on a test-driver node, against the
 * Keystone/Nova stub, samples captured per cycle. Skipped without python3-ceilometer / virsh.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { libvirtTestDomains, runUpstreamPolling, startOpenStackStub, upstreamPollingUnavailable, writeLibvirtTestNode } from '../src/index.js';

const unavailable = upstreamPollingUnavailable();
if (unavailable) console.warn(`skipping the upstream runner test: ${unavailable}`);
const dir = mkdtempSync(join(tmpdir(), 'ceilo-upstream-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(unavailable !== undefined)('runUpstreamPolling', () => {
  it('polls every compute meter of the test node for two cycles, asking the stub for a token and flavors', async () => {
    const uri = await writeLibvirtTestNode(dir, { domains: 4 });
    const stub = await startOpenStackStub();
    try {
      const run = await runUpstreamPolling({ dir, libvirtUri: uri, cycles: 2, openstack: stub });
      expect(run.cycles).toHaveLength(2);
      expect(run.stats.map((s) => s.samples)).toEqual(run.cycles.map((c) => c.length));
      const withMetadata = libvirtTestDomains({ domains: 4 }).filter((d) => d.metadata !== 'none');
      const cpu = run.cycles[0]!.filter((s) => s.counter_name === 'cpu');
      // upstream skips the shut-off domains (none among the first 4) and the one without metadata
      expect(new Set(cpu.map((s) => s.resource_id))).toEqual(new Set(withMetadata.map((d) => d.uuid)));
      expect(cpu[0]!.resource_metadata['instance_host']).toBe('compute-test');
      // the delta meter needs the previous poll: absent in cycle 1, present in cycle 2
      const names = (n: number): Set<string> => new Set(run.cycles[n]!.map((s) => s.counter_name));
      expect(names(1)).toContain('network.incoming.bytes.delta');
      expect(stub.requests.some((r) => r.url === '/v3/auth/tokens' && r.status === 201)).toBe(true);
      expect(stub.requests.some((r) => r.url.startsWith('/v2.1/flavors') && r.status === 200)).toBe(true);
      expect(readFileSync(run.logFile, 'utf8')).toContain('Polling pollster cpu');
    } finally {
      await stub.stop();
    }
  }, 120_000);
});
