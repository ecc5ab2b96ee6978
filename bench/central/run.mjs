#!/usr/bin/env node
/**
 * Central polling benchmark (issue 14): one central cycle over 1,000 Glance images, 1,000 Cinder
 * volumes and 100 Swift containers (plus floating IPs) on real Debian services started privately
 * (test-services: Keystone, Glance, Cinder API, Neutron, Swift), two columns in one run:
 *   - ours:     built `bin/ceilometer-polling --polling-namespaces central --poll-cycles N` (samples as
 *               JSON lines to a pipe that counts them),
 *   - upstream: Python Ceilometer 19.0 (Debian python3-ceilometer), the AgentManager its
 *               `ceilometer-polling` builds, driven cycle by cycle by
 *               packages/test-services/python/upstream_polling.py (samples captured to a file).
 * Both read the same services through counting reverse proxies: the Keystone catalog's image,
 * volumev3, network, object-store and identity endpoints and both agents' auth_url point at them, so
 * every API request an agent makes is counted, by service.
 *
 * Each agent runs once with 1 cycle and once with N cycles (`--interval` seconds apart). One-shot =
 * the 1-cycle run (start-up included): wall, CPU (GNU time, user + sys of the tree), peak RSS, requests.
 * Steady = (N-cycle run - 1-cycle run) / (N - 1): CPU and requests per cycle of a running agent.
 * Targets: steady CPU at most 1/5 of upstream's, no more API requests than upstream.
 *
 * BENCH_NODE_FLAGS (space-separated) are passed to our agent's node only, e.g.
 * `BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof'` to profile its cycles.
 *
 *   pnpm build && node bench/central/run.mjs [--images 1000] [--volumes 1000] [--containers 100]
 *     [--fips 20] [--cycles 3] [--interval 2] [--json] [--no-install-anchors] [--no-upstream]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, Agent } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureAnchor, requireAnchor } from '../lib/anchors.mjs';
import { Cleanup } from '../lib/cleanup.mjs';
import { measured } from '../lib/measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LAUNCHER = join(ROOT, 'bin/ceilometer-polling');
const PYTHON = '/usr/bin/python3';
/** Upstream 19.0's central meters for these services, and the plugin of ours that provides each. */
const METER_PLUGINS = {
  'image.size': 'plugins/pollsters-image',
  'volume.size': 'plugins/pollsters-volume',
  'volume.snapshot.size': 'plugins/pollsters-volume',
  'volume.backup.size': 'plugins/pollsters-volume',
  'ip.floating': 'plugins/pollsters-network',
  'storage.objects': 'plugins/pollsters-objectstore',
  'storage.objects.size': 'plugins/pollsters-objectstore',
  'storage.objects.containers': 'plugins/pollsters-objectstore',
  'storage.containers.objects': 'plugins/pollsters-objectstore',
  'storage.containers.objects.size': 'plugins/pollsters-objectstore',
};
const OUR_PLUGINS = [...new Set(Object.values(METER_PLUGINS))];

const { values: args } = parseArgs({
  options: {
    images: { type: 'string', default: '1000' },
    volumes: { type: 'string', default: '1000' },
    containers: { type: 'string', default: '100' },
    fips: { type: 'string', default: '20' },
    cycles: { type: 'string', default: '3' },
    interval: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
    'no-install-anchors': { type: 'boolean', default: false },
    'no-upstream': { type: 'boolean', default: false },
  },
});
const cycles = Math.max(2, Number(args.cycles));
const interval = Number(args.interval);
const cleanup = new Cleanup('bench central');

