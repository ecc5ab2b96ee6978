#!/usr/bin/env node
/**
 * Compute polling benchmark: one polling cycle of every compute meter over 10, 100 and 500 domains
 * of libvirt's test driver (generated Nova-like domains, `libvirtTestNode`), three columns in one run:
 *   - ours:     built `bin/ceilometer-polling --polling-namespaces compute --poll-cycles N` (samples
 *               as JSON lines to a pipe that counts them),
 *   - upstream: Python Ceilometer 19.0 (Debian python3-ceilometer): the AgentManager its
 *               `ceilometer-polling` builds, driven cycle by cycle by
 *               packages/test-services/python/upstream_polling.py (samples captured to a file
 *               instead of oslo.messaging), against a local Keystone/Nova stub for its flavor lookup,
 *   - floor:    the raw bulk statistics call for the same domains, `virsh domstats --raw`, one spawn.
 *
 * Steady state: a long-running agent's cycle, not its start-up. Each agent runs once with 1 cycle
 * and once with N cycles (`--interval` seconds apart); CPU per cycle = (CPU(N) - CPU(1)) / (N - 1)
 * of the whole process tree (GNU time: user + sys, reaped children included, so our virsh child
 * counts). Samples per cycle likewise. Peak RSS is the peak of the summed RSS of the process tree
 * (sampled from /proc every 50 ms: ours is node plus its virsh child; upstream is one process)
 * during the N-cycle run. Upstream's own per-cycle CPU (time.process_time around cycles 2..N) is
 * shown beside, as a check on the differential figure.
 *
 *   pnpm build && node bench/compute/run.mjs [--sizes 10,100,500] [--cycles 4] [--interval 2] [--repeat 1] [--json] [--no-install-anchors]
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureAnchor, requireAnchor } from '../lib/anchors.mjs';
import { Cleanup } from '../lib/cleanup.mjs';
import { measured as measureRun } from '../lib/measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LAUNCHER = join(ROOT, 'bin/ceilometer-polling');
const GNU_TIME = '/usr/bin/time';
const VIRSH = '/usr/bin/virsh';
const PYTHON = '/usr/bin/python3';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,100,500' },
    cycles: { type: 'string', default: '4' },
    interval: { type: 'string', default: '2' },
    repeat: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    'no-install-anchors': { type: 'boolean', default: false },
    'no-upstream': { type: 'boolean', default: false },
  },
});
const sizes = args.sizes.split(',').map(Number);
const cycles = Math.max(2, Number(args.cycles));
const interval = Number(args.interval);
const repeat = Math.max(1, Number(args.repeat));
const cleanup = new Cleanup('compute');

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

/** One measured run (bench/lib/measure.mjs), its child registered for clean-up. */
const measured = (command, argv, options) => measureRun(cleanup, command, argv, options);

function oursArgs(conf, n, publish) {
  return [LAUNCHER, '--config-file', conf, '--polling-namespaces', 'compute', '--poll-cycles', String(n), ...(publish ? ['--publish'] : [])];
}

/**
 * Ours, printed: samples as JSON lines on stdout (what upstream's capture does too: it writes each
 * sample dict as JSON). Ours, null: `--publish` with no destination (NullSink), the cost of polling
 * alone, to show what the printing costs.
 */
