#!/usr/bin/env node
/**
 * The gnocchi publisher under load: R resources x M meters (default 1,000 x 20 = 20,000 samples per
 * round) sent as `telemetry.polling` notifications (K samples each, one meter per message, as a
 * polling agent batches a pollster's samples) through a private RabbitMQ into a notification agent
 * whose one sink publishes to `gnocchi://`, and from it into a local Gnocchi 4.4 (basic auth, no
 * metricd: the API accepts and queues the measures, nothing reads them) behind a counting HTTP
 * proxy. Ours (built dist, `bin/ceilometer-agent-notification`) and upstream Python Ceilometer
 * 19.0's notification agent and gnocchi publisher (Debian, /usr/bin/python3) in the same run, with
 * the same configuration, definitions file, broker and Gnocchi.
 *
 * Rounds: round 1 is cold (every resource is new: the batch POST is refused with "Unknown
 * resources", each resource is created, the batch resent), later rounds are warm (same resources and
 * attributes, new timestamps). Each implementation gets its own resource ids.
 *
 * Measured per round, from the first message published (the agent already consuming, start-up
 * excluded) until the proxy has seen every measure accepted (202): samples per second, CPU seconds
 * (utime+stime of the agent's process tree) and samples per CPU second, peak RSS of the tree, and
 * the HTTP requests the agent sent, by kind (batch POST, resource create, resource update, other),
 * per publish batch (= per batch-measures POST) and per 1,000 samples, and the TCP connections it
 * opened.
 *
 * Usage: node bench/gnocchi/run.mjs [--resources 1000] [--meters 20] [--per-message 50] [--rounds 2]
 *          [--skip-python] [--skip-ours] [--upstream-no-cache] [--only LABEL] [--python-batch-size N] [--json] [--no-install-anchors]
 * Needs `pnpm build`, rabbitmq-server, gnocchi-api (Debian). Everything started is stopped
 * on every exit path (../lib/cleanup.mjs).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAnchor, requireAnchor } from '../lib/anchors.mjs';
import { Cleanup, waitGone } from '../lib/cleanup.mjs';
import { processTree, treeUsage } from '../lib/proc.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const services = await import(join(ROOT, 'packages/test-services/dist/index.js'));
const { AmqpNotifier } = await import(join(ROOT, 'packages/messaging/dist/index.js'));
const { makeSample, toMeterMessage } = await import(join(ROOT, 'packages/sdk/dist/index.js'));

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const RESOURCES = Number(arg('resources', '1000'));
const METER_COUNT = Number(arg('meters', '20'));
const PER_MESSAGE = Number(arg('per-message', '50'));
const ROUNDS = Number(arg('rounds', '2'));
const PY_BATCH = arg('python-batch-size');
const SKIP_PYTHON = args.includes('--skip-python');
const SKIP_OURS = args.includes('--skip-ours');
const NO_CACHE = args.includes('--upstream-no-cache');
const TOPIC = 'bench';
const QUEUE = `${TOPIC}.sample`;
const SECRET = 'bench-secret';
const QUIET_MS = 10_000;
const PY_AGENT = '/usr/bin/ceilometer-agent-notification';
const PY_UPGRADE = '/usr/bin/ceilometer-upgrade';
const OUR_AGENT = join(ROOT, 'bin/ceilometer-agent-notification');
const OUR_UPGRADE = join(ROOT, 'bin/ceilometer-upgrade');

// 20 instance meters of upstream's gnocchi_resources.yaml (both publishers know them)
const ALL_METERS = [
  ['memory', 'MB', 'gauge'], ['memory.usage', 'MB', 'gauge'], ['memory.resident', 'MB', 'gauge'], ['memory.swap.in', 'MB', 'cumulative'],
  ['memory.swap.out', 'MB', 'cumulative'], ['memory.bandwidth.total', 'B/s', 'gauge'], ['memory.bandwidth.local', 'B/s', 'gauge'], ['vcpus', 'vcpu', 'gauge'],
  ['cpu', 'ns', 'cumulative'], ['cpu_l3_cache', 'B', 'gauge'], ['disk.root.size', 'GB', 'gauge'], ['disk.ephemeral.size', 'GB', 'gauge'],
  ['disk.latency', 'ms', 'gauge'], ['disk.iops', 'count/s', 'gauge'], ['disk.capacity', 'B', 'gauge'], ['disk.allocation', 'B', 'gauge'],
  ['disk.usage', 'B', 'gauge'], ['perf.cpu.cycles', 'cycle', 'gauge'], ['perf.instructions', 'instruction', 'gauge'], ['perf.cache.references', 'count', 'gauge'],
];
const METERS = ALL_METERS.slice(0, METER_COUNT);
const PER_ROUND = RESOURCES * METERS.length;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cleanup = new Cleanup('bench gnocchi');

// ---- the counting proxy in front of Gnocchi ---------------------------------------------------
function kindOf(method, url) {
  const path = url.split('?')[0];
  if (method === 'POST' && path === '/v1/batch/resources/metrics/measures') return 'batch';
  if (method === 'POST' && path.startsWith('/v1/resource/')) return 'create';
  if (method === 'PATCH' && path.startsWith('/v1/resource/')) return 'update';
  if (path.startsWith('/v1/archive_policy')) return 'archive policy';
  return 'other';
}
/**
 * Measures in a batch body (`{rid: {metric: [m...] | {measures: [m...]}}}`) by timestamp: every
 * round has its own, so a batch that lands after its round ended is not counted for the next one.
 */