// ---- counting reverse proxies ----------------------------------------------------------------
/** A proxy to `target` (http://127.0.0.1:PORT) counting requests as `service METHOD path-kind`. */
function countingProxy(service, target) {
  const url = new URL(target);
  const agent = new Agent({ keepAlive: false, maxSockets: 64 }); // uwsgi --http-socket closes idle sockets
  let counts = {};
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      // ids and project ids out of the path, so the kinds stay few
      const kind = `${service} ${req.method} ${req.url.split('?')[0].replace(/[0-9a-f]{32}|[0-9a-f-]{36}/g, '{id}').replace(/\/ceilo-c-[^/]+/g, '/{container}')}`;
      counts[kind] = (counts[kind] ?? 0) + 1;
      const up = request({ host: url.hostname, port: url.port, method: req.method, path: req.url, headers: { ...req.headers, host: url.host }, agent }, (ures) => {
        res.writeHead(ures.statusCode, ures.headers);
        ures.pipe(res);
      });
      up.on('error', (err) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
      up.end(Buffer.concat(chunks));
    });
  });
  return {
    listen: () => new Promise((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${server.address().port}`))),
    take() {
      const c = counts;
      counts = {};
      return c;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
const byService = (counts) => {
  const out = {};
  for (const [k, v] of Object.entries(counts)) out[k.split(' ')[0]] = (out[k.split(' ')[0]] ?? 0) + v;
  return out;
};

// ---- the agents ----------------------------------------------------------------------------------
async function runSide(label, argvFor, proxies, { countLines }) {
  const env = { CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1' };
  const run = async (n) => {
    for (const p of proxies) p.take();
    const [command, argv, out] = argvFor(n);
    const m = await measured(cleanup, command, argv, { name: `${label} (${n} cycles)`, env, countLines });
    const requests = {};
    for (const p of proxies) Object.assign(requests, p.take());
    let samples = m.lines;
    let ownStats = [];
    if (out) {
      const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      ownStats = lines.filter((l) => l.stats).map((l) => l.stats);
      samples = lines.filter((l) => l.sample).length;
      rmSync(out, { force: true });
    }
    return { ...m, requests, samples, ownStats };
  };
  const one = await run(1);
  const many = await run(cycles);
  const steadyRequests = {};
  for (const k of new Set([...Object.keys(one.requests), ...Object.keys(many.requests)])) {
    const d = ((many.requests[k] ?? 0) - (one.requests[k] ?? 0)) / (cycles - 1);
    if (d) steadyRequests[k] = d;
  }
  return {
    oneShot: { wall: one.wall, cpu: one.cpu, rssMiB: one.peakTreeRssKb / 1024, samples: one.samples, requests: total(one.requests), requestsByService: byService(one.requests) },
    steady: {
      cpu: (many.cpu - one.cpu) / (cycles - 1),
      samples: (many.samples - one.samples) / (cycles - 1),
      requests: total(steadyRequests),
      requestsByService: byService(steadyRequests),
      requestKinds: steadyRequests,
      peakRssMiB: many.peakTreeRssKb / 1024,
      ownCycle: many.ownStats.length > 1 ? many.ownStats.slice(1) : undefined,
    },
    stderrTail: one.stderr.slice(-1500),
  };
}

async function main() {
  requireAnchor({ name: 'GNU time (CPU and peak RSS)', column: 'every run', path: '/usr/bin/time', debianPackages: ['time'] });
  if (!existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js')) || !existsSync(join(ROOT, 'packages/test-services/dist/index.js'))) throw new Error('build first: pnpm build');
  const ts = await import('@ceilometer-ts/test-services');
  for (const svc of ['glance', 'cinder', 'neutron', 'swift']) {
    const why = ts.openStackServiceUnavailable(svc);
    if (why) requireAnchor({ name: `${svc} (${why})`, column: 'every run', path: '/nonexistent', debianPackages: ['glance-api', 'cinder-api', 'neutron-server', 'swift-proxy', 'swift-account', 'swift-container', 'swift-object'] });
  }
  const ours = OUR_PLUGINS.filter((p) => existsSync(join(ROOT, p, 'dist')));
  // both columns poll the same meters: every one when all our plugins are built, else (for a fair
  // ratio) only those ours has; --all-meters keeps every meter for upstream anyway
  let meters = Object.keys(METER_PLUGINS);
  if (!ours.length) console.log(`SKIPPED column "ours": none of ${OUR_PLUGINS.join(', ')} is built in this checkout`);
  else if (ours.length < OUR_PLUGINS.length) {
    meters = meters.filter((m) => ours.includes(METER_PLUGINS[m]));
    console.log(`both columns poll only ${meters.join(', ')} (${OUR_PLUGINS.filter((p) => !ours.includes(p)).join(', ')} not built)`);
  }
  const withUpstream =
    !args['no-upstream'] &&
    ensureAnchor({ name: 'upstream Ceilometer 19.0 polling', column: 'upstream', path: '/usr/bin/ceilometer-polling', debianPackages: ['ceilometer-polling'], check: () => existsSync('/usr/lib/python3/dist-packages/ceilometer/polling/manager.py') });

  const dir = mkdtempSync(join(tmpdir(), 'ceilo-bench-central-'));
  cleanup.add('work dir', async () => rmSync(dir, { recursive: true, force: true }), () => rmSync(dir, { recursive: true, force: true }));

  // ---- services and data ----
  let t = Date.now();
  const keystone = await ts.startKeystone({ private: true });
  cleanup.add('keystone', () => keystone.stop());
  const [glance, cinder, neutron, swift] = await Promise.all([ts.startGlance({ keystone }), ts.startCinder({ keystone }), ts.startNeutron({ keystone }), ts.startSwift({ keystone })]);
  for (const [name, s] of [['glance', glance], ['cinder', cinder], ['neutron', neutron], ['swift', swift]]) cleanup.add(name, () => s.stop());
  const startS = (Date.now() - t) / 1000;
  t = Date.now();
  // images and volumes: one through the API, the rest cloned in the services' DBs (bulk); floating
  // IPs and Swift containers through the APIs
  const seedTimes = {};
  const timed = async (name, fn) => {
    const t0 = Date.now();
    const n = (await fn()).length;
    seedTimes[name] = (Date.now() - t0) / 1000;
    return n;
  };
  const seeded = {
    images: await timed('images', () => glance.createImages(Number(args.images), { size: 1024, namePrefix: 'bench-img', bulk: true })),
    volumes: await timed('volumes', () => cinder.createVolumes(Number(args.volumes), { size: 1, namePrefix: 'bench-vol', bulk: true })),
    fips: await timed('fips', () => neutron.createFloatingIps(Number(args.fips), { active: Math.floor(Number(args.fips) / 2) })),
    containers: await timed('containers', () => swift.createContainers(Number(args.containers), { objectsPerContainer: 2, objectBytes: 16 })),
  };
  const seedS = (Date.now() - t) / 1000;
  process.stderr.write(`services ready in ${startS.toFixed(1)} s, seeded ${JSON.stringify(seeded)} in ${seedS.toFixed(1)} s (${JSON.stringify(seedTimes)})\n`);

  // ---- proxies in the catalog ----
  const proxies = {};
  for (const [name, target] of [['keystone', keystone.url.replace(/\/v3$/, '')], ['glance', glance.url], ['cinder', cinder.url], ['neutron', neutron.url], ['swift', swift.url]]) {
    proxies[name] = countingProxy(name, target);
    proxies[name].url = await proxies[name].listen();
    cleanup.add(`${name} proxy`, () => proxies[name].close());
  }
  // re-point the catalog (and the agents' auth_url) at the proxies
  const endpoint = (type, name, url) => execFileSync(PYTHON, [join(ts.serviceScriptsDir(), 'keystone-endpoint.py'), join(keystone.dir, 'service.env'), type, name, url]);
  endpoint('identity', 'keystone', `${proxies.keystone.url}/v3`);
  endpoint('image', 'glance', proxies.glance.url);
  endpoint('volumev3', 'cinderv3', `${proxies.cinder.url}/v3/%(project_id)s`);
  endpoint('network', 'neutron', proxies.neutron.url);
  endpoint('object-store', 'swift', `${proxies.swift.url}/v1/AUTH_%(project_id)s`);
  const viaProxy = { ...keystone, url: `${proxies.keystone.url}/v3` };
  const allProxies = Object.values(proxies);

  // ---- the two columns ----
  const results = { seeded, startS, seedS, meters };
  if (withUpstream) {
    results.upstream = await runSide(
      'upstream central polling',
      (n) => {
        const pollingFile = join(dir, `upstream-polling-${n}.yaml`);
        writeFileSync(pollingFile, ts.pollingYaml(meters, 600));
        const conf = join(dir, `upstream-${n}.conf`);
        writeFileSync(conf, ts.upstreamCentralConf({ keystone: viaProxy, pollingFile, logFile: join(dir, `upstream-${n}.log`) }));
        const out = join(dir, `upstream-${n}.jsonl`);
        return [PYTHON, [ts.upstreamPollingScript(), '--out', out, '--cycles', String(n), '--interval', String(interval), '--', '--config-file', conf, '--polling-namespaces', 'central'], out];
      },
      allProxies,
      { countLines: false },
    );
  }
  if (ours.length) {
    const pollingFile = join(dir, 'ours-polling.yaml');
    writeFileSync(pollingFile, ts.pollingYaml(meters, interval));
    const conf = join(dir, 'ours.conf');
    writeFileSync(conf, ts.upstreamCentralConf({ keystone: viaProxy, pollingFile }));
    results.ours = await runSide('ceilometer-polling central', (n) => [process.execPath, [...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []), LAUNCHER, '--config-file', conf, '--polling-namespaces', 'central', '--poll-cycles', String(n)], undefined], allProxies, { countLines: true });
  }
  if (results.ours && results.upstream) {
    results.ratios = {
      steadyCpuOursOverUpstream: results.ours.steady.cpu / results.upstream.steady.cpu,
      oneShotCpuOursOverUpstream: results.ours.oneShot.cpu / results.upstream.oneShot.cpu,
      oneShotWallOursOverUpstream: results.ours.oneShot.wall / results.upstream.oneShot.wall,
      rssOursOverUpstream: results.ours.oneShot.rssMiB / results.upstream.oneShot.rssMiB,
      steadyRequestsOursMinusUpstream: results.ours.steady.requests - results.upstream.steady.requests,
    };
  }
  await cleanup.run();

  if (args.json) {
    console.log(JSON.stringify({ node: process.version, cpus: cpus().length, cycles, interval, ...results }, null, 2));
    return;
  }
  const f = (x, d = 2) => (x === undefined || !Number.isFinite(x) ? '' : x.toFixed(d));
  console.log(`node ${process.version}, ${cpus().length} CPUs; seeded ${JSON.stringify(seeded)} (services ${f(startS, 1)} s, seeding ${f(seedS, 1)} s); steady = (${cycles} cycles - 1) / ${cycles - 1}, ${interval} s apart`);
  console.log('| column | one-shot wall s | one-shot CPU s | peak RSS MiB | samples | requests (one-shot) | steady CPU s/cycle | steady samples | steady requests/cycle | by service |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const [name, r] of [['upstream 19.0', results.upstream], ['ours', results.ours]]) {
    if (!r) {
      console.log(`| ${name} | skipped | | | | | | | | |`);
      continue;
    }
    console.log(`| ${name} | ${f(r.oneShot.wall)} | ${f(r.oneShot.cpu)} | ${f(r.oneShot.rssMiB, 0)} | ${r.oneShot.samples} | ${r.oneShot.requests} | ${f(r.steady.cpu, 3)} | ${f(r.steady.samples, 0)} | ${f(r.steady.requests, 1)} | ${JSON.stringify(r.steady.requestsByService)} |`);
  }
  if (results.ratios) {
    const r = results.ratios;
    console.log(`\nsteady CPU ours/upstream ${f(r.steadyCpuOursOverUpstream, 3)} (target <= 0.2: ${r.steadyCpuOursOverUpstream <= 0.2 ? 'met' : 'NOT met'}); requests per cycle ours - upstream ${f(r.steadyRequestsOursMinusUpstream, 1)} (target <= 0: ${r.steadyRequestsOursMinusUpstream <= 0 ? 'met' : 'NOT met'}); one-shot CPU ${f(r.oneShotCpuOursOverUpstream, 3)}, wall ${f(r.oneShotWallOursOverUpstream, 3)}, RSS ${f(r.rssOursOverUpstream, 3)}`);
  }
  if (results.upstream) console.log(`upstream request kinds per steady cycle: ${JSON.stringify(results.upstream.steady.requestKinds)}`);
  if (results.ours) console.log(`ours request kinds per steady cycle: ${JSON.stringify(results.ours.steady.requestKinds)}`);
}

await cleanup.main(main);
