#!/usr/bin/env node
/**
 * Notification agent throughput: N `telemetry.polling` messages (K samples each, as a polling agent
 * batches them) preloaded into a private RabbitMQ, then consumed through a one-sink pipeline by
 * our agent (built dist, `bin/ceilometer-agent-notification`) into file:// and test://, with 1 and
 * 2 workers, and by upstream Python ceilometer-agent-notification 19.0 into file://, in one run.
 *
 * Clock and CPU start when the queue first shrinks (start-up excluded for both), and stop when the
 * file holds every sample (file://) or the queue is empty and the drained agent has exited
 * (test://). CPU is utime+stime of the agent's process tree from /proc; RSS is the tree's VmHWM.
 *
 * Usage: node bench/notification/run.mjs [--messages 2000] [--samples 10] [--skip-python] [--json] [--no-install-anchors]
 * Needs `pnpm build` and rabbitmq-server; the upstream column needs Debian's
 * ceilometer-agent-notification. Missing ones are installed as the test script does (as root),
 * else the upstream column is skipped with a line. The broker and every agent are stopped on every
 * exit path (../lib/cleanup.mjs).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAnchor, requireAnchor } from '../lib/anchors.mjs';
import { Cleanup } from '../lib/cleanup.mjs';
import { processTree as tree, treeUsage as usage } from '../lib/proc.mjs';
import { lineCounter } from '../lib/line-counter.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { startRabbitMQ } = await import(join(ROOT, 'packages/test-services/dist/index.js'));
const { AmqpNotifier } = await import(join(ROOT, 'packages/messaging/dist/index.js'));
const { makeSample, toMeterMessage } = await import(join(ROOT, 'packages/sdk/dist/index.js'));

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const MESSAGES = Number(arg('messages', '2000'));
const PER_MESSAGE = Number(arg('samples', '10'));
const TOTAL = MESSAGES * PER_MESSAGE;
const SKIP_PYTHON = args.includes('--skip-python');
const TOPIC = 'bench';
const QUEUE = `${TOPIC}.sample`;
const PY_AGENT = '/usr/bin/ceilometer-agent-notification';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cleanup = new Cleanup('bench notification');

// ---- broker helpers ---------------------------------------------------------------------------
async function withChannel(notifier, fn) {
  const model = await notifier.connection.waitConnected();
  const channel = await model.createChannel();
  channel.on('error', () => {});
  try {
    return await fn(channel);
  } finally {
    await channel.close().catch(() => {});
  }
}
let pollChannel;
/** Ready messages in the queue, through one long-lived channel (polling must stay cheap for the broker). */
async function depth(notifier) {
  if (!pollChannel) {
    const model = await notifier.connection.waitConnected();
    pollChannel = await model.createChannel();
    pollChannel.on('error', () => {});
    pollChannel.on('close', () => {
      pollChannel = undefined;
    });
  }
  return (await pollChannel.checkQueue(QUEUE)).messageCount;
}

async function preload(notifier) {
  await withChannel(notifier, (ch) => ch.purgeQueue(QUEUE).catch(() => {}));
  const meters = (m) =>
    Array.from({ length: PER_MESSAGE }, (_, i) =>
      toMeterMessage(
        makeSample({ name: i % 2 ? 'cpu' : 'memory.usage', type: i % 2 ? 'cumulative' : 'gauge', unit: i % 2 ? 'ns' : 'MB', volume: m * 1000 + i, resource_id: `vm-${m % 500}`, user_id: 'user-1', project_id: 'proj-1', resource_metadata: { display_name: `vm-${m % 500}`, flavor: { name: 'm1.small', vcpus: 1, ram: 2048 }, host: 'compute-1', status: 'active' } }),
        'bench-secret',
      ),
    );
  const sends = [];
  for (let m = 0; m < MESSAGES; m++) {
    sends.push(notifier.sample('telemetry.polling', { samples: meters(m) }));
    if (sends.length >= 500) await Promise.all(sends.splice(0));
  }
  await Promise.all(sends);
  for (let i = 0; i < 100 && (await depth(notifier)) < MESSAGES; i++) await sleep(50);
  const ready = await depth(notifier);
  if (ready !== MESSAGES) throw new Error(`preload: ${ready} of ${MESSAGES} messages in ${QUEUE}`);
}

