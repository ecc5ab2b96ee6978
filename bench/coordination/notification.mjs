#!/usr/bin/env node
/**
 * Partitioned notification agents (issue 13): N `telemetry.polling` messages (K samples each, over
 * 500 resources) preloaded into a private RabbitMQ, then consumed through a one-sink pipeline into
 * file:// by 1 agent without partitioning (the baseline), and by 1 and 2 agents with
 * `[notification] workload_partitioning` (10 partition queues, a private Redis as the coordination
 * backend): every sample crosses the broker twice (main queue -> partition queue -> pipeline).
 *
 * Clock and CPU start when the main queue first shrinks (start-up excluded) and stop when the
 * agents' files hold every sample. CPU is utime+stime of every agent's process tree (/proc).
 *
 *   node bench/coordination/notification.mjs [--messages 2000] [--samples 10] [--repeat 1] [--json]
 *
 * `notificationBench(cleanup, options)` is what bench/coordination/run.mjs calls. Needs `pnpm build`,
 * rabbitmq-server and redis-server. Everything started is stopped on every exit path (../lib/cleanup.mjs).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { requireAnchor } from '../lib/anchors.mjs';
import { Cleanup } from '../lib/cleanup.mjs';
import { processTree, treeUsage } from '../lib/proc.mjs';
import { lineCounter } from '../lib/line-counter.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOPIC = 'bench';
const QUEUE = `${TOPIC}.sample`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


function writeConfig(dir, name, brokerUrl, redisUrl, partitioned) {
  const pipeline = join(dir, `${name}-pipeline.yaml`);
  writeFileSync(pipeline, `---\nsources:\n  - name: meter_source\n    meters: ["*"]\n    sinks: [meter_sink]\nsinks:\n  - name: meter_sink\n    publishers:\n      - file://${join(dir, `${name}.out`)}\n`);
  const conf = join(dir, `${name}.conf`);
  writeFileSync(conf, [
    '[DEFAULT]', `transport_url = ${brokerUrl}`, `pipeline_cfg_file = ${pipeline}`, '',
    '[notification]', 'pipelines = meter', 'notification_control_exchanges = ceilometer', `state_dir = ${join(dir, `${name}-state`)}`,
    ...(partitioned ? ['workload_partitioning = true', 'pipeline_processing_queues = 10', '', '[coordination]', `backend_url = ${redisUrl}?timeout=3`] : []), '',
    '[oslo_messaging_notifications]', `topics = ${TOPIC}`, '',
    '[oslo_messaging_rabbit]', 'rabbit_qos_prefetch_count = 100', '',
    '[publisher]', 'telemetry_secret = bench-secret', '',
  ].join('\n'));
  return conf;
}

/**
 * Runs the three scenarios `repeat` times; returns one row per run:
 * `{ label, agents, partitioned, samples, seconds, samplesPerSecond, cpuSeconds, samplesPerCpuSecond }`.
 */
