#!/usr/bin/env node
/**
 * Coordination benchmark (issue 13). Build first (`pnpm build`).
 *   - ring: ownership decisions per second for 100,000 resources and 10 members, ours
 *     (@ceilometer-ts/coordination) against tooz's HashRing (Debian python3-tooz, the anchor) in the
 *     same run, with their agreement on the first 1,000 keys and the share of keys moved by an 11th member;
 *   - failover: time from a polling agent's SIGKILL to full coverage of its resources by the two
 *     survivors, through a private Redis and a private etcd (interval 1 s, `?timeout=3`).
 *
 *   node bench/coordination/run.mjs [--only ring|failover] [--backends redis,etcd] [--repeat 3] [--timeout 3] [--json] [--no-install-anchors]
 *
 * Everything started (backends, agents) is stopped on every exit path (../lib/cleanup.mjs).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureAnchor } from '../lib/anchors.mjs';
import { Cleanup } from '../lib/cleanup.mjs';
import { failoverBench } from './failover.mjs';
import { ringBench } from './ring.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    repeat: { type: 'string', default: '3' },
    timeout: { type: 'string', default: '3' },
    backends: { type: 'string', default: 'redis,etcd' },
    json: { type: 'boolean', default: false },
    'no-install-anchors': { type: 'boolean', default: false },
  },
});
const cleanup = new Cleanup('bench coordination');
const want = (name) => !args.only || args.only === name;

await cleanup.main(async () => {
  const report = {};
  if (want('ring')) {
    const python = ensureAnchor({ name: "tooz's HashRing", column: 'tooz (anchor)', debianPackages: ['python3-tooz'], path: '/usr/bin/python3', check: toozImports });
    process.stderr.write('ring: 100,000 resources, 10 members ...\n');
    report.ring = await ringBench({ python });
  }
  if (want('failover')) {
    const services = await import(join(ROOT, 'packages/test-services/dist/index.js'));
    const options = { repeat: Number(args.repeat), timeout: Number(args.timeout) };
    const backends = {
      redis: { anchor: { name: 'redis-server', debianPackages: ['redis-server'], path: '/usr/bin/redis-server' }, start: () => services.startRedis() },
      etcd: { anchor: { name: 'etcd', debianPackages: ['etcd-server'], path: '/usr/bin/etcd' }, start: () => services.startEtcd() },
    };
    report.failover = [];
    for (const name of args.backends.split(',')) {
      const backend = backends[name];
      if (!backend) throw new Error(`unknown backend ${name} (redis, etcd)`);
      if (!ensureAnchor({ ...backend.anchor, column: `failover ${name}` })) continue;
      report.failover.push(await failoverBench(cleanup, name, backend.start, options));
    }
  }
  await cleanup.run();
  if (args.json) console.log(JSON.stringify(report));
  else print(report);
});

function toozImports() {
  return spawnSync('/usr/bin/python3', ['-c', 'import tooz.hashring'], { stdio: 'ignore' }).status === 0;
}

function print(report) {
  const n = (v, d = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
  if (report.ring) {
    const r = report.ring;
    console.log(`\nownership decisions, ${n(r.keys)} resources x ${r.members} members (${r.partitions} points per member), best of 5:\n`);
    console.log('| ring | decisions/s | seconds for all |');
    console.log('|---|---:|---:|');
    console.log(`| ours (Partitioner.belongsToSelf) | ${n(r.ours.decisionsPerSecond)} | ${n(r.ours.seconds, 3)} |`);
    console.log(`| tooz HashRing.get_nodes (anchor) | ${r.tooz ? n(r.tooz.decisionsPerSecond) : 'skipped'} | ${r.tooz ? n(r.tooz.seconds, 3) : ''} |`);
    if (r.tooz) console.log(`\nours / tooz: ${(r.ours.decisionsPerSecond / r.tooz.decisionsPerSecond).toFixed(1)}x; same owner as tooz for ${(r.agreement * 100).toFixed(1)}% of the first 1,000 keys`);
    console.log(`an 11th member moves ${(r.movedOnJoin * 100).toFixed(1)}% of the keys (1/11 = 9.1%); member-0 owns ${(r.ours.ownShare * 100).toFixed(1)}%`);
  }
  for (const f of report.failover ?? []) {
    const ms = f.runs.map((r) => r.coverageMs).sort((a, b) => a - b);
    console.log(`\nfailover through ${f.label} (interval ${f.interval} s, timeout ${f.timeout} s): full coverage after SIGKILL in ${ms.join(', ')} ms (bound: timeout + interval = ${(f.timeout + f.interval) * 1000} ms, plus one cycle)`);
  }
}