function measuresIn(body, into) {
  try {
    for (const metrics of Object.values(JSON.parse(body.toString('utf8')))) {
      for (const v of Object.values(metrics)) {
        for (const m of Array.isArray(v) ? v : (v?.measures ?? [])) {
          const key = String(m.timestamp).slice(0, 16);
          into.set(key, (into.get(key) ?? 0) + 1);
        }
      }
    }
  } catch {}
}
function countingProxy(target) {
  const fresh = () => ({ requests: 0, kinds: {}, statuses: {}, connections: 0 });
  const accepted = new Map(); // measures stored (202), by minute of their timestamp
  let stats = fresh();
  // one connection per request towards Gnocchi: uwsgi's http-socket closes idle keep-alive sockets,
  // and a reused closed socket would turn into a 502 the agents never caused
  const upstream = new Agent({ keepAlive: false, maxSockets: 256 });
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const kind = kindOf(req.method, req.url);
      const s = stats;
      s.requests += 1;
      s.kinds[kind] = (s.kinds[kind] ?? 0) + 1;
      const up = request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${target}` }, agent: upstream }, (ures) => {
        s.statuses[`${kind} ${ures.statusCode}`] = (s.statuses[`${kind} ${ures.statusCode}`] ?? 0) + 1;
        if (kind === 'batch' && ures.statusCode === 202) measuresIn(body, accepted);
        res.writeHead(ures.statusCode, ures.headers);
        ures.pipe(res);
      });
      up.on('error', (err) => {
        s.statuses[`${kind} proxy error ${err.code ?? err.message}`] = (s.statuses[`${kind} proxy error ${err.code ?? err.message}`] ?? 0) + 1;
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 502, title: 'Bad Gateway', description: String(err) }));
      });
      up.end(body);
    });
  });
  server.on('connection', () => (stats.connections += 1));
  server.keepAliveTimeout = 60_000;
  return {
    server,
    take() {
      const s = stats;
      stats = fresh();
      return s;
    },
    peek: () => stats,
    /** Measures stored with the timestamp `iso` (minute precision). */
    stored: (iso) => accepted.get(iso.slice(0, 16)) ?? 0,
    listen: () => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port))),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
        upstream.destroy();
      }),
  };
}

// ---- configuration (identical for both implementations) ---------------------------------------
function resourcesYaml() {
  return [
    '---',
    'archive_policy_default: bench-low',
    'archive_policies:',
    '  - name: bench-low',
    '    aggregation_methods: [mean]',
    '    back_window: 0',
    '    definition:',
    '      - granularity: 1 minute',
    '        timespan: 1 day',
    'resources:',
    '  - resource_type: instance',
    '    metrics:',
    ...METERS.map(([name]) => `      ${name}:`),
    '    attributes:',
    '      host: resource_metadata.(instance_host|host)',
    '      image_ref: resource_metadata.image_ref',
    '      display_name: resource_metadata.display_name',
    '      flavor_id: resource_metadata.(instance_flavor_id|(flavor.id)|flavor_id)',
    '      flavor_name: resource_metadata.(instance_type|(flavor.name)|flavor_name)',
    '      server_group: resource_metadata.user_metadata.server_group',
    '',
  ].join('\n');
}
function writeConfig(dir, { brokerUrl, gnocchiEndpoint, extra = [], extraSections = [] }) {
  const pipeline = join(dir, 'pipeline.yaml');
  writeFileSync(pipeline, '---\nsources:\n  - name: meter_source\n    meters:\n      - "*"\n    sinks:\n      - meter_sink\nsinks:\n  - name: meter_sink\n    publishers:\n      - gnocchi://?filter_project=service&archive_policy=bench-low\n');
  writeFileSync(join(dir, 'gnocchi_resources.yaml'), resourcesYaml());
  const conf = join(dir, 'ceilometer.conf');
  writeFileSync(
    conf,
    [
      '[DEFAULT]', `transport_url = ${brokerUrl}`, `pipeline_cfg_file = ${pipeline}`, '',
      '[notification]', 'workers = 1', 'pipelines = meter', 'notification_control_exchanges = ceilometer', `state_dir = ${join(dir, 'state')}`, ...extra, '',
      '[oslo_messaging_notifications]', `topics = ${TOPIC}`, '',
      '[oslo_messaging_rabbit]', 'rabbit_qos_prefetch_count = 100', '',
      '[publisher]', `telemetry_secret = ${SECRET}`, '',
      // no Keystone: gnocchiclient's gnocchi-basic plugin in [service_credentials], as sites without
      // Keystone configure it (filter_project's look-up then finds no project and is ignored, upstream
      // logs it once)
      '[service_credentials]', 'auth_type = gnocchi-basic', 'user = admin', `endpoint = ${gnocchiEndpoint}`, '',
      ...extraSections,
    ].join('\n'),
  );
  return conf;
}

// ---- samples ----------------------------------------------------------------------------------
// every round of every run has a minute of its own: measures are counted by timestamp
let minutes = 0;
const nextRoundTimestamp = () => new Date(Date.UTC(2026, 11, 1, 0, ++minutes, 0)).toISOString();
function messagesFor(resourceIds, timestamp) {
  const messages = [];
  for (let m = 0; m < METERS.length; m++) {
    const [name, unit, type] = METERS[m];
    for (let start = 0; start < resourceIds.length; start += PER_MESSAGE) {
      messages.push(
        resourceIds.slice(start, start + PER_MESSAGE).map((id, k) => {
          const i = start + k;
          return toMeterMessage(
            makeSample({
              name, type, unit, volume: minutes * 1000 + i + m, resource_id: id, user_id: 'user-bench', project_id: 'project-bench', timestamp,
              resource_metadata: { display_name: `vm-${i}`, host: `compute-${i % 50}`, instance_host: `compute-${i % 50}`, image_ref: 'image-bench', flavor: { id: '1', name: 'm1.small', vcpus: 1, ram: 2048 }, instance_type: 'm1.small', status: 'active' },
            }),
            SECRET,
          );
        }),
      );
    }
  }
  return messages;
}

// ---- broker helpers ---------------------------------------------------------------------------
let pollChannel;
async function queueState(notifier) {
  try {
    if (!pollChannel) {
      const model = await notifier.connection.waitConnected();
      pollChannel = await model.createChannel();
      pollChannel.on('error', () => {});
      pollChannel.on('close', () => (pollChannel = undefined));
    }
    return await pollChannel.checkQueue(QUEUE);
  } catch {
    return { messageCount: 0, consumerCount: 0 };
  }
}

// ---- one implementation -----------------------------------------------------------------------
async function runImpl({ label, impl, extraSections = [] }, ctx) {
  const dir = mkdtempSync(join(tmpdir(), `ceilo-bench-gnocchi-${impl}-`));
  const removeDir = cleanup.add(`${label} run dir`, async () => rmSync(dir, { recursive: true, force: true }), () => rmSync(dir, { recursive: true, force: true }));
  const extra = impl === 'upstream' && PY_BATCH ? [`batch_size = ${PY_BATCH}`, 'batch_timeout = 1'] : [];
  const conf = writeConfig(dir, { ...ctx, extra, extraSections });
  const cmd = impl === 'ours' ? [process.execPath, [OUR_AGENT, '--config-file', conf]] : [PY_AGENT, ['--config-file', conf]];
  const child = cleanup.spawn(cmd[0], cmd[1], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '1' } }, { name: `${label} agent` });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d.toString()).slice(-200_000)));
  const resourceIds = Array.from({ length: RESOURCES }, () => randomUUID());
  const rounds = [];
  try {
    // wait until the agent consumes (its queue has a consumer): start-up is not measured
    const deadline = Date.now() + 120_000;
    while ((await queueState(ctx.notifier)).consumerCount < 1) {
      if (child.exitCode !== null) throw new Error(`${label}: agent exited at start:\n${stderr.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`${label}: no consumer after 120 s:\n${stderr.slice(-3000)}`);
      await sleep(100);
    }
    ctx.proxy.take();
    for (let round = 1; round <= ROUNDS; round++) {
      const timestamp = nextRoundTimestamp();
      const messages = messagesFor(resourceIds, timestamp);
      const pids = processTree(child.pid);
      const u0 = treeUsage(pids);
      const t0 = performance.now();
      for (let i = 0; i < messages.length; i += 200) await Promise.all(messages.slice(i, i + 200).map((samples) => ctx.notifier.sample('telemetry.polling', { samples })));
      const roundDeadline = Date.now() + 15 * 60_000;
      let last = u0;
      // done when every measure was accepted, or when the queue is empty and the agent has sent
      // nothing for QUIET_MS (it dropped what it could not store: counted as lost)
      let seen = -1;
      let lastActivity = performance.now();
      let t1 = 0;
      for (;;) {
        const p = ctx.proxy.peek();
        const now = performance.now();
        if (p.requests !== seen) {
          seen = p.requests;
          lastActivity = now;
        }
        if (ctx.proxy.stored(timestamp) >= PER_ROUND) {
          t1 = now;
          break;
        }
        if (now - lastActivity > QUIET_MS && (await queueState(ctx.notifier)).messageCount === 0) {
          t1 = lastActivity;
          break;
        }
        if (child.exitCode !== null) throw new Error(`${label}: agent exited in round ${round}:\n${stderr.slice(-3000)}`);
        if (Date.now() > roundDeadline) throw new Error(`${label}: round ${round}: ${ctx.proxy.stored(timestamp)} of ${PER_ROUND} measures after 15 min:\n${stderr.slice(-3000)}`);
        last = treeUsage(processTree(child.pid));
        await sleep(20);
      }
      const u1 = treeUsage(processTree(child.pid));
      const s = { ...ctx.proxy.take(), accepted: ctx.proxy.stored(timestamp) };
      const seconds = (t1 - t0) / 1000;
      const cpu = Math.max(u1.cpu, last.cpu) - u0.cpu;
      const batches = s.kinds.batch ?? 0;
      rounds.push({
        label, impl, round, cold: round === 1, samples: PER_ROUND, accepted: s.accepted, lost: PER_ROUND - s.accepted,
        errors: Object.entries(s.statuses).filter(([k]) => !/ 20\d$/.test(k)).map(([k, v]) => `${k}: ${v}`).join(', '), seconds, samplesPerSecond: s.accepted / seconds, cpuSeconds: cpu, samplesPerCpuSecond: s.accepted / cpu,
        peakRssMiB: Math.max(u1.hwm, last.hwm) / 1048576, requests: s.requests, kinds: s.kinds, statuses: s.statuses, batches,
        requestsPerBatch: batches ? s.requests / batches : NaN, requestsPerMessage: s.requests / messages.length, requestsPer1000Samples: (s.requests * 1000) / PER_ROUND, connections: s.connections, messages: messages.length,
      });
      process.stderr.write(`  ${label} round ${round}: ${s.accepted} of ${PER_ROUND} measures stored, ${(s.accepted / seconds).toFixed(0)} samples/s, ${cpu.toFixed(2)} CPU s, ${s.requests} requests (${JSON.stringify(s.kinds)})\n`);
    }
  } finally {
    // the whole tree: a cotyledon worker can outlive its master (seen after eventlet errors) and
    // would keep the stderr pipe, and the benchmark, open
    const pids = processTree(child.pid);
    child.kill('SIGTERM');
    for (const pid of await waitGone(pids, 20_000)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
    rmSync(dir, { recursive: true, force: true });
    removeDir();
  }
  return rounds;
}

