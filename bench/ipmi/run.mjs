#!/usr/bin/env node
/**
 * IPMI polling benchmark (issue 15): one polling cycle of the IPMI sensor meters over N simulated
 * BMCs (default 50 `ipmi_sim` processes from test-services' startIpmiSimFleet), side by side in one
 * run:
 *   - ours:     built `bin/ceilometer-polling --polling-namespaces ipmi --poll-once`, the N BMCs in
 *               `[ipmi] bmcs_file` (discovery `ipmi_bmcs`: remote `-I lanplus -H` ipmitool calls,
 *               `[ipmi] max_parallel` at once), samples as JSON lines to a pipe that counts them;
 *   - upstream (anchor): Python Ceilometer 19.0 (Debian) polls in-band only, one agent per node, so
 *               covering N BMCs takes N agents. The anchor is the cheaper, fairer form: ONE Python
 *               process (bench/ipmi/upstream_fleet.py) that builds 19.0's four sensor pollsters once
 *               (privsep daemon included, started by upstream through `sudo privsep-helper`) and
 *               polls each BMC in turn (one start-up on each side, as for ours);
 *   - upstream, N agents (`--upstream-agents`): N runs of its real agent
 *               (`packages/test-services/python/upstream_polling.py --polling-namespaces ipmi`, one
 *               cycle each, one after the other): what N bare-metal nodes pay in all.
 * Every column runs under bench/lib/subreaper.py inside GNU time: CPU is user + sys of the whole
 * process tree, upstream's daemonized privsep helper and every ipmitool child included. Every
 * ipmitool call goes through a counting `sh` wrapper (the same extra exec on both sides).
 *
 *   pnpm build && node bench/ipmi/run.mjs [--bmcs 50] [--parallel 8] [--upstream-agents] [--json]
 *     [--no-install-anchors] [--no-upstream]
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureAnchor, requireAnchor } from '../lib/anchors.mjs';
import { Cleanup } from '../lib/cleanup.mjs';
import { measured } from '../lib/measure.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const LAUNCHER = join(ROOT, 'bin/ceilometer-polling');
const PYTHON = '/usr/bin/python3';
const SUBREAPER = join(ROOT, 'bench/lib/subreaper.py');
const UPSTREAM_FLEET = join(HERE, 'upstream_fleet.py');
const SENSOR_METERS = ['hardware.ipmi.temperature', 'hardware.ipmi.voltage', 'hardware.ipmi.current', 'hardware.ipmi.fan', 'hardware.ipmi.power'];

const { values: args } = parseArgs({
  options: {
    bmcs: { type: 'string', default: '50' },
    parallel: { type: 'string', default: '8' },
    'upstream-agents': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'no-install-anchors': { type: 'boolean', default: false },
    'no-upstream': { type: 'boolean', default: false },
  },
});
const nBmcs = Number(args.bmcs);
const cleanup = new Cleanup('bench ipmi');

/** An executable sh script. */
function script(path, lines) {
  writeFileSync(path, `#!/bin/sh\n${lines.join('\n')}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Lines in a counter file (one per ipmitool call), then emptied. */
function takeCount(file) {
  const n = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
  writeFileSync(file, '');
  return n;
}

/** `[ipmi] bmcs_file` for our agent: every simulator, the password in a file. */
function bmcsYaml(bmcs, passwordFile) {
  const lines = ['bmcs:'];
  for (const [i, b] of bmcs.entries()) {
    lines.push(`  - name: bmc-${i}`, `    address: ${b.host}`, `    port: ${b.port}`, `    username: ${b.user}`, '    cipher_suite: 3', `    password_file: ${passwordFile}`);
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  requireAnchor({ name: 'GNU time (CPU and peak RSS)', column: 'every run', path: '/usr/bin/time', debianPackages: ['time'] });
  requireAnchor({ name: 'ipmi_sim (BMC simulator)', column: 'every run', path: '/usr/bin/ipmi_sim', debianPackages: ['openipmi'] });
  requireAnchor({ name: 'ipmitool', column: 'every run', path: '/usr/bin/ipmitool', debianPackages: ['ipmitool'] });
  if (!existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js')) || !existsSync(join(ROOT, 'packages/test-services/dist/index.js'))) throw new Error('build first: pnpm build');
  const ts = await import('@ceilometer-ts/test-services');
  const oursBuilt = existsSync(join(ROOT, 'plugins/pollsters-ipmi/dist/sensor-pollsters.js'));
  if (!oursBuilt) (args.json ? console.error : console.log)('SKIPPED column "ours": plugins/pollsters-ipmi is not built in this checkout');
  const withUpstream =
    !args['no-upstream'] &&
    ensureAnchor({ name: 'upstream Ceilometer 19.0 (ipmi pollsters)', column: 'upstream', path: '/usr/bin/privsep-helper', debianPackages: ['python3-ceilometer', 'python3-oslo.privsep', 'sudo'], check: () => existsSync('/usr/lib/python3/dist-packages/ceilometer/ipmi/pollsters/sensor.py') && existsSync('/usr/bin/sudo') });

  const dir = mkdtempSync(join(tmpdir(), 'ceilo-bench-ipmi-'));
  cleanup.add('work dir', async () => rmSync(dir, { recursive: true, force: true }), () => rmSync(dir, { recursive: true, force: true }));
  const counter = join(dir, 'ipmitool-calls');
  writeFileSync(counter, '');

  const t0 = Date.now();
  const fleet = await ts.startIpmiSimFleet(nBmcs);
  cleanup.add('ipmi_sim fleet', () => fleet.stop());
  const startS = (Date.now() - t0) / 1000;
  process.stderr.write(`${nBmcs} BMC simulators ready in ${startS.toFixed(2)} s (script ${fleet.startSeconds} s), ${(fleet.rssKb / 1024).toFixed(0)} MiB RSS\n`);

  const results = { bmcs: nBmcs, simulatorsStartS: startS, simulatorsRssMiB: fleet.rssKb / 1024 };
  const column = async (name, command, argv, { countLines, env = {}, samplesFrom } = {}) => {
    takeCount(counter);
    const m = await measured(cleanup, PYTHON, [SUBREAPER, command, ...argv], { name, env: { NO_COLOR: '1', CEILOMETER_PLUGIN_CACHE: '0', ...env }, countLines });
    const calls = takeCount(counter);
    const extra = samplesFrom ? samplesFrom() : {};
    return { wall: m.wall, cpu: m.cpu, rssMiB: m.peakTreeRssKb / 1024, ipmitoolCalls: calls, samples: extra.samples ?? m.lines, ...extra, stderrTail: m.stderr.slice(-1500) };
  };

  if (withUpstream) {
    const shim = await ts.writePrivsepSudoShim(join(dir, 'sudo-shim'));
    // one wrapper for every BMC: the port comes from a file the driver rewrites per BMC (the
    // privsep daemon's PATH, hence its wrapper, is fixed when upstream starts it)
    const target = join(dir, 'upstream-target-port');
    const bmc0 = fleet.bmcs[0];
    const wrapperDir = join(dir, 'upstream-bin');
    mkdirSync(wrapperDir);
    script(join(wrapperDir, 'ipmitool'), [
      `echo x >> ${counter}`,
      `exec /usr/bin/ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$(cat ${target})" -U '${bmc0.user}' -P '${bmc0.password}' "$@"`,
    ]);
    const pollingFile = join(dir, 'upstream-polling.yaml');
    writeFileSync(pollingFile, ts.pollingYaml(SENSOR_METERS.slice(0, 4), 600));
    const conf = join(dir, 'upstream.conf');
    writeFileSync(conf, ts.upstreamIpmiConf({ host: 'bmc-0', pollingFile, logFile: join(dir, 'upstream.log') }));
    const out = join(dir, 'upstream-fleet.json');
    results.upstream = await column('upstream 19.0, one process over every BMC', PYTHON, [UPSTREAM_FLEET, conf, target, out, ...fleet.bmcs.map((b, i) => `bmc-${i}=${b.port}`)], {
      env: { PATH: ts.upstreamIpmiPath(shim, wrapperDir) },
      samplesFrom: () => {
        const r = JSON.parse(readFileSync(out, 'utf8'));
        return { samples: r.samples, byMeter: r.by_meter, ownWall: r.wall_s, ownCpu: r.cpu_s };
      },
    });
    if (args['upstream-agents']) {
      // N real agents, one after the other, each with its BMC's counting wrapper
      const lines = [];
      for (const [i, b] of fleet.bmcs.entries()) {
        const wdir = join(dir, `agent-${i}-bin`);
        mkdirSync(wdir);
        script(join(wdir, 'ipmitool'), [`echo x >> ${counter}`, `exec ${join(b.wrapperDir, 'ipmitool')} "$@"`]);
        const c = join(dir, `agent-${i}.conf`);
        writeFileSync(c, ts.upstreamIpmiConf({ host: `bmc-${i}`, pollingFile, logFile: join(dir, `agent-${i}.log`) }));
        lines.push(`PATH=${ts.upstreamIpmiPath(shim, wdir)} ${PYTHON} ${ts.upstreamPollingScript()} --out ${join(dir, `agent-${i}.jsonl`)} -- --config-file ${c} --polling-namespaces ipmi || exit 1`);
      }
      const loop = script(join(dir, 'upstream-agents.sh'), lines);
      results.upstreamAgents = await column(`upstream 19.0, ${nBmcs} agents`, '/bin/sh', [loop], {
        samplesFrom: () => {
          let samples = 0;
          for (let i = 0; i < nBmcs; i++) samples += readFileSync(join(dir, `agent-${i}.jsonl`), 'utf8').split('\n').filter((l) => l.includes('"sample"')).length;
          return { samples };
        },
      });
    }
  }

  if (oursBuilt) {
    const passwordFile = join(dir, 'bmc-password');
    writeFileSync(passwordFile, fleet.bmcs[0].password, { mode: 0o600 });
    const bmcsFile = join(dir, 'bmcs.yaml');
    writeFileSync(bmcsFile, bmcsYaml(fleet.bmcs, passwordFile));
    const countingIpmitool = script(join(dir, 'ours-ipmitool'), [`echo x >> ${counter}`, 'exec /usr/bin/ipmitool "$@"']);
    const pollingFile = join(dir, 'ours-polling.yaml');
    writeFileSync(pollingFile, ['---', 'sources:', '  - name: ipmi', '    interval: 600', '    meters:', ...SENSOR_METERS.map((m) => `      - "${m}"`), '    discovery:', '      - ipmi_bmcs', ''].join('\n'));
    const conf = join(dir, 'ours.conf');
    writeFileSync(
      conf,
      ts.upstreamIpmiConf({ host: 'bench-agent', pollingFile, extraConf: [`bmcs_file = ${bmcsFile}`, `ipmitool_path = ${countingIpmitool}`, `max_parallel = ${args.parallel}`].join('\n') }),
    );
    results.ours = await column('ceilometer-polling ipmi', process.execPath, [LAUNCHER, '--config-file', conf, '--polling-namespaces', 'ipmi', '--poll-once'], { countLines: true });
  }
  if (results.ours && results.upstream) {
    results.ratios = {
      wallOursOverUpstream: results.ours.wall / results.upstream.wall,
      cpuOursOverUpstream: results.ours.cpu / results.upstream.cpu,
      rssOursOverUpstream: results.ours.rssMiB / results.upstream.rssMiB,
      ipmitoolCallsOursOverUpstream: results.ours.ipmitoolCalls / results.upstream.ipmitoolCalls,
    };
    if (results.upstreamAgents) {
      results.ratios.cpuOursOverUpstreamAgents = results.ours.cpu / results.upstreamAgents.cpu;
    }
  }
  await cleanup.run();

  if (args.json) {
    console.log(JSON.stringify({ node: process.version, cpus: cpus().length, ...results }, null, 2));
    return;
  }
  const f = (x, d = 2) => (x === undefined || !Number.isFinite(x) ? '' : x.toFixed(d));
  console.log(`node ${process.version}, ${cpus().length} CPUs; ${nBmcs} ipmi_sim BMCs (started in ${f(startS)} s, ${f(results.simulatorsRssMiB, 0)} MiB); ours max_parallel ${args.parallel}`);
  console.log('| column | wall s | CPU s (tree) | peak RSS MiB | ipmitool calls | samples |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, r] of [['upstream 19.0, one process (anchor)', results.upstream], [`upstream 19.0, ${nBmcs} agents in turn`, results.upstreamAgents], ['ours', results.ours]]) {
    if (!r) {
      console.log(`| ${name} | skipped | | | | |`);
      continue;
    }
    console.log(`| ${name} | ${f(r.wall)} | ${f(r.cpu)} | ${f(r.rssMiB, 0)} | ${r.ipmitoolCalls} | ${r.samples} |`);
  }
  if (results.ratios) {
    const r = results.ratios;
    console.log(`\nours/upstream (anchor): wall ${f(r.wallOursOverUpstream, 3)}, CPU ${f(r.cpuOursOverUpstream, 3)}, RSS ${f(r.rssOursOverUpstream, 3)}, ipmitool calls ${f(r.ipmitoolCallsOursOverUpstream, 3)}` + (r.cpuOursOverUpstreamAgents !== undefined ? `; CPU ours/${nBmcs} upstream agents ${f(r.cpuOursOverUpstreamAgents, 3)}` : ''));
  }
  if (results.upstream?.byMeter) console.log(`upstream samples by meter: ${JSON.stringify(results.upstream.byMeter)}`);
  for (const [name, r] of [['upstream', results.upstream], ['ours', results.ours]]) {
    if (r && r.samples === 0) console.log(`${name} produced no samples; its stderr ends with:\n${r.stderrTail}`);
  }
}

await cleanup.main(main);
