/**
 * How the libvirt inspector talks to libvirt: one long-lived read-only virsh taking commands on
 * stdin (what the inspector does) against one virsh spawn per command, on the same domains.
 *
 *   node bench/compute/transport.mjs [--sizes 10,100,500] [--cycles 5] [--qemu URI]
 *
 * Needs `pnpm -s build` (it drives the built inspector). For each test-driver size it measures
 *   bulk:  the per-cycle bulk read (`list --all --uuid --name` + `domstats --raw`)
 *   cycle: everything a compute polling cycle asks of the test driver through the inspector
 *          (bulk read, per-domain dommemstat/domifstat/domblkinfo fallbacks; XML cached)
 * and prints wall ms and CPU ms (this process + virsh) per cycle, median of --cycles after a warm-up.
 * With --qemu URI (a real libvirtd, e.g. scripts/services/start-libvirt-qemu.sh's LIBVIRT_URI) the
 * same for its domains (there every statistic comes from the bulk read).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibvirtInspector } from '../../plugins/inspector-libvirt/dist/index.js';
import { MapCycleCache, MapServiceRegistry, silentLogger } from '../../packages/sdk/dist/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('sizes', '10,100,500').split(',').map(Number);
const cycles = Number(arg('cycles', '5'));
const qemuUri = arg('qemu', process.env.CEILO_TEST_LIBVIRT_URI ?? '');
const TICK_MS = 1000 / 100; // USER_HZ

/** utime + stime of a process (ms), from /proc. */
function procCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}
/** CPU of this process plus its reaped children (ms). */
function selfAndChildrenCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000 + (Number(f[13]) + Number(f[14])) * TICK_MS;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A node XML with n Nova-like domains: 1-3 disks, 1-2 NICs, a balloon on most (test driver). */
function nodeXml(n) {
  const hex = (i, w) => i.toString(16).padStart(w, '0');
  const domains = [];
  for (let i = 1; i <= n; i++) {
    const uuid = `${hex(i, 8)}-0000-4000-8000-${hex(i, 12)}`;
    const disks = ['vda', 'vdb', 'vdc'].slice(0, 1 + (i % 3))
      .map((d) => `<disk type='file' device='disk'><source file='/var/lib/nova/instances/${uuid}/${d}'/><target dev='${d}' bus='virtio'/></disk>`).join('');
    const nics = [0, 1].slice(0, 1 + (i % 2))
      .map((k) => `<interface type='bridge'><mac address='fa:16:3e:${hex(k, 2)}:${hex(i >> 8, 2)}:${hex(i & 255, 2)}'/><source bridge='br-int'/><target dev='tap${hex(i, 6)}-${k}'/><model type='virtio'/></interface>`).join('');
    const balloon = i % 5 === 0 ? '' : "<memballoon model='virtio'><stats period='10'/></memballoon>";
    domains.push(`<domain type='test'><name>instance-${hex(i, 8)}</name><uuid>${uuid}</uuid><metadata>
<nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1"><nova:name>vm-${i}</nova:name>
<nova:flavor name="m1.small"><nova:memory>2048</nova:memory><nova:disk>20</nova:disk><nova:swap>0</nova:swap><nova:ephemeral>0</nova:ephemeral><nova:vcpus>1</nova:vcpus></nova:flavor>
<nova:owner><nova:user uuid="u${i % 7}">u</nova:user><nova:project uuid="p${i % 3}">p</nova:project></nova:owner><nova:root type="image" uuid="img-1"/></nova:instance></metadata>
<memory unit='KiB'>2097152</memory><currentMemory unit='KiB'>2097152</currentMemory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os><devices>${disks}${nics}${balloon}</devices></domain>`);
  }
  return `<node><cpu><nodes>1</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads><active>2</active><mhz>2400</mhz><model>x86_64</model></cpu><memory>16777216</memory>\n${domains.join('\n')}\n</node>\n`;
}

function newCycle() {
  return { cache: new MapCycleCache(), timestamp: new Date().toISOString(), sourceName: 'bench', signal: new AbortController().signal };
}
const config = (uri) => ({ has: (g, n) => g === 'DEFAULT' && n === 'libvirt_uri', get: () => uri, group: () => ({}), files: [], configDirs: [], findFile: () => undefined });

/** One compute cycle through the inspector: what every compute pollster together asks. */
async function inspectorCycle(insp, bulkOnly) {
  const cycle = newCycle();
  const domains = await insp.listDomains(cycle);
  if (bulkOnly) return domains.length;
  await Promise.all(domains.filter((d) => d.state !== 5).map(async (d) => {
    const instance = { id: d.uuid, instanceName: d.name };
    await insp.inspectInstance(instance, cycle);
    await insp.inspectVnics(instance, cycle);
    await insp.inspectDisks(instance, cycle).catch(() => []);
    await insp.inspectDiskInfo(instance, cycle);
  }));
  return domains.length;
}

