/**
 * Compute compatibility with upstream Ceilometer 19.0 (Debian python3-ceilometer): our
 * `ceilometer-polling --polling-namespaces compute --poll-cycles 2` and upstream's compute polling
 * (`runUpstreamPolling`: the AgentManager its `ceilometer-polling` builds, samples captured) on
 *   - libvirt's test driver, a generated node of 12 Nova-like domains (every metadata version,
 *     state, disk and NIC kind: `libvirtTestNode`), and
 *   - a real QEMU guest (`startLibvirtQemu`: the run's guest named by `CEILO_TEST_LIBVIRT_URI`, else
 *     one of its own through scripts/services/start-libvirt-qemu.sh; skipped when none can run),
 *   - and without Keystone: upstream 19.0 polls nothing there, ours the same samples (flavor id = name).
 * Upstream runs before and after ours; for every meter both produce, the (meter, type, unit,
 * resource_id) tuples, the metadata keys and values and the volumes must agree (see
 * compute-compat-helpers.ts for how moving volumes are bracketed). Every difference allowed here
 * is explained in plugins/pollsters-compute/README.md, "Differences from upstream".
 *
 * Upstream gets a Keystone v3 + Nova flavors stub (19.0 looks flavor ids up even with
 * libvirt_metadata); ours the same [service_credentials]. `CEILO_COMPAT_REPORT_DIR=DIR` writes
 * every difference of every cycle there as JSON; `CEILO_COMPAT_SOFT=1` only reports them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LIBVIRT_TEST_FLAVORS,
  LibvirtQemuUnavailableError,
  startLibvirtQemu,
  type LibvirtQemuService,
  pollingYaml,
  runUpstreamPolling,
  startOpenStackStub,
  upstreamComputeConf,
  upstreamPollingUnavailable,
  writeLibvirtTestNode,
  type OpenStackStub,
  type UpstreamSample,
} from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCycle, deltaDiffs, describeComparison, fromOurs, fromUpstream, splitCycles, type Comparable, type CompareOptions } from './compute-compat-helpers.js';
import { crashLines, jsonLines, launcherBuilt, ROOT, runPolling, tempDir, type TempDir } from './polling-helpers.js';

const CYCLES = 2;
const INTERVAL = 2;

const computePlugins = ['plugins/inspector-libvirt/package.json', 'plugins/pollsters-compute/package.json'].every((p) => existsSync(join(ROOT, p)));
const upstreamMissing = upstreamPollingUnavailable();
const why = upstreamMissing ?? (!existsSync('/usr/bin/virsh') ? 'virsh (libvirt-clients) is not installed' : !computePlugins ? 'the compute plugins are not in this checkout' : !launcherBuilt() ? 'pnpm build first' : undefined);
if (why) console.warn(`skipping the compute compatibility tests: ${why}`);

/** Meters we produce and upstream 19.0 does not: master's additions, rates we compute, memory.util (README "Differences from upstream"). */
const OURS_ONLY_METERS = new Set([
  'vcpus',
  'memory.util',
  'power.state',
  'disk.root.size',
  'disk.ephemeral.size',
  'network.incoming.bytes.rate',
  'network.outgoing.bytes.rate',
  'disk.device.iops',
  'disk.device.latency',
  'cpu_util',
  'memory',
  'memory.available',
  'memory.max',
]);

/** Metadata keys we add, as upstream master does (Nova 2025.2 metadata: image_meta, flavor extra specs). */
const COMPARE: CompareOptions = { oursExtraMetadataKeys: ['image_meta', 'flavor.extra_specs'], ignoreMetadataValues: [] };

interface SideBySide {
  readonly upA: Comparable[][];
  readonly ours: Comparable[][];
  readonly upB: Comparable[][];
  readonly oursStderr: string;
}

async function runBoth(tmp: TempDir, uri: string, stub: OpenStackStub, name: string, oursCredentials = true): Promise<SideBySide> {
  const up = async (tag: string): Promise<Comparable[][]> => {
    const run = await runUpstreamPolling({ dir: join(tmp.dir, `${name}-${tag}`), libvirtUri: uri, cycles: CYCLES, intervalSeconds: INTERVAL, openstack: stub });
    return run.cycles.map((c: readonly UpstreamSample[]) => c.map(fromUpstream));
  };
  const upA = await up('a');
  const polling = tmp.write(`${name}-ours/polling.yaml`, pollingYaml(['*'], INTERVAL));
  const conf = tmp.write(
    `${name}-ours/ceilometer.conf`,
    upstreamComputeConf({ host: 'compute-test', libvirtUri: uri, pollingFile: polling, discoveryMethod: 'libvirt_metadata', serviceCredentials: oursCredentials ? stub.serviceCredentialsConf() : '' }),
  );
  const result = await runPolling(['--config-file', conf, '--polling-namespaces', 'compute', '--poll-cycles', String(CYCLES)], { timeoutMs: 120_000 });
  expect(crashLines(result.stderr)).toEqual([]);
  const ours = splitCycles(jsonLines(result.stdout).map(fromOurs), CYCLES);
  const upB = await up('b');
  return { upA, ours, upB, oursStderr: result.stderr };
}

/** Our delta meters are the differences of our own counters between the two cycles. */
function checkDeltas(sides: SideBySide): void {
  const { checked, diffs } = deltaDiffs(sides.ours);
  expect(checked).toBeGreaterThan(0);
  expect(diffs).toEqual([]);
}

