#!/usr/bin/env node
/**
 * Polling agent benchmark: a synthetic pollster package (plain JS, generated into a temporary plugin
 * directory found through CEILOMETER_PLUGIN_PATH) produces N resources x M meters per cycle; the
 * built `bin/ceilometer-polling --poll-once` runs one cycle into
 *   - stdout: `--poll-once`, JSON lines to /dev/null (StdoutSink),
 *   - null:   `--poll-once --publish` with no destination configured (NullSink),
 *   - amqp:   `--poll-once --publish` to a private local RabbitMQ (publisher confirms, exits once
 *             every batch is confirmed),
 * and reports per-cycle wall time (the agent's own cycle duration), process wall time, CPU seconds
 * (user + sys) and peak RSS (GNU time), and for AMQP the send throughput in samples/s from the
 * first poll to the last confirm.
 *
 *   pnpm build && node bench/polling/run.mjs [--sizes 10000,100000] [--meters 10] [--repeat 3] [--no-amqp] [--json] [--no-install-anchors]
 *
 * Needs GNU time (Debian `time`); the amqp column needs rabbitmq-server. Missing ones are installed
 * as the test script does (as root), else the amqp column is skipped with a line. The broker and
 * every agent run are stopped on every exit path (../lib/cleanup.mjs).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, openSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureAnchor, requireAnchor } from '../lib/anchors.mjs';
import { Cleanup } from '../lib/cleanup.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LAUNCHER = join(ROOT, 'bin/ceilometer-polling');
const GNU_TIME = '/usr/bin/time';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    meters: { type: 'string', default: '10' },
    repeat: { type: 'string', default: '3' },
    'batch-size': { type: 'string', default: '50' },
    'no-amqp': { type: 'boolean', default: false },
    'no-install-anchors': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const sizes = args.sizes.split(',').map(Number);
const meters = Number(args.meters);
const repeat = Number(args.repeat);
const batchSize = Number(args['batch-size']);
const cleanup = new Cleanup('bench polling');

/** The synthetic plugin: M pollsters `bench.meter.<m>`, each one sample per resource, from one discovery. */
function writePlugin(dir) {
  const pkgDir = join(dir, 'node_modules', 'ceilo-bench-synthetic');
  mkdirSync(pkgDir, { recursive: true });
  const poll = {};
  for (let m = 0; m < meters; m++) poll[`bench.meter.${m}`] = `./index.js:Meter${m}`;
  writeFileSync(
    join(pkgDir, 'package.json'),
    JSON.stringify({
      name: 'ceilo-bench-synthetic',
      version: '1.0.0',
      type: 'module',
      exports: { '.': './index.js', './package.json': './package.json' },
      ceilometer: { entryPoints: { 'ceilometer.poll.bench': poll, 'ceilometer.discover.bench': { bench_resources: './index.js:BenchDiscovery' } } },
    }),
  );
  const classes = Array.from({ length: meters }, (_, m) => `export class Meter${m} extends BenchPollster { meter = 'bench.meter.${m}'; }`).join('\n');
  writeFileSync(
    join(pkgDir, 'index.js'),
    `import { randomUUID } from 'node:crypto';
const TOKENS = Symbol.for('ceilometer-ts.injectTokens');
const CTX = Symbol.for('ceilometer-ts.PluginContext');
const N = Number(process.env.BENCH_RESOURCES);
export class BenchDiscovery {
  static [TOKENS] = [CTX];
  groupId = null;
  constructor(ctx) { this.ctx = ctx; }
  async discover() {
    const out = new Array(N);
    for (let i = 0; i < N; i++) out[i] = 'instance-' + String(i).padStart(8, '0');
    return out;
  }
}
class BenchPollster {
  static [TOKENS] = [CTX];
  defaultDiscovery = 'bench_resources';
  constructor(ctx) { this.ctx = ctx; }
  *getSamples(cycle, resources) {
    for (const r of resources) {
      yield { name: this.meter, type: 'cumulative', unit: 'ns', volume: Math.floor(Math.random() * 1e12),
        user_id: 'b3b3e7a8d7b54d3d9c0f1b2a3c4d5e6f', project_id: '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f', resource_id: r,
        timestamp: cycle.timestamp, resource_metadata: { display_name: r, flavor: { name: 'm1.small', vcpus: 1, ram: 2048 }, host: 'compute-1', status: 'active' },
        source: 'openstack', id: randomUUID(), monotonic_time: null };
    }
  }
}
${classes}
`,
  );
  return dir;
}

function writeConf(dir, name, lines) {
  const file = join(dir, `${name}.conf`);
  writeFileSync(file, ['[DEFAULT]', 'polling_namespaces = bench', '[polling]', `cfg_file = ${join(dir, 'polling.yaml')}`, `batch_size = ${batchSize}`, ...lines, ''].join('\n'));
  return file;
}

