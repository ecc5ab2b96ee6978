#!/usr/bin/env node
/**
 * Memory for one poison-sized notification (issue 8): a `magnum.bay.metrics.update` with N metrics
 * through meters.yaml's `magnum` definition into one publisher, in a fresh process each, measured
 * from outside (VmHWM polled from /proc, so a run that dies of OOM still reports its peak):
 * - ours: the built dist of this checkout (`poison-ours.mjs`; work budget off, so it is processed);
 * - before: the same script against another built checkout (`--before DIR`, e.g. the parent commit);
 * - upstream: Debian's python3-ceilometer 19.0 in-process (`poison_upstream.py`): the same
 *   ProcessMeterNotifications and Sample.from_notification the agent runs, and its FilePublisher.
 * Publisher `test` holds the samples in memory (no serialisation); `file` writes every sample, each
 * carrying the whole payload (N x message size bytes), to a temporary file, deleted afterwards.
 *
 * Usage: node bench/notification/poison.mjs [--metrics 3000,10000] [--publishers test,file]
 *        [--before DIR] [--skip-python] [--json]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const METRICS = arg('metrics', '3000,10000').split(',').map(Number);
const PUBLISHERS = arg('publishers', 'test,file').split(',');
const BEFORE = arg('before', undefined);
const SKIP_PYTHON = args.includes('--skip-python');
const TIMEOUT_MS = Number(arg('timeout', '600')) * 1000;

function hwmMiB(pid) {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return 0;
  }
}

function run(label, command, argv, outFile) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let peak = 0;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const poll = setInterval(() => (peak = Math.max(peak, hwmMiB(child.pid))), 20);
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      const line = out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
      const reported = line ? JSON.parse(line) : undefined;
      const written = outFile && existsSync(outFile) ? statSync(outFile).size : 0;
      if (outFile) rmSync(outFile, { force: true });
      const oom = /heap out of memory|MemoryError/.test(err);
      resolve({
        label, code, signal, oom, wallS: (performance.now() - t0) / 1000,
        peakRssMiB: Math.max(peak, reported?.peakRssMiB ?? 0), processWallS: reported?.wallS, cpuS: reported?.cpuS,
        samples: reported?.samples, messageBytes: reported?.messageBytes, writtenMiB: written / 1024 / 1024,
        error: reported ? undefined : err.split('\n').filter(Boolean).slice(-2).join(' | ').slice(0, 200),
      });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'ceilo-poison-bench-'));
const results = [];
try {
  for (const n of METRICS) {
    for (const pub of PUBLISHERS) {
      const target = (name) => (pub === 'file' ? join(dir, `${name}-${n}.log`) : undefined);
      const pubArg = (file) => (file ? `file:${file}` : 'test');
      const runs = [['ours', ROOT]];
      if (BEFORE) runs.push(['before', BEFORE]);
      for (const [name, root] of runs) {
        const file = target(name);
        results.push(await run(`${name} ${pub} ${n}`, process.execPath, [join(HERE, 'poison-ours.mjs'), root, String(n), pubArg(file)], file));
        console.error(JSON.stringify(results.at(-1)));
      }
      if (!SKIP_PYTHON) {
        const file = target('upstream');
        results.push(await run(`upstream ${pub} ${n}`, '/usr/bin/python3', [join(HERE, 'poison_upstream.py'), String(n), pubArg(file)], file));
        console.error(JSON.stringify(results.at(-1)));
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (args.includes('--json')) console.log(JSON.stringify(results, null, 2));
else {
  console.log('| run | message KB | samples | peak RSS MiB | wall s | CPU s | written MiB | outcome |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    const outcome = r.code === 0 ? 'ok' : r.oom ? `OOM (${r.signal ?? `exit ${r.code}`})` : `failed (${r.signal ?? `exit ${r.code}`}) ${r.error ?? ''}`;
    console.log(`| ${r.label} | ${r.messageBytes ? (r.messageBytes / 1024).toFixed(0) : '-'} | ${r.samples ?? '-'} | ${r.peakRssMiB.toFixed(0)} | ${(r.processWallS ?? r.wallS).toFixed(2)} | ${r.cpuS?.toFixed(2) ?? '-'} | ${r.writtenMiB.toFixed(0)} | ${outcome} |`);
  }
}
