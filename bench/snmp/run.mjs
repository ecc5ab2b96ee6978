#!/usr/bin/env node
/**
 * SNMP benchmark: one sweep of the full Stein hardware OID set over 1, 50 and 200 local snmpd
 * agents by ceilometer-ts's SNMP inspector, by net-snmp's command-line tools (the floor) and by
 * Debian's prometheus-snmp-exporter (the peer), in the same run, on the same agents.
 * Needs `pnpm build` (or `npx tsc -b plugins/inspector-snmp`) and Debian's snmpd, snmp and
 * prometheus-snmp-exporter packages.
 *
 *   node bench/snmp/run.mjs [--sizes 1,50,200] [--sweeps 3] [--floor-sweeps 1] [--parallel 64] [--fleet DATA_DIR]
 *
 * --fleet reuses agents started by scripts/services/start-snmpd.sh (its DATA_DIR); otherwise the
 * benchmark starts max(sizes) agents itself and stops them at the end.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OIDS = JSON.parse(readFileSync(join(ROOT, 'plugins/inspector-snmp/test/fixtures/stein-oids.json'), 'utf8'));
if (!existsSync(join(ROOT, 'plugins/inspector-snmp/dist/index.js'))) {
  console.error('plugins/inspector-snmp/dist is missing: run "pnpm build" first');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'ceilo-bench-snmp-'));
const cliEnv = { ...process.env, MIBS: '', SNMPCONFPATH: work, SNMP_PERSISTENT_DIR: work };
const run = (cmd, args, env = process.env) =>
  new Promise((resolve, reject) =>
    execFile(cmd, args, { env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd}: ${err.message}\n${stderr}`)) : resolve({ stdout, stderr }))),
  );
const parseEnv = (text) => Object.fromEntries(text.split('\n').filter((l) => /^[A-Z_0-9]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

// --- agents --------------------------------------------------------------------------------------
let fleetDir = FLEET;
let ownFleet = false;
if (!fleetDir) {
  fleetDir = join(work, 'fleet');
  ownFleet = true;
  const base = 20000 + Math.floor(Math.random() * 30000);
  console.error(`starting ${Math.max(...SIZES)} snmpd agents from udp ${base} ...`);
  await run('bash', [join(ROOT, 'scripts/services/start-snmpd.sh'), fleetDir], { ...process.env, SNMPD_PORT: String(base), SNMPD_COUNT: String(Math.max(...SIZES)) });
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
const exporter = spawn('/usr/bin/prometheus-snmp-exporter', [`--config.file=${join(work, 'snmp.yml')}`, `--web.listen-address=127.0.0.1:${exporterPort}`, '--log.level=warn'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
const agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL });
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
for (let i = 0; ; i++) {
  try {
    await httpGet('/metrics');
    break;
  } catch (err) {
    if (i > 100) throw err;
    await new Promise((r) => setTimeout(r, 100));
  }
}
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

// --- measurements ----------------------------------------------------------------------------------
async function ours(ports) {
  const { stdout } = await run(process.execPath, [join(HERE, 'ours.mjs'), '--ports', ports.join(','), '--sweeps', String(SWEEPS), '--parallel', String(PARALLEL), '--community', community]);
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
    const { stderr } = await run('/usr/bin/time', ['-f', 'TIME %e %U %S %M', 'bash', '-c', script], cliEnv);
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
try {
  for (const n of SIZES) {
    const ports = allPorts.slice(0, n);
    console.error(`sweeping ${n} agents ...`);
    const o = await ours(ports);
    const f = await floor(ports);
    const p = await peer(ports);
    rows.push({ n, ours: o, floor: f, peer: p });
    console.error(JSON.stringify(rows.at(-1)));
  }
} finally {
  exporter.kill('SIGTERM');
  agent.destroy();
  if (ownFleet) await run('bash', [join(ROOT, 'scripts/services/stop-service.sh'), fleetDir]).catch((e) => console.error(String(e)));
  rmSync(work, { recursive: true, force: true });
}

const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);
console.log(`\nSNMP sweep of the Stein OID set (${OIDS.scalars.length} scalars + ${OIDS.subtrees.length} table columns per host), v2c, ${PARALLEL} hosts in parallel`);
console.log(`agents: net-snmp snmpd 5.9.3, ${f1(agentRss / 1024)} MB RSS / ${f1(agentPss / 1024)} MB PSS each; ours: warm sweeps (median of ${Math.max(1, SWEEPS - 1)}), first sweep in brackets\n`);
console.log('| hosts | tool | sweep wall ms | CPU ms per host poll | peak RSS MB | wall / floor | CPU / floor |');
console.log('|---:|---|---:|---:|---:|---:|---:|');
for (const { n, ours: o, floor: f, peer: p } of rows) {
  console.log(`| ${n} | ceilometer-ts inspector | ${f1(o.wallMs)} (${f1(o.coldWallMs)}) | ${f2(o.cpuMs / n)} (${f2(o.coldCpuMs / n)}) | ${f1(o.rssMb)} | ${f2(o.wallMs / f.wallMs)} | ${f2(o.cpuMs / f.cpuMs)} |`);
  console.log(`| ${n} | net-snmp CLI (floor) | ${f1(f.wallMs)} | ${f2(f.cpuMs / n)} | ${f1(f.rssMb)} (largest process) | 1.00 | 1.00 |`);
  console.log(`| ${n} | prometheus-snmp-exporter 0.21 (peer) | ${f1(p.wallMs)} | ${f2(p.cpuMs / n)} | ${f1(p.rssMb)} | ${f2(p.wallMs / f.wallMs)} | ${f2(p.cpuMs / f.cpuMs)} |`);
}
console.log(`\nours / peer at ${rows.at(-1).n} hosts: wall ${f2(rows.at(-1).ours.wallMs / rows.at(-1).peer.wallMs)}, CPU ${f2(rows.at(-1).ours.cpuMs / rows.at(-1).peer.cpuMs)}`);
console.log(`values per host (ours): ${Math.round(rows[0].ours.values / rows[0].n)}; exporter series per host: ${rows[0].peer.series}`);