export async function notificationBench(cleanup, { messages = 2000, perMessage = 10, repeat = 1 } = {}) {
  requireAnchor({ name: 'RabbitMQ', column: 'notification', path: '/usr/sbin/rabbitmq-server', debianPackages: ['rabbitmq-server'] });
  requireAnchor({ name: 'redis-server', column: 'notification', path: '/usr/bin/redis-server', debianPackages: ['redis-server'] });
  const { startRabbitMQ, startRedis } = await import(pathToFileURL(join(ROOT, 'packages/test-services/dist/index.js')).href);
  const { AmqpNotifier } = await import(pathToFileURL(join(ROOT, 'packages/messaging/dist/index.js')).href);
  const { makeSample, toMeterMessage } = await import(pathToFileURL(join(ROOT, 'packages/sdk/dist/index.js')).href);
  const total = messages * perMessage;
  const broker = await startRabbitMQ({ private: true });
  cleanup.recordService('rabbitmq', broker.dataDir);
  cleanup.add('rabbitmq', () => broker.stop());
  const redis = await startRedis();
  cleanup.add('redis', () => redis.stop());
  const notifier = new AmqpNotifier({ url: broker.url, topics: [TOPIC], exchange: 'ceilometer', publisherId: 'ceilometer.polling' });
  notifier.start();
  cleanup.add('notifier', () => notifier.close().then(() => {}, () => {}));
  const model = await notifier.connection.waitConnected();
  let channel;
  const depth = async () => {
    if (!channel) {
      channel = await model.createChannel();
      channel.on('error', () => {});
      channel.on('close', () => (channel = undefined));
    }
    return (await channel.checkQueue(QUEUE)).messageCount;
  };

  async function preload() {
    const sends = []; // each run ends with the queue empty
    for (let m = 0; m < messages; m++) {
      const samples = Array.from({ length: perMessage }, (_, i) =>
        toMeterMessage(makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: m * 1000 + i, resource_id: `vm-${(m * perMessage + i) % 500}`, user_id: 'user-1', project_id: 'proj-1', resource_metadata: { display_name: 'vm', flavor: { name: 'm1.small', vcpus: 1 }, host: 'compute-1' } }), 'bench-secret'),
      );
      sends.push(notifier.sample('telemetry.polling', { samples }));
      if (sends.length >= 500) await Promise.all(sends.splice(0));
    }
    await Promise.all(sends);
    for (let i = 0; i < 200 && (await depth()) < messages; i++) await sleep(50);
  }

  async function runOne(label, agents, partitioned) {
    const dir = mkdtempSync(join(tmpdir(), 'ceilo-bench-partitioned-'));
    const removeDir = cleanup.add('run dir', async () => rmSync(dir, { recursive: true, force: true }), () => rmSync(dir, { recursive: true, force: true }));
    await preload();
    const names = Array.from({ length: agents }, (_, i) => `agent-${i}`);
    const counters = names.map((n) => lineCounter(join(dir, `${n}.out`)));
    const children = names.map((n) => {
      const flags = process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : [];
      const child = cleanup.spawn(process.execPath, [...flags, join(ROOT, 'bin/ceilometer-agent-notification'), '--config-file', writeConfig(dir, n, broker.url, redis.url, partitioned)], { stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '1' } }, { name: `${label} ${n}` });
      child.failed.catch((err) => console.error(`${label}: ${err.message}`));
      return child;
    });
    const cpu = () => treeUsage(children.flatMap((c) => processTree(c.pid))).cpu;
    const deadline = Date.now() + 10 * 60_000;
    let u0;
    let t0;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`${label}: no consumption`);
      const before = cpu();
      if ((await depth()) < messages) {
        [t0, u0] = [performance.now(), before];
        break;
      }
      await sleep(10);
    }
    let seen = 0;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`${label}: ${seen} of ${total} samples`);
      seen = counters.reduce((sum, count) => sum + count(), 0);
      if (seen >= total) break;
      await sleep(20);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpuSeconds = cpu() - u0;
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
    rmSync(dir, { recursive: true, force: true });
    removeDir();
    return { label, agents, partitioned, samples: seen, seconds, samplesPerSecond: seen / seconds, cpuSeconds, samplesPerCpuSecond: seen / cpuSeconds };
  }

  const rows = [];
  for (let r = 0; r < repeat; r++) {
    for (const [label, agents, partitioned] of [['1 agent, not partitioned', 1, false], ['1 agent, partitioned', 1, true], ['2 agents, partitioned', 2, true]]) {
      process.stderr.write(`notification: ${label} ...\n`);
      const row = await runOne(label, agents, partitioned);
      process.stderr.write(`  ${row.samplesPerSecond.toFixed(0)} samples/s, ${row.cpuSeconds.toFixed(2)} CPU s, ${row.samplesPerCpuSecond.toFixed(0)} samples per CPU s\n`);
      rows.push(row);
    }
  }
  await channel?.close().catch(() => {});
  return rows;
}

/** The rows as a Markdown table. */
export function notificationTable(rows) {
  const lines = ['| run | samples | samples/s | CPU s (all agents) | samples per CPU s |', '|---|---:|---:|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.label} | ${r.samples} | ${r.samplesPerSecond.toFixed(0)} | ${r.cpuSeconds.toFixed(2)} | ${r.samplesPerCpuSecond.toFixed(0)} |`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { messages: { type: 'string', default: '2000' }, samples: { type: 'string', default: '10' }, repeat: { type: 'string', default: '1' }, json: { type: 'boolean', default: false } } });
  if (!existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-agent-notification.js'))) {
    console.error('build first: pnpm build');
    process.exit(2);
  }
  const cleanup = new Cleanup('bench coordination notification');
  await cleanup.main(async () => {
    const rows = await notificationBench(cleanup, { messages: Number(values.messages), perMessage: Number(values.samples), repeat: Number(values.repeat) });
    await cleanup.run();
    console.log(values.json ? JSON.stringify(rows, null, 2) : `\n${Number(values.messages) * Number(values.samples)} samples in ${values.messages} messages, one-sink pipeline into file://, prefetch 100\n\n${notificationTable(rows)}`);
  });
}
