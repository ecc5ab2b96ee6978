#!/usr/bin/env node
/**
 * SNMP benchmark: one sweep of the full Stein hardware OID set over 1, 50 and 200 local snmpd
 * agents by ceilometer-ts's SNMP inspector, by net-snmp's command-line tools (the floor) and by
 * Debian's prometheus-snmp-exporter (the peer), in the same run, on the same agents.
 * Needs `pnpm build` (or `npx tsc -b plugins/inspector-snmp`) and Debian's snmpd and snmp
 * packages; the floor column needs GNU time, the peer column prometheus-snmp-exporter. A missing
 * anchor is installed as the test script does (as root), else its column is skipped with a line.
 *
 *   node bench/snmp/run.mjs [--sizes 1,50,200] [--sweeps 3] [--floor-sweeps 1] [--parallel 64] [--fleet DATA_DIR] [--no-install-anchors]
 *
 * --fleet reuses agents started by scripts/services/start-snmpd.sh (its DATA_DIR); otherwise the
 * benchmark starts max(sizes) agents itself and stops them on every exit path (end, error,
 * SIGINT/SIGTERM, uncaught error: see ../lib/cleanup.mjs).
 * Environment: CEILO_BENCH_SNMP_EXPORTER (the exporter binary, default
 * /usr/bin/prometheus-snmp-exporter), CEILO_BENCH_PIDS_FILE (see ../lib/cleanup.mjs),
 * CEILO_BENCH_FAULT=uncaught|hang (tests only: throw an uncaught error, or wait for a signal,
 * once the agents are up).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAnchor, requireAnchor } from '../lib/anchors.mjs';
import { Cleanup } from '../lib/cleanup.mjs';
import { exporterConfig } from './exporter-config.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const SIZES = String(arg('sizes', '1,50,200')).split(',').map(Number);
const SWEEPS = Number(arg('sweeps', 3));
const FLOOR_SWEEPS = Number(arg('floor-sweeps', 1));
const PARALLEL = Number(arg('parallel', 64));
const FLEET = arg('fleet', '');
const EXPORTER = process.env.CEILO_BENCH_SNMP_EXPORTER || '/usr/bin/prometheus-snmp-exporter';
const FAULT = process.env.CEILO_BENCH_FAULT || '';
const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OIDS = JSON.parse(readFileSync(join(ROOT, 'plugins/inspector-snmp/test/fixtures/stein-oids.json'), 'utf8'));
if (!existsSync(join(ROOT, 'plugins/inspector-snmp/dist/index.js'))) {
  console.error('plugins/inspector-snmp/dist is missing: run "pnpm build" first');
  process.exit(1);
}

// --- anchors, before anything is started -----------------------------------------------------------
if (!FLEET) requireAnchor({ name: 'net-snmp snmpd', column: 'agents', path: '/usr/sbin/snmpd', debianPackages: ['snmpd', 'snmp'] });
const withFloor =
  ensureAnchor({ name: 'net-snmp CLI', column: 'net-snmp CLI (floor)', path: '/usr/bin/snmpbulkwalk', debianPackages: ['snmp'] }) &&
  ensureAnchor({ name: 'GNU time', column: 'net-snmp CLI (floor)', path: '/usr/bin/time', debianPackages: ['time'] });
let withPeer = ensureAnchor({ name: 'prometheus-snmp-exporter', column: 'prometheus-snmp-exporter (peer)', path: EXPORTER, debianPackages: ['prometheus-snmp-exporter'] });

const cleanup = new Cleanup('bench snmp');
const work = mkdtempSync(join(tmpdir(), 'ceilo-bench-snmp-'));
cleanup.add('work dir', async () => rmSync(work, { recursive: true, force: true }), () => rmSync(work, { recursive: true, force: true }));
const cliEnv = { ...process.env, MIBS: '', SNMPCONFPATH: work, SNMP_PERSISTENT_DIR: work };
/** Runs a command to completion as a tracked child (stopped on any exit path); resolves with its output. */
const run = (cmd, args, env = process.env, name = cmd) =>
  new Promise((resolve, reject) => {
    const child = cleanup.spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }, { name });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.failed.catch((err) => reject(new Error(`${cmd}: ${err.message}`)));
    void child.exited.then(({ code, signal }) => (code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`${cmd}: exit ${code ?? signal}\n${stderr}`))));
  });
