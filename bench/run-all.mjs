#!/usr/bin/env node
// Runs every benchmark in turn (each against the built dist: run `pnpm build` first) and prints
// their reports. Benchmarks are not tests: they start their own services and take minutes.
// Each suite stops what it started on every exit path (bench/lib/cleanup.mjs); SIGINT/SIGTERM/SIGHUP
// sent to this runner are passed to the running suite, which stops its services before it exits.
// Usage: node bench/run-all.mjs [registry] [polling] [notification] [snmp] [compute] [gnocchi] [coordination] [central] [ipmi] [--no-install-anchors]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const suites = { registry: 'registry/scan.mjs', polling: 'polling/run.mjs', notification: 'notification/run.mjs', snmp: 'snmp/run.mjs', compute: 'compute/run.mjs', gnocchi: 'gnocchi/run.mjs', coordination: 'coordination/run.mjs', central: 'central/run.mjs', ipmi: 'ipmi/run.mjs' };
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const wanted = names.length ? names : Object.keys(suites);

let current;
let interrupted;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted = signal;
    // the suite runs its own cleanup on this signal; we wait for it to exit, then stop
    if (current && current.exitCode === null) current.kill(signal);
  });
}

let failed = 0;
for (const name of wanted) {
  if (interrupted) break;
  const script = suites[name];
  if (!script || !existsSync(join(here, script))) {
    console.error(`unknown or missing benchmark: ${name}`);
    failed += 1;
    continue;
  }
  console.log(`\n=== ${name} (${script}) ===`);
  current = spawn(process.execPath, [join(here, script), ...flags], { stdio: 'inherit' });
  const status = await new Promise((resolve) => {
    current.once('error', (err) => {
      console.error(`${name}: ${err.message}`);
      resolve(1);
    });
    current.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  current = undefined;
  if (status !== 0) failed += 1;
}
if (interrupted) console.error(`interrupted (${interrupted}): stopped after the running suite cleaned up`);
process.exitCode = interrupted ? 130 : failed ? 1 : 0;