/** Resource types and archive policies, once, by a ceilometer-upgrade (upstream's when it is here). */
async function upgrade(ctx, usePython) {
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-bench-gnocchi-upgrade-'));
  try {
    const conf = writeConfig(dir, ctx);
    const cmd = usePython ? [PY_UPGRADE, ['--config-file', conf]] : [process.execPath, [OUR_UPGRADE, '--config-file', conf]];
    const child = cleanup.spawn(cmd[0], cmd[1], { stdio: ['ignore', 'pipe', 'pipe'] }, { name: 'ceilometer-upgrade' });
    let stderr = '';
    child.stdout.on('data', (d) => (stderr += d.toString()));
    child.stderr.on('data', (d) => (stderr += d.toString()));
    const { code } = await child.exited;
    if (code !== 0) throw new Error(`${cmd[0]} ${cmd[1].join(' ')} exited ${code} (proxy: ${JSON.stringify(ctx.proxy.peek().statuses)}):\n${stderr.slice(-3000)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- main -------------------------------------------------------------------------------------
if (!existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-agent-notification.js'))) {
  console.error('build first: pnpm build');
  process.exit(2);
}
requireAnchor({ name: 'RabbitMQ', column: 'every run', path: '/usr/sbin/rabbitmq-server', debianPackages: ['rabbitmq-server'] });
requireAnchor({ name: 'Gnocchi 4.4', column: 'every run', path: '/usr/bin/gnocchi-api', debianPackages: ['gnocchi-api', 'gnocchi-metricd', 'python3-gnocchi', 'uwsgi-core', 'uwsgi-plugin-python3'] });
const runPython = !SKIP_PYTHON && ensureAnchor({ name: 'upstream ceilometer-agent-notification 19.0', column: 'upstream', path: PY_AGENT, debianPackages: ['ceilometer-agent-notification'] });
const runOurs = !SKIP_OURS && existsSync(join(ROOT, 'plugins/publisher-gnocchi/dist/index.js'));
if (!SKIP_OURS && !runOurs) console.error('ours: plugins/publisher-gnocchi is not built: column skipped');

const results = [];
await cleanup.main(async () => {
  const broker = await services.startRabbitMQ({ private: true });
  cleanup.recordService('rabbitmq', broker.dataDir);
  cleanup.add('rabbitmq', () => broker.stop());
  // no metricd: the API queues the measures; nothing in this benchmark reads them back
  const gnocchi = await services.startGnocchi({ private: true, env: { GNOCCHI_METRICD: '0' } });
  cleanup.add('gnocchi', () => gnocchi.stop());
  const proxy = countingProxy(gnocchi.port);
  const proxyPort = await proxy.listen();
  cleanup.add('proxy', () => proxy.close());
  const notifier = new AmqpNotifier({ url: broker.url, topics: [TOPIC], exchange: 'ceilometer', publisherId: 'ceilometer.polling' });
  notifier.start();
  cleanup.add('notifier', () => notifier.close().then(() => {}, () => {}));
  const ctx = { brokerUrl: broker.url, gnocchiEndpoint: `http://127.0.0.1:${proxyPort}`, proxy, notifier };

  await upgrade(ctx, runPython || !existsSync(OUR_UPGRADE));
  // upstream with an in-process oslo.cache skips unchanged attributes, as ours always does; without
  // [cache] (the seed deployment's setting, --upstream-no-cache) it sends one PATCH per resource and
  // batch: 20,000 PATCHes per warm round, over 15 minutes here
  const scenarios = [
    ...(runOurs ? [{ label: 'ours', impl: 'ours' }] : []),
    ...(runPython ? [{ label: 'upstream, [cache] memory', impl: 'upstream', extraSections: ['[cache]', 'enabled = true', 'backend = dogpile.cache.memory', ''] }] : []),
    ...(runPython && NO_CACHE ? [{ label: 'upstream, no [cache]', impl: 'upstream' }] : []),
  ].filter((s) => !arg('only') || s.label === arg('only'));
  for (const scenario of scenarios) {
    process.stderr.write(`running ${scenario.label} ...\n`);
    results.push(...(await runImpl(scenario, ctx)));
  }
  await cleanup.run();
  report();
});

function report() {
  const fmt = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
  console.log(`\n${RESOURCES} resources x ${METERS.length} meters = ${PER_ROUND} samples per round, ${PER_MESSAGE} samples per message, ${ROUNDS} rounds (1 cold, then warm)${PY_BATCH ? `, upstream batch_size ${PY_BATCH}` : ''}\n`);
  console.log('| run | round | measures stored | samples/s | CPU s | samples per CPU s | peak RSS MiB | HTTP requests | batch POSTs | creates | updates | requests per batch POST | requests per pipeline batch (message) | requests per 1000 samples | connections | non-2xx answers |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    console.log(
      `| ${r.label} | ${r.round}${r.cold ? ' (cold)' : ''} | ${r.accepted} | ${fmt(r.samplesPerSecond)} | ${fmt(r.cpuSeconds, 2)} | ${fmt(r.samplesPerCpuSecond)} | ${fmt(r.peakRssMiB)} | ${r.requests} | ${r.batches} | ${r.kinds.create ?? 0} | ${r.kinds.update ?? 0} | ${fmt(r.requestsPerBatch, 2)} | ${fmt(r.requestsPerMessage, 2)} | ${fmt(r.requestsPer1000Samples, 1)} | ${r.connections} | ${r.errors || '-'} |`,
    );
  }
  for (const round of [1, ROUNDS]) {
    const ours = results.find((r) => r.label === 'ours' && r.round === round);
    for (const py of results.filter((r) => r.impl === 'upstream' && r.round === round)) {
      if (!ours) continue;
      console.log(`\nround ${round}, ours / ${py.label}: samples per CPU second ${(ours.samplesPerCpuSecond / py.samplesPerCpuSecond).toFixed(1)}x (target >= 5x), wall clock ${(ours.samplesPerSecond / py.samplesPerSecond).toFixed(1)}x`);
      console.log(`round ${round}, ours / ${py.label}: HTTP requests ${ours.requests} / ${py.requests}, per pipeline batch (message of ${PER_MESSAGE} samples) ${fmt(ours.requestsPerMessage, 2)} / ${fmt(py.requestsPerMessage, 2)} (target: fewer)`);
    }
  }
  if (args.includes('--json')) console.log(JSON.stringify(results, null, 2));
}
