#!/usr/bin/env node
/**
 * One process, our inspector only: sweeps the full Stein OID set over the given agents and prints
 * JSON with wall time and this process's CPU per sweep and its peak RSS. Spawned by run.mjs so that
 * nothing else (agents, CLI tools, the exporter) is counted.
 *
 *   node bench/snmp/ours.mjs --ports 17000,17001 [--sweeps 3] [--parallel 64] [--community public]
 */
import { readFileSync } from 'node:fs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const ports = String(arg('ports', '')).split(',').filter(Boolean).map(Number);
const sweeps = Number(arg('sweeps', 3));
const parallel = Number(arg('parallel', 64));
const community = String(arg('community', 'public'));

const plugin = new URL('../../plugins/inspector-snmp/', import.meta.url);
const { SnmpHardwareInspector } = await import(new URL('dist/index.js', plugin).href);
const { MapCycleCache, parseHardwareResourceUrl } = await import(new URL('node_modules/@ceilometer-ts/sdk/dist/index.js', plugin).href);
const request = JSON.parse(readFileSync(new URL('test/fixtures/stein-oids.json', plugin), 'utf8'));

const inspector = new SnmpHardwareInspector({ maxParallelHosts: parallel });
const hosts = ports.map((p) => parseHardwareResourceUrl(`snmp://${community}@127.0.0.1:${p}`));
const results = [];
for (let s = 0; s < sweeps; s++) {
  const cycle = { cache: new MapCycleCache(), timestamp: new Date().toISOString(), sourceName: 'bench', signal: new AbortController().signal };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const answers = await Promise.allSettled(hosts.map((h) => inspector.inspect(h, request, cycle)));
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const failed = answers.filter((a) => a.status === 'rejected');
  const values = answers.reduce((n, a) => n + (a.status === 'fulfilled' ? a.value.size : 0), 0);
  results.push({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, failed: failed.length, values, error: failed[0]?.reason?.message });
}
await inspector.close();
console.log(JSON.stringify({ hosts: hosts.length, sweeps: results, maxRssKb: process.resourceUsage().maxRSS }));