/** The long-lived virsh (the inspector itself). */
async function measureLongLived(uri, bulkOnly) {
  const insp = new LibvirtInspector({ config: config(uri), logger: silentLogger, services: new MapServiceRegistry() });
  const t0 = performance.now();
  await inspectorCycle(insp, bulkOnly); // warm-up: starts virsh, reads every XML
  const firstMs = performance.now() - t0;
  const walls = [];
  const cpus = [];
  for (let i = 0; i < cycles; i++) {
    const pid = insp.session.pid;
    const c0 = selfAndChildrenCpuMs() + procCpuMs(pid);
    const w0 = performance.now();
    await inspectorCycle(insp, bulkOnly);
    walls.push(performance.now() - w0);
    cpus.push(selfAndChildrenCpuMs() + procCpuMs(pid) - c0);
  }
  const commands = insp.session.stats.commands;
  await insp.close();
  return { firstMs, wallMs: median(walls), cpuMs: median(cpus), commandsPerCycle: Math.round((commands - 0) / (cycles + 1)) };
}

/** Most spawns measured per cycle; a longer cycle is extrapolated from this sample. */
const SPAWN_SAMPLE = 150;

/** The same commands, one `virsh -r -c URI CMD` spawn each (a sample of them, scaled to all). */
function measureSpawnPerCommand(uri, allCommands) {
  const walls = [];
  const cpus = [];
  const commands = allCommands.length > SPAWN_SAMPLE ? allCommands.filter((_, i) => i % Math.ceil(allCommands.length / SPAWN_SAMPLE) === 0) : allCommands;
  const scale = allCommands.length / commands.length;
  for (let i = 0; i < (scale > 1 ? 1 : Math.min(cycles, 3)); i++) {
    const c0 = selfAndChildrenCpuMs();
    const w0 = performance.now();
    for (const command of commands) {
      const r = spawnSync('virsh', ['-q', '-r', '-c', uri, ...command.split(' ')], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
      if (r.status !== 0 && !/not supported|not a known|invalid path/.test(r.stderr)) throw new Error(`${command}: ${r.stderr}`);
    }
    walls.push((performance.now() - w0) * scale);
    cpus.push((selfAndChildrenCpuMs() - c0) * scale);
  }
  return { wallMs: median(walls), cpuMs: median(cpus), extrapolated: scale > 1 };
}

/** The commands one steady cycle sends (bulk + fallbacks), as the inspector would. */
async function cycleCommands(uri, bulkOnly) {
  const insp = new LibvirtInspector({ config: config(uri), logger: silentLogger, services: new MapServiceRegistry() });
  const sent = [];
  const run = insp.session.run.bind(insp.session);
  await inspectorCycle(insp, bulkOnly); // XML cached
  insp.session.run = (commands) => {
    sent.push(...commands);
    return run(commands);
  };
  await inspectorCycle(insp, bulkOnly);
  await insp.close();
  return sent;
}

const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const rows = [];
async function measure(label, uri, domains) {
  for (const bulkOnly of [true, false]) {
    const what = bulkOnly ? 'bulk read' : 'full cycle';
    const longLived = await measureLongLived(uri, bulkOnly);
    const commands = await cycleCommands(uri, bulkOnly);
    const spawn = measureSpawnPerCommand(uri, commands);
    const star = spawn.extrapolated ? ' *' : '';
    rows.push([label, domains, what, commands.length, fmt(longLived.firstMs), fmt(longLived.wallMs), fmt(longLived.cpuMs), fmt(spawn.wallMs) + star, fmt(spawn.cpuMs) + star]);
    console.error(`${label} ${domains} ${what}: long-lived ${fmt(longLived.wallMs)} ms wall / ${fmt(longLived.cpuMs)} ms CPU; spawn per command ${fmt(spawn.wallMs)} ms / ${fmt(spawn.cpuMs)} ms (${commands.length} commands)`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ceilo-bench-transport-'));
try {
  for (const n of sizes) {
    const path = join(dir, `node-${n}.xml`);
    writeFileSync(path, nodeXml(n));
    await measure('test driver', `test://${path}`, n);
  }
  if (qemuUri) await measure('QEMU (libvirtd)', qemuUri, 'guest');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log('| libvirt | domains | what | commands per cycle | long-lived: first cycle ms | long-lived: wall ms | long-lived: CPU ms | spawn per command: wall ms | spawn per command: CPU ms |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log(`\n\* extrapolated from ${SPAWN_SAMPLE} evenly spread spawns of the cycle's commands.`);