const parseEnv = (text) => Object.fromEntries(text.split('\n').filter((l) => /^[A-Z_0-9]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const procCpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
};
const procKb = (pid, field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

async function pool(items, limit, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

await cleanup.main(async () => {
  // --- agents --------------------------------------------------------------------------------------
  let fleetDir = FLEET;
  if (!fleetDir) {
    fleetDir = join(work, 'fleet');
    // registered before the start: an interrupted start is stopped too (stop.list is written first)
    const fleetService = cleanup.service('snmpd fleet', fleetDir, join(ROOT, 'scripts/services/stop-service.sh'));
    const base = 20000 + Math.floor(Math.random() * 30000);
    console.error(`starting ${Math.max(...SIZES)} snmpd agents from udp ${base} ...`);
    try {
      await run('bash', [join(ROOT, 'scripts/services/start-snmpd.sh'), fleetDir], { ...process.env, SNMPD_PORT: String(base), SNMPD_COUNT: String(Math.max(...SIZES)) }, 'start-snmpd.sh');
    } finally {
      fleetService.recordPids();
    }
  }
  const fleet = parseEnv(readFileSync(join(fleetDir, 'service.env'), 'utf8'));
  const allPorts = fleet.SNMPD_PORTS.split(' ').map(Number);
  const community = fleet.SNMPD_COMMUNITY || 'public';
  if (allPorts.length < Math.max(...SIZES)) throw new Error(`the fleet has ${allPorts.length} agents, fewer than ${Math.max(...SIZES)}`);
  const agentPss = Number(fleet.SNMPD_PSS_KB || 0) / allPorts.length;
  const agentRss = Number(fleet.SNMPD_RSS_KB || 0) / allPorts.length;

  // --- the peer: prometheus-snmp-exporter -----------------------------------------------------------
  const exporterPort = await freePort();
  writeFileSync(join(work, 'snmp.yml'), exporterConfig(OIDS, community));
  let exporter;
  const agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL });
  cleanup.add('http agent', async () => agent.destroy(), () => agent.destroy());
  const httpGet = (path) =>
    new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: exporterPort, path, agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (body += c));
          res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${res.statusCode}: ${body.slice(0, 200)}`))));
        })
        .on('error', reject);
    });
  if (withPeer) {
    exporter = cleanup.spawn(EXPORTER, [`--config.file=${join(work, 'snmp.yml')}`, `--web.listen-address=127.0.0.1:${exporterPort}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'inherit'] }, { name: 'prometheus-snmp-exporter' });
    const ready = (async () => {
      for (let i = 0; ; i++) {
        try {
          await httpGet('/metrics');
          return;
        } catch (err) {
          if (i > 100 || exporter.exitCode !== null) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    })();
    try {
      await Promise.race([ready, exporter.failed]);
    } catch (err) {
      ready.catch(() => {});
      console.log(`SKIPPED column "prometheus-snmp-exporter (peer)": ${EXPORTER} did not start: ${err.message}`);
      withPeer = false;
    }
  }
  if (FAULT === 'uncaught') setTimeout(() => {
    throw new Error('injected fault (CEILO_BENCH_FAULT=uncaught)');
  }, 10);
  if (FAULT === 'hang') {
    console.error('agents up; waiting for a signal (CEILO_BENCH_FAULT=hang)');
    await new Promise(() => setInterval(() => {}, 1 << 30));
  }

  // --- measurements ----------------------------------------------------------------------------------
  async function ours(ports) {
    const { stdout } = await run(process.execPath, [join(HERE, 'ours.mjs'), '--ports', ports.join(','), '--sweeps', String(SWEEPS), '--parallel', String(PARALLEL), '--community', community], process.env, 'ours.mjs');
    const r = JSON.parse(stdout);
    const bad = r.sweeps.find((s) => s.failed);
    if (bad) throw new Error(`ours: ${bad.failed} hosts failed: ${bad.error}`);
    const warm = r.sweeps.length > 1 ? r.sweeps.slice(1) : r.sweeps;
    return {
      wallMs: median(warm.map((s) => s.wallMs)),
      cpuMs: median(warm.map((s) => s.cpuMs)),
      coldWallMs: r.sweeps[0].wallMs,
      coldCpuMs: r.sweeps[0].cpuMs,
      rssMb: r.maxRssKb / 1024,
      values: r.sweeps[0].values,
    };
  }

  const oidsFile = join(work, 'oids.txt');
  writeFileSync(oidsFile, `${OIDS.scalars.map((o) => `.${o}`).join(' ')}\n${OIDS.subtrees.map((o) => `.${o}`).join(' ')}\n`);
  async function floor(ports) {
    const walls = [];
    const cpus = [];
    let rss = 0;
    for (let s = 0; s < FLOOR_SWEEPS; s++) {
      const script = `printf '%s\\n' ${ports.join(' ')} | xargs -P ${PARALLEL} -I{} ${join(HERE, 'cli-host.sh')} {} ${community} ${oidsFile}`;
      const t0 = performance.now();
      const { stderr } = await run('/usr/bin/time', ['-f', 'TIME %e %U %S %M', 'bash', '-c', script], cliEnv, 'net-snmp CLI sweep');
      walls.push(performance.now() - t0);
      const [, , user, sys, maxKb] = /TIME (\S+) (\S+) (\S+) (\S+)/.exec(stderr);
      cpus.push((Number(user) + Number(sys)) * 1000);
      rss = Math.max(rss, Number(maxKb) / 1024);
    }
    return { wallMs: median(walls), cpuMs: median(cpus), rssMb: rss };
  }

  async function peer(ports) {
    const walls = [];
    const cpus = [];
    let series = 0;
    for (let s = 0; s < SWEEPS; s++) {
      const cpu0 = procCpuMs(exporter.pid);
      const t0 = performance.now();
      await pool(ports, PARALLEL, async (p) => {
        const body = await httpGet(`/snmp?module=ceilo&target=127.0.0.1:${p}`);
        if (s === 0 && p === ports[0]) series = body.split('\n').filter((l) => l && !l.startsWith('#') && !l.startsWith('snmp_scrape')).length;
      });
      walls.push(performance.now() - t0);
      cpus.push(procCpuMs(exporter.pid) - cpu0);
    }
    return { wallMs: median(walls), cpuMs: median(cpus), rssMb: procKb(exporter.pid, 'VmHWM') / 1024, series };
  }

  const rows = [];
  for (const n of SIZES) {
    const ports = allPorts.slice(0, n);
    console.error(`sweeping ${n} agents ...`);
    const o = await ours(ports);
    const f = withFloor ? await floor(ports) : undefined;
    const p = withPeer ? await peer(ports) : undefined;
    rows.push({ n, ours: o, floor: f, peer: p });
    console.error(JSON.stringify(rows.at(-1)));
  }
  // the agents and the exporter are stopped before the report, by the same code as on any other exit
  await cleanup.run();

  const f1 = (x) => x.toFixed(1);
  const f2 = (x) => x.toFixed(2);
  console.log(`\nSNMP sweep of the Stein OID set (${OIDS.scalars.length} scalars + ${OIDS.subtrees.length} table columns per host), v2c, ${PARALLEL} hosts in parallel`);
  console.log(`agents: net-snmp snmpd 5.9.3, ${f1(agentRss / 1024)} MB RSS / ${f1(agentPss / 1024)} MB PSS each; ours: warm sweeps (median of ${Math.max(1, SWEEPS - 1)}), first sweep in brackets\n`);
  console.log('| hosts | tool | sweep wall ms | CPU ms per host poll | peak RSS MB | wall / floor | CPU / floor |');
  console.log('|---:|---|---:|---:|---:|---:|---:|');
  const ratio = (x, floorValue) => (floorValue === undefined ? 'n/a' : f2(x / floorValue));
  for (const { n, ours: o, floor: f, peer: p } of rows) {
    console.log(`| ${n} | ceilometer-ts inspector | ${f1(o.wallMs)} (${f1(o.coldWallMs)}) | ${f2(o.cpuMs / n)} (${f2(o.coldCpuMs / n)}) | ${f1(o.rssMb)} | ${ratio(o.wallMs, f?.wallMs)} | ${ratio(o.cpuMs, f?.cpuMs)} |`);
    if (f) console.log(`| ${n} | net-snmp CLI (floor) | ${f1(f.wallMs)} | ${f2(f.cpuMs / n)} | ${f1(f.rssMb)} (largest process) | 1.00 | 1.00 |`);
    else console.log(`| ${n} | net-snmp CLI (floor) | skipped | | | | |`);
    if (p) console.log(`| ${n} | prometheus-snmp-exporter 0.21 (peer) | ${f1(p.wallMs)} | ${f2(p.cpuMs / n)} | ${f1(p.rssMb)} | ${ratio(p.wallMs, f?.wallMs)} | ${ratio(p.cpuMs, f?.cpuMs)} |`);
    else console.log(`| ${n} | prometheus-snmp-exporter (peer) | skipped | | | | |`);
  }
  const last = rows.at(-1);
  if (last.peer) console.log(`\nours / peer at ${last.n} hosts: wall ${f2(last.ours.wallMs / last.peer.wallMs)}, CPU ${f2(last.ours.cpuMs / last.peer.cpuMs)}`);
  console.log(`values per host (ours): ${Math.round(rows[0].ours.values / rows[0].n)}; exporter series per host: ${rows[0].peer?.series ?? 'n/a (skipped)'}`);
});