async function runOurs(conf, nullConf) {
  const env = { CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1' };
  const one = await measured(process.execPath, oursArgs(conf, 1, false), { name: 'ceilometer-polling (1 cycle)', env, countLines: true });
  const many = await measured(process.execPath, oursArgs(conf, cycles, false), { name: `ceilometer-polling (${cycles} cycles)`, env, countLines: true });
  const nullOne = await measured(process.execPath, oursArgs(nullConf, 1, true), { name: 'ceilometer-polling null (1 cycle)', env });
  const nullMany = await measured(process.execPath, oursArgs(nullConf, cycles, true), { name: `ceilometer-polling null (${cycles} cycles)`, env });
  // One-shot: the whole `ceilometer-polling --poll-once` process, start-up included, samples printed.
  const once = await measured(process.execPath, [LAUNCHER, '--config-file', conf, '--polling-namespaces', 'compute', '--poll-once'], { name: 'ceilometer-polling --poll-once', env, countLines: true });
  return {
    oneShotCpu: once.cpu,
    oneShotWall: once.wall,
    oneShotRssMiB: once.peakTreeRssKb / 1024,
    oneShotSamples: once.lines,
    cpuPerCycle: (many.cpu - one.cpu) / (cycles - 1),
    nullCpuPerCycle: (nullMany.cpu - nullOne.cpu) / (cycles - 1),
    samplesPerCycle: (many.lines - one.lines) / (cycles - 1),
    firstCycleSamples: one.lines,
    startAndOneCycleCpu: one.cpu,
    peakRssMiB: many.peakTreeRssKb / 1024,
    nullPeakRssMiB: nullMany.peakTreeRssKb / 1024,
    wallOneCycle: one.wall,
  };
}

async function runUpstream(ts, dir, uri, stub) {
  const run = async (n) => {
    const sub = join(dir, `upstream-${n}`);
    mkdirSync(sub, { recursive: true });
    const pollingFile = join(sub, 'polling.yaml');
    writeFileSync(pollingFile, ts.pollingYaml(['*'], 600));
    const conf = join(sub, 'ceilometer.conf');
    writeFileSync(conf, ts.upstreamComputeConf({ host: 'compute-bench', libvirtUri: uri, pollingFile, logFile: join(sub, 'upstream.log'), discoveryMethod: 'libvirt_metadata', serviceCredentials: stub.serviceCredentialsConf() }));
    const out = join(sub, 'samples.jsonl');
    const m = await measured(PYTHON, [ts.upstreamPollingScript(), '--out', out, '--cycles', String(n), '--interval', String(interval), '--', '--config-file', conf, '--polling-namespaces', 'compute'], { name: `upstream polling (${n} cycles)` });
    const stats = readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"stats"'))
      .map((l) => JSON.parse(l).stats);
    rmSync(out, { force: true });
    return { ...m, stats };
  };
  const one = await run(1);
  const many = await run(cycles);
  const steady = many.stats.slice(1);
  return {
    oneShotCpu: one.cpu,
    oneShotWall: one.wall,
    oneShotRssMiB: one.peakTreeRssKb / 1024,
    oneShotSamples: one.stats[0]?.samples,
    cpuPerCycle: (many.cpu - one.cpu) / (cycles - 1),
    ownCpuPerCycle: median(steady.map((s) => s.cpu_s)),
    ownWallPerCycle: median(steady.map((s) => s.wall_s)),
    samplesPerCycle: median(steady.map((s) => s.samples)),
    firstCycleSamples: one.stats[0]?.samples,
    startAndOneCycleCpu: one.cpu,
    peakRssMiB: many.peakTreeRssKb / 1024,
  };
}

async function runFloor(uri) {
  const m = await measured(VIRSH, ['-c', uri, 'domstats', '--raw'], { name: 'virsh domstats --raw', countLines: true });
  return { cpu: m.cpu, wall: m.wall, peakRssMiB: m.peakTreeRssKb / 1024, lines: m.lines };
}

async function main() {
  requireAnchor({ name: 'GNU time (CPU and peak RSS)', column: 'every run', path: GNU_TIME, debianPackages: ['time'] });
  requireAnchor({ name: 'virsh (libvirt test driver, floor)', column: 'floor', path: VIRSH, debianPackages: ['libvirt-clients'] });
  if (!existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js')) || !existsSync(join(ROOT, 'packages/test-services/dist/index.js'))) throw new Error('build first: pnpm build');
  const ours = ['plugins/inspector-libvirt/dist', 'plugins/pollsters-compute/dist'].every((p) => existsSync(join(ROOT, p)));
  if (!ours) console.log('SKIPPED column "ours": plugins/inspector-libvirt and plugins/pollsters-compute are not built in this checkout');
  const withUpstream =
    !args['no-upstream'] &&
    ensureAnchor({ name: 'upstream Ceilometer 19.0 polling', column: 'upstream', path: '/usr/bin/ceilometer-polling', debianPackages: ['ceilometer-polling'], check: () => existsSync('/usr/lib/python3/dist-packages/ceilometer/polling/manager.py') });
  const ts = await import('@ceilometer-ts/test-services');
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-bench-compute-'));
  cleanup.add('work dir', async () => rmSync(dir, { recursive: true, force: true }), () => rmSync(dir, { recursive: true, force: true }));
  const stub = await ts.startOpenStackStub();
  cleanup.add('keystone/nova stub', () => stub.stop());

  const results = [];
  for (const size of sizes) {
    const sub = join(dir, `n${size}`);
    const uri = await ts.writeLibvirtTestNode(sub, { domains: size });
    const pollingFile = join(sub, 'polling.yaml');
    writeFileSync(pollingFile, ts.pollingYaml(['*'], interval));
    const conf = join(sub, 'ceilometer.conf');
    writeFileSync(conf, ts.upstreamComputeConf({ host: 'compute-bench', libvirtUri: uri, pollingFile, discoveryMethod: 'libvirt_metadata', serviceCredentials: stub.serviceCredentialsConf() }));
    const nullConf = join(sub, 'ceilometer-null.conf');
    writeFileSync(nullConf, readFileSync(conf, 'utf8') + '\n[polling]\nenable_notifications = false\n');
    const runs = { ours: [], upstream: [], floor: [] };
    for (let i = 0; i < repeat; i++) {
      runs.floor.push(await runFloor(uri));
      if (withUpstream) runs.upstream.push(await runUpstream(ts, sub, uri, stub));
      if (ours) runs.ours.push(await runOurs(conf, nullConf));
      process.stderr.write('.');
    }
    const pick = (list, key) => median(list.map((r) => r[key]));
    const row = {
      domains: size,
      floor: { cpu: pick(runs.floor, 'cpu'), wall: pick(runs.floor, 'wall'), peakRssMiB: pick(runs.floor, 'peakRssMiB') },
      upstream: withUpstream
        ? Object.fromEntries(['cpuPerCycle', 'ownCpuPerCycle', 'ownWallPerCycle', 'samplesPerCycle', 'firstCycleSamples', 'startAndOneCycleCpu', 'peakRssMiB', 'oneShotCpu', 'oneShotWall', 'oneShotRssMiB', 'oneShotSamples'].map((k) => [k, pick(runs.upstream, k)]))
        : undefined,
      ours: ours ? Object.fromEntries(['cpuPerCycle', 'nullCpuPerCycle', 'samplesPerCycle', 'firstCycleSamples', 'startAndOneCycleCpu', 'peakRssMiB', 'nullPeakRssMiB', 'wallOneCycle', 'oneShotCpu', 'oneShotWall', 'oneShotRssMiB', 'oneShotSamples'].map((k) => [k, pick(runs.ours, k)])) : undefined,
    };
    if (row.ours && row.upstream) {
      row.ratios = {
        cpuOursOverUpstream: row.ours.cpuPerCycle / row.upstream.cpuPerCycle,
        rssOursOverUpstream: row.ours.peakRssMiB / row.upstream.peakRssMiB,
        oneShotCpuOursOverUpstream: row.ours.oneShotCpu / row.upstream.oneShotCpu,
        oneShotRssOursOverUpstream: row.ours.oneShotRssMiB / row.upstream.oneShotRssMiB,
      };
    }
    if (row.ours) row.ratios = { ...row.ratios, cpuOursOverFloor: row.ours.cpuPerCycle / row.floor.cpu };
    results.push(row);
    process.stderr.write(` ${size} domains done\n`);
  }
  await cleanup.run();

  if (args.json) {
    console.log(JSON.stringify({ node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), cycles, interval, repeat, results }, null, 2));
    return;
  }
  const f = (x, d = 3) => (x === undefined || !Number.isFinite(x) ? '' : x.toFixed(d));
  console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model}; steady cycle = (run of ${cycles} cycles - run of 1) / ${cycles - 1}, ${interval} s apart; median of ${repeat}`);
  console.log('| domains | ours CPU s/cycle (null sink) | upstream CPU s/cycle (own timer) | floor CPU s (virsh domstats) | ours samples/cycle | upstream samples/cycle | ours peak RSS MiB | upstream peak RSS MiB | ours/upstream CPU | ours/upstream RSS | ours/floor CPU |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.domains} | ${f(r.ours?.cpuPerCycle)} (${f(r.ours?.nullCpuPerCycle)}) | ${f(r.upstream?.cpuPerCycle)} (${f(r.upstream?.ownCpuPerCycle)}) | ${f(r.floor.cpu)} | ${f(r.ours?.samplesPerCycle, 0)} | ${f(r.upstream?.samplesPerCycle, 0)} | ${f(r.ours?.peakRssMiB, 0)} | ${f(r.upstream?.peakRssMiB, 0)} | ${f(r.ratios?.cpuOursOverUpstream, 3)} | ${f(r.ratios?.rssOursOverUpstream, 2)} | ${f(r.ratios?.cpuOursOverFloor, 2)} |`,
    );
  }
  console.log('');
  console.log('One-shot: the whole process for one cycle, start-up included (ours: `ceilometer-polling --poll-once`, printed; upstream: the in-process runner with --cycles 1, its whole python process)');
  console.log('| domains | ours CPU s | upstream CPU s | ours wall s | upstream wall s | ours samples | upstream samples | ours peak RSS MiB | upstream peak RSS MiB | ours/upstream CPU | ours/upstream RSS |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.domains} | ${f(r.ours?.oneShotCpu, 2)} | ${f(r.upstream?.oneShotCpu, 2)} | ${f(r.ours?.oneShotWall, 2)} | ${f(r.upstream?.oneShotWall, 2)} | ${f(r.ours?.oneShotSamples, 0)} | ${f(r.upstream?.oneShotSamples, 0)} | ${f(r.ours?.oneShotRssMiB, 0)} | ${f(r.upstream?.oneShotRssMiB, 0)} | ${f(r.ratios?.oneShotCpuOursOverUpstream, 3)} | ${f(r.ratios?.oneShotRssOursOverUpstream, 2)} |`,
    );
  }
  console.log('start-up + first cycle (process CPU s): ' + results.map((r) => `${r.domains}: ours ${f(r.ours?.startAndOneCycleCpu, 2)}, upstream ${f(r.upstream?.startAndOneCycleCpu, 2)}`).join('; '));
  console.log('ours peak RSS with the null sink (MiB): ' + results.map((r) => `${r.domains}: ${f(r.ours?.nullPeakRssMiB, 0)}`).join('; '));
  const last = results.find((r) => r.domains === 500);
  if (last?.ratios) {
    const t = last.ratios;
    console.log(
      `targets at 500 domains: CPU <= 1/10 of upstream: ${t.cpuOursOverUpstream <= 0.1 ? 'met' : 'MISSED'} (${f(t.cpuOursOverUpstream)}); RSS <= 1/2: ${t.rssOursOverUpstream <= 0.5 ? 'met' : 'MISSED'} (${f(t.rssOursOverUpstream, 2)}); CPU within 2x of the floor: ${t.cpuOursOverFloor <= 2 ? 'met' : 'MISSED'} (${f(t.cpuOursOverFloor, 2)})`,
    );
  }
}

await cleanup.main(main);
