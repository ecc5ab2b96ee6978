#!/usr/bin/env node
// Runs every benchmark in turn (each against the built dist: run `pnpm build` first) and prints
// their reports. Benchmarks are not tests: they start their own services and take minutes.
// Usage: node bench/run-all.mjs [registry] [polling] [notification] [snmp]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const suites = { registry: 'registry/scan.mjs', polling: 'polling/run.mjs', notification: 'notification/run.mjs', snmp: 'snmp/run.mjs' };
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(suites);
let failed = 0;
for (const name of wanted) {
  const script = suites[name];
  if (!script || !existsSync(join(here, script))) {
    console.error(`unknown or missing benchmark: ${name}`);
    failed += 1;
    continue;
  }
  console.log(`\n=== ${name} (${script}) ===`);
  const r = spawnSync(process.execPath, [join(here, script)], { stdio: 'inherit' });
  if (r.status !== 0) failed += 1;
}
process.exitCode = failed ? 1 : 0;