// ---- configs ----------------------------------------------------------------------------------
function writeConfig(dir, brokerUrl, publisher, workers, extra = []) {
  const pipeline = join(dir, 'pipeline.yaml');
  writeFileSync(pipeline, `---\nsources:\n  - name: meter_source\n    meters:\n      - "*"\n    sinks:\n      - meter_sink\nsinks:\n  - name: meter_sink\n    publishers:\n      - ${publisher}\n`);
  const conf = join(dir, 'ceilometer.conf');
  writeFileSync(
    conf,
    [
      '[DEFAULT]', `transport_url = ${brokerUrl}`, `pipeline_cfg_file = ${pipeline}`, '',
      // state_dir: our delivery journal stays in the run's directory (upstream ignores the option)
      '[notification]', `workers = ${workers}`, 'pipelines = meter', 'notification_control_exchanges = ceilometer', `state_dir = ${join(dir, 'state')}`, ...extra, '',
      '[oslo_messaging_notifications]', `topics = ${TOPIC}`, '',
      '[oslo_messaging_rabbit]', 'rabbit_qos_prefetch_count = 100', '',
      '[publisher]', 'telemetry_secret = bench-secret', '',
    ].join('\n'),
  );
  return conf;
}


// ---- one run ----------------------------------------------------------------------------------
async function runOne(broker, notifier, { label, impl, publisher, workers, extra }) {
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-bench-notif-'));
  const removeDir = cleanup.add('run dir', async () => rmSync(dir, { recursive: true, force: true }), () => rmSync(dir, { recursive: true, force: true }));
  const outFile = join(dir, 'samples.out');
  const url = publisher === 'file' ? `file://${outFile}` : 'test://bench';
  const conf = writeConfig(dir, broker.url, url, workers, extra);
  const lineCount = lineCounter(outFile);
  await preload(notifier);

  const nodeFlags = process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : [];
  const cmd = impl === 'ours' ? [process.execPath, [...nodeFlags, join(ROOT, 'bin/ceilometer-agent-notification'), '--config-file', conf]] : [PY_AGENT, ['--config-file', conf]];
  const child = cleanup.spawn(cmd[0], cmd[1], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '1' } }, { name: `${label} agent` });
  child.failed.catch((err) => console.error(`${label}: ${err.message}`));
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d.toString()).slice(-200_000);
  });
  let done = false;
  const exited = new Promise((r) =>
    child.once('exit', (code, signal) => {
      done = true;
      r({ code, signal });
    }),
  );

  let t0;
  let u0;
  let last = { cpu: 0, hwm: 0 };
  let pids = [child.pid];
  const deadline = Date.now() + 20 * 60_000;
  // wait for consumption to start
  for (;;) {
    if (done) throw new Error(`${label}: agent exited early:\n${stderr.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`${label}: no consumption`);
    pids = tree(child.pid);
    const before = usage(pids);
    if ((await depth(notifier)) < MESSAGES) {
      t0 = performance.now();
      u0 = before;
      break;
    }
    await sleep(10);
  }
  let t1;
  let n = 0;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`${label}: timed out`);
    pids = tree(child.pid);
    last = usage(pids);
    if (publisher === 'file') {
      n = lineCount();
      if (n >= TOTAL) {
        t1 = performance.now();
        last = usage(pids);
        break;
      }
      if (done) throw new Error(`${label}: agent exited with ${n} of ${TOTAL} samples:\n${stderr.slice(-3000)}`);
      await sleep(20);
    } else {
      if ((await depth(notifier)) === 0) {
        // the agent holds at most the prefetch unacknowledged: SIGTERM drains them, then it exits
        const hwm = usage(pids).hwm;
        child.kill('SIGTERM');
        while (!done) {
          const u = usage(pids);
          if (u.cpu > 0) last = u;
          await sleep(5);
        }
        t1 = performance.now();
        last = { cpu: last.cpu, hwm: Math.max(hwm, last.hwm) };
        // messages prefetched but not yet handled go back to the queue on exit: count what was published
        n = Number([...stderr.matchAll(/"samples":(\d+)/g)].at(-1)?.[1] ?? NaN);
        break;
      }
      await sleep(10);
    }
  }
  if (!done) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
  removeDir();
  const seconds = (t1 - t0) / 1000;
  const cpu = last.cpu - u0.cpu;
  return { label, impl, publisher, workers, samples: n, seconds, samplesPerSecond: n / seconds, cpuSeconds: cpu, samplesPerCpuSecond: n / cpu, peakRssMiB: last.hwm / 1048576 };
}

// ---- main -------------------------------------------------------------------------------------
if (!existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-agent-notification.js'))) {
  console.error('build first: pnpm build');
  process.exit(2);
}
requireAnchor({ name: 'RabbitMQ', column: 'every run', path: '/usr/sbin/rabbitmq-server', debianPackages: ['rabbitmq-server'] });
const runPython = !SKIP_PYTHON && ensureAnchor({ name: 'upstream ceilometer-agent-notification 19.0', column: 'upstream', path: PY_AGENT, debianPackages: ['ceilometer-agent-notification'] });
const only = arg('only');
const allScenarios = [
  { label: 'ours file:// 1 worker', impl: 'ours', publisher: 'file', workers: 1 },
  { label: 'ours test:// 1 worker', impl: 'ours', publisher: 'test', workers: 1 },
  { label: 'ours file:// 2 workers', impl: 'ours', publisher: 'file', workers: 2 },
  { label: 'ours test:// 2 workers', impl: 'ours', publisher: 'test', workers: 2 },
  { label: 'ours file:// 1 worker, batch_size 100', impl: 'ours', publisher: 'file', workers: 1, extra: ['batch_size = 100', 'batch_timeout = 1'] },
  ...(runPython ? [{ label: 'upstream file:// 1 worker', impl: 'python', publisher: 'file', workers: 1 }] : []),
  ...(runPython ? [{ label: 'upstream file:// 2 workers', impl: 'python', publisher: 'file', workers: 2 }] : []),
];
const scenarios = only ? allScenarios.filter((s) => s.label.includes(only)) : allScenarios;
const results = [];
await cleanup.main(async () => {
  // startRabbitMQ's own exit hook stops a broker interrupted while booting
  const broker = await startRabbitMQ({ private: true });
  cleanup.recordService('rabbitmq', broker.dataDir);
  cleanup.add('rabbitmq', () => broker.stop());
  const notifier = new AmqpNotifier({ url: broker.url, topics: [TOPIC], exchange: 'ceilometer', publisherId: 'ceilometer.polling' });
  notifier.start();
  cleanup.add('notifier', () => notifier.close().then(() => {}, () => {}));
  for (const s of scenarios) {
    process.stderr.write(`running ${s.label} ...\n`);
    const r = await runOne(broker, notifier, s);
    results.push(r);
    process.stderr.write(`  ${r.samplesPerSecond.toFixed(0)} samples/s, ${r.cpuSeconds.toFixed(2)} CPU s, ${r.peakRssMiB.toFixed(0)} MiB\n`);
  }
  // broker and notifier are stopped before the report, by the same code as on any other exit
  await cleanup.run();
  report();
});

function report() {
  const fmt = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
  console.log(`\n${MESSAGES} messages x ${PER_MESSAGE} samples = ${TOTAL} samples, one-sink pipeline, prefetch 100\n`);
  console.log('| run | samples/s | CPU s | samples per CPU s | peak RSS MiB | samples seen |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.label} | ${fmt(r.samplesPerSecond)} | ${fmt(r.cpuSeconds, 2)} | ${fmt(r.samplesPerCpuSecond)} | ${fmt(r.peakRssMiB)} | ${r.samples} |`);
  const ours = results.find((r) => r.label === 'ours file:// 1 worker');
  const py = results.find((r) => r.label === 'upstream file:// 1 worker');
  if (ours && py) {
    console.log(`\nthroughput per CPU second, ours / upstream (file://, 1 worker): ${(ours.samplesPerCpuSecond / py.samplesPerCpuSecond).toFixed(1)}x`);
    console.log(`wall-clock throughput, ours / upstream (file://, 1 worker): ${(ours.samplesPerSecond / py.samplesPerSecond).toFixed(1)}x`);
  }
  if (args.includes('--json')) console.log(JSON.stringify(results, null, 2));
}
