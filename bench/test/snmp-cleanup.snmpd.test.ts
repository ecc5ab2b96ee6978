/**
 * The SNMP benchmark with 2 agents and a missing anchor: it skips the anchor's column with a clear
 * line instead of dying of an unhandled `spawn ... ENOENT`, and on every exit path (normal end,
 * SIGTERM, SIGINT, an uncaught error, an exporter that exits at once) nothing it started is left
 * running, checked by the PIDs it recorded (CEILO_BENCH_PIDS_FILE). Needs `pnpm build` (the bench
 * imports dist) and Debian's snmpd and snmp.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const BENCH = join(ROOT, 'bench/snmp/run.mjs');
const built = existsSync(join(ROOT, 'plugins/inspector-snmp/dist/index.js')) && existsSync('/usr/sbin/snmpd');
const tmp = mkdtempSync(join(tmpdir(), 'ceilo-bench-cleanup-'));
let seq = 0;

interface BenchRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** "PID NAME" lines the bench recorded. */
  readonly recorded: ReadonlyArray<{ pid: number; name: string }>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** PIDs still alive after up to `ms` (a stopped process may take a moment to be reaped). */
async function survivors(pids: readonly number[], ms = 5000): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = pids.filter(alive);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs the bench on 2 agents, 1 sweep; `signal` is sent once stderr matches `when`. */
function runBench(env: Record<string, string>, interrupt?: { when: RegExp; signal: NodeJS.Signals }): Promise<BenchRun> {
  const pidsFile = join(tmp, `pids-${++seq}`);
  const child = spawn(process.execPath, [BENCH, '--sizes', '2', '--sweeps', '1', '--no-install-anchors'], {
    env: { ...process.env, CEILO_BENCH_PIDS_FILE: pidsFile, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    if (interrupt && !sent && interrupt.when.test(stderr)) {
      sent = true;
      child.kill(interrupt.signal);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((done) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const recorded = existsSync(pidsFile)
        ? readFileSync(pidsFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => ({ pid: Number(l.split(' ')[0]), name: l.slice(l.indexOf(' ') + 1) }))
        : [];
      done({ code, signal, stdout, stderr, recorded });
    }),
  );
}

/** Every recorded PID is gone; the snmpd fleet (supervisor and agents) was among them. */
async function expectNothingLeft(run: BenchRun): Promise<void> {
  const fleet = run.recorded.filter((r) => r.name === 'snmpd fleet');
  // the supervisor and the 2 agents
  expect(fleet.length, run.stderr.slice(-2000)).toBeGreaterThanOrEqual(3);
  expect(await survivors(run.recorded.map((r) => r.pid))).toEqual([]);
}

const MISSING_EXPORTER = { CEILO_BENCH_SNMP_EXPORTER: '/nonexistent/prometheus-snmp-exporter' };

describe.skipIf(!built)('bench/snmp/run.mjs cleans up after itself', () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('a missing prometheus-snmp-exporter: the peer column is skipped with a line, the run completes, nothing is left running', async () => {
    const run = await runBench(MISSING_EXPORTER);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout).toContain('SKIPPED column "prometheus-snmp-exporter (peer)": prometheus-snmp-exporter not found at /nonexistent/prometheus-snmp-exporter');
    expect(run.stdout).toMatch(/\| 2 \| ceilometer-ts inspector \|/);
    expect(run.stdout).toMatch(/\| 2 \| prometheus-snmp-exporter \(peer\) \| skipped \|/);
    expect(run.stderr).not.toMatch(/ENOENT|Unhandled/);
    await expectNothingLeft(run);
  });

  it('an exporter that exits at once: the peer column is skipped, nothing is left running', async () => {
    const run = await runBench({ CEILO_BENCH_SNMP_EXPORTER: '/bin/false' });
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout).toContain('SKIPPED column "prometheus-snmp-exporter (peer)": /bin/false did not start');
    await expectNothingLeft(run);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s while running: exits %i after stopping the agents', async (signal, code) => {
    const run = await runBench({ ...MISSING_EXPORTER, CEILO_BENCH_FAULT: 'hang' }, { when: /waiting for a signal/, signal });
    expect(run.code, run.stderr.slice(-2000)).toBe(code);
    expect(run.stderr).toContain(`${signal} received: stopping everything the benchmark started`);
    await expectNothingLeft(run);
  });

  it('an uncaught error: exits 1 after stopping the agents', async () => {
    const run = await runBench({ ...MISSING_EXPORTER, CEILO_BENCH_FAULT: 'uncaught' });
    expect(run.code, run.stderr.slice(-2000)).toBe(1);
    expect(run.stderr).toContain('injected fault');
    expect(run.stderr).toContain('uncaught exception: stopping everything the benchmark started');
    await expectNothingLeft(run);
  });
});