function check(sides: SideBySide, cycle: number, label: string): void {
  const c = compareCycle(sides.ours[cycle]!, sides.upA[cycle]!, sides.upB[cycle]!, { ...COMPARE, firstCycle: cycle === 0 });
  const text = describeComparison(c);
  // the whole comparison (every difference, not the first 25 of each kind) for a closer look
  const report = process.env['CEILO_COMPAT_REPORT_DIR'];
  if (report) writeFileSync(join(report, `${label}-cycle${cycle + 1}.json`), JSON.stringify({ comparison: c, ours: sides.ours[cycle], upstream: sides.upA[cycle] }, null, 1));
  console.log(`cycle ${cycle + 1}: ${text}`);
  if (process.env['CEILO_COMPAT_SOFT']) return;
  expect(c.compared, text).toBeGreaterThan(0);
  expect(c.onlyUpstream, text).toEqual([]);
  expect(c.onlyOurs.filter((m) => !OURS_ONLY_METERS.has(m)), text).toEqual([]);
  expect(c.tuplesOnlyOurs, text).toEqual([]);
  expect(c.tuplesOnlyUpstream, text).toEqual([]);
  expect(c.metadataKeyDiffs, text).toEqual([]);
  expect(c.metadataValueDiffs, text).toEqual([]);
  expect(c.ownerDiffs, text).toEqual([]);
  expect(c.volumeDiffs, text).toEqual([]);
}

describe.skipIf(why !== undefined)('compute meters: ours and upstream Ceilometer 19.0 on the same libvirt', () => {
  let tmp: TempDir;
  let stub: OpenStackStub;
  let guest: LibvirtQemuService | undefined;
  beforeAll(async () => {
    tmp = tempDir('ceilo-compute-compat-');
    stub = await startOpenStackStub({
      // the shared QEMU guest's flavor, beside the generated domains' ones
      flavors: [...LIBVIRT_TEST_FLAVORS, { id: '42', name: 'm1.nano', ram: 192, disk: 1, vcpus: 1, ephemeral: 0, swap: 0, extraSpecs: {} }],
    });
  });
  afterAll(async () => {
    await guest?.stop();
    await stub?.stop();
    tmp?.cleanup();
  });

  it('libvirt test driver, 12 Nova-like domains: same tuples, metadata and volumes on both cycles', async () => {
    const uri = await writeLibvirtTestNode(tmp.dir, { domains: 12 });
    const sides = await runBoth(tmp, uri, stub, 'test-driver');
    check(sides, 0, 'test-driver');
    check(sides, 1, 'test-driver');
    checkDeltas(sides);
  }, 180_000);

  it('without Keystone: upstream 19.0 polls nothing, ours polls the same with the flavor name as its id', async () => {
    const uri = await writeLibvirtTestNode(join(tmp.dir, 'no-keystone'), { domains: 6 });
    // a stub that is no longer listening: what 19.0 meets when Keystone is away
    const gone = await startOpenStackStub();
    await gone.stop();
    const upstream = await runUpstreamPolling({ dir: join(tmp.dir, 'no-keystone-upstream'), libvirtUri: uri, openstack: gone });
    expect(upstream.cycles[0]).toEqual([]);
    expect(readFileSync(upstream.logFile, 'utf8')).toContain('Skipping local_instances, keystone issue');

    const sides = await runBoth(tmp, uri, stub, 'no-keystone', false);
    for (const cycle of [0, 1]) {
      // ours cannot ask Nova: a flavor without an id in the metadata keeps its name as id (upstream's own fallback)
      let named = 0;
      const upstreamFlavor = new Map(sides.upA[cycle]!.map((s) => [s.resource_id, s.resource_metadata['flavor']]));
      const ours = sides.ours[cycle]!.map((s) => {
        const flavor = s.resource_metadata['flavor'] as { id?: unknown; name?: unknown } | undefined;
        if (!flavor || flavor.id !== flavor.name || !upstreamFlavor.has(s.resource_id)) return s;
        named += 1;
        const theirs = upstreamFlavor.get(s.resource_id) as { id?: unknown };
        return { ...s, resource_metadata: { ...s.resource_metadata, flavor: { ...flavor, id: theirs.id } } };
      });
      expect(named).toBeGreaterThan(0);
      check({ ...sides, ours: sides.ours.map((c, i) => (i === cycle ? ours : c)) }, cycle, 'no-keystone');
    }
  }, 180_000);

  it('real QEMU guest: same tuples, metadata and volumes on both cycles', async (ctx) => {
    // the run's shared guest (CEILO_TEST_LIBVIRT_URI, started by test-all.sh) or one of our own
    try {
      guest = await startLibvirtQemu();
    } catch (err) {
      if (err instanceof LibvirtQemuUnavailableError) {
        console.warn(`skipping the QEMU guest comparison: ${err.message}`);
        ctx.skip();
        return;
      }
      throw err;
    }
    const sides = await runBoth(tmp, guest.uri, stub, 'qemu');
    // the guest's block, NIC, balloon and CPU counters are real here: the meters the test driver cannot give
    const names = new Set(sides.upA[1]!.map((s) => s.name));
    for (const m of ['cpu', 'memory.usage', 'disk.device.read.bytes', 'disk.device.write.requests', 'network.incoming.bytes', 'network.outgoing.bytes.delta']) expect(names).toContain(m);
    check(sides, 0, 'qemu');
    check(sides, 1, 'qemu');
    checkDeltas(sides);
  }, 180_000);
});