/** Runs one poll-once under GNU time; returns the measures. */
function runOnce(conf, extraArgs, env) {
  return new Promise((resolveRun, reject) => {
    const started = Date.now();
    const devnull = openSync('/dev/null', 'w');
    const child = cleanup.spawn(
      GNU_TIME,
      ['-f', 'GNUTIME %e %U %S %M', process.execPath, LAUNCHER, '--config-file', conf, '--poll-once', '--debug', ...extraArgs],
      { env: { ...process.env, ...env, CEILOMETER_PLUGIN_CACHE: '0' }, stdio: ['ignore', devnull, 'pipe'] },
      { name: 'ceilometer-polling --poll-once' },
    );
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('close', (code) => {
      const time = err.match(/GNUTIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/);
      if (code !== 0 || !time) return reject(new Error(`poll-once failed (${code}):\n${err.slice(-3000)}`));
      const logs = err.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      const cycle = logs.find((l) => typeof l.msg === 'string' && l.msg.startsWith('cycle of interval'));
      const firstPoll = logs.find((l) => typeof l.msg === 'string' && l.msg.startsWith('Polling pollster'));
      const finished = logs.find((l) => l.msg === 'poll-once finished');
      resolveRun({
        samples: finished?.samples,
        cycleSeconds: cycle ? cycle.durationMs / 1000 : NaN,
        // first poll to exit of the command: includes the final flush (AMQP confirms)
        pollToDoneSeconds: firstPoll && finished ? (finished.time - firstPoll.time) / 1000 : NaN,
        wallSeconds: Number(time[1]),
        cpuSeconds: Number(time[2]) + Number(time[3]),
        peakRssMiB: Number(time[4]) / 1024,
        elapsedMs: Date.now() - started,
      });
    });
    child.failed.catch(reject);
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function main() {
  if (!existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js'))) throw new Error('build first: pnpm build');
  requireAnchor({ name: 'GNU time (CPU and peak RSS)', column: 'every run', path: GNU_TIME, debianPackages: ['time'] });
  const withAmqp = !args['no-amqp'] && ensureAnchor({ name: 'RabbitMQ', column: 'amqp', path: '/usr/sbin/rabbitmq-server', debianPackages: ['rabbitmq-server'] });
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-bench-polling-'));
  cleanup.add('work dir', async () => rmSync(dir, { recursive: true, force: true }), () => rmSync(dir, { recursive: true, force: true }));
  const results = [];
  {
    const pluginPath = writePlugin(join(dir, 'plugins'));
    writeFileSync(join(dir, 'polling.yaml'), ['---', 'sources:', '  - name: bench', '    interval: 300', '    meters:', '      - "bench.*"', ''].join('\n'));
    const stdoutConf = writeConf(dir, 'stdout', ['enable_notifications = false']);
    const nullConf = writeConf(dir, 'null', ['enable_notifications = false']);
    let amqpConf;
    if (withAmqp) {
      const { startRabbitMQ } = await import('@ceilometer-ts/test-services');
      process.stderr.write('starting a private RabbitMQ...\n');
      const rabbit = await startRabbitMQ({ private: true });
      cleanup.recordService('rabbitmq', rabbit.dataDir);
      cleanup.add('rabbitmq', () => rabbit.stop());
      // NOTE: a fresh topic per run; the queue the notifier declares keeps the messages (no consumer)
      amqpConf = writeConf(dir, 'amqp', ['enable_notifications = true', '[DEFAULT]', `transport_url = ${rabbit.url}`, '[oslo_messaging_notifications]', 'topics = bench_notifications', '[publisher]', 'telemetry_secret = bench']);
    }
    const scenarios = [
      { sink: 'stdout', conf: stdoutConf, extra: [] },
      { sink: 'null', conf: nullConf, extra: ['--publish'] },
      ...(amqpConf ? [{ sink: 'amqp', conf: amqpConf, extra: ['--publish'] }] : []),
    ];
    for (const size of sizes) {
      const resources = Math.ceil(size / meters);
      for (const s of scenarios) {
        const runs = [];
        for (let i = 0; i < repeat; i++) {
          runs.push(await runOnce(s.conf, s.extra, { CEILOMETER_PLUGIN_PATH: pluginPath, BENCH_RESOURCES: String(resources) }));
          process.stderr.write('.');
        }
        const row = {
          samplesPerCycle: runs[0].samples,
          resources,
          meters,
          sink: s.sink,
          cycleSeconds: median(runs.map((r) => r.cycleSeconds)),
          pollToDoneSeconds: median(runs.map((r) => r.pollToDoneSeconds)),
          wallSeconds: median(runs.map((r) => r.wallSeconds)),
          cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
          peakRssMiB: median(runs.map((r) => r.peakRssMiB)),
          ...(s.sink === 'amqp' ? { samplesPerSecond: Math.round(runs[0].samples / median(runs.map((r) => r.pollToDoneSeconds))) } : {}),
        };
        results.push(row);
        process.stderr.write(` ${size} ${s.sink} done\n`);
      }
    }
  }
  // the broker is stopped before the report, by the same code as on any other exit
  await cleanup.run();
  if (args.json) {
    console.log(JSON.stringify({ node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), batchSize, repeat, results }, null, 2));
    return;
  }
  console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model}, batch_size ${batchSize}, median of ${repeat} runs`);
  console.log('| samples/cycle | resources x meters | sink | cycle wall (s) | poll to done (s) | process wall (s) | CPU (s) | peak RSS (MiB) | AMQP samples/s |');
  console.log('|---:|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.samplesPerCycle} | ${r.resources} x ${r.meters} | ${r.sink} | ${r.cycleSeconds.toFixed(2)} | ${r.pollToDoneSeconds.toFixed(2)} | ${r.wallSeconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${r.peakRssMiB.toFixed(0)} | ${r.samplesPerSecond ?? ''} |`,
    );
  }
}

await cleanup.main(main);
