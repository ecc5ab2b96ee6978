/**
 * Issue 9, "memory stays bounded": the built `bin/ceilometer-polling` polls a few thousand synthetic
 * samples a second into an embedded pipeline with two sinks (A: file + a failing publisher with a
 * small `delivery_queue_length`, B: file). Once the failing publisher's queue is full its resident
 * memory (VmRSS of `/proc/<pid>/status`) must level off while its drop counter grows; the healthy
 * file still holds every sample exactly once and SIGTERM ends the process within the stop timeout.
 * Build first (`pnpm build`).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, installSyntheticPlugin, jsonLines, launcherBuilt, startPolling, syntheticPollingYaml, tempDir, type TempDir } from './polling-helpers.js';

const STOP_TIMEOUT_S = 3;
/** Samples per one-second polling cycle: the sustained load. */
const PER_CYCLE = 2500;
/** Batches the failing publisher holds at most: a few cycles, so the bound is reached at once. */
const QUEUE_LENGTH = 4;
/** Before measuring: start-up, the queue filling, the heap reaching its working size. */
const WARM_UP_MS = 5_000;
/** The measured plateau, RSS sampled every `STEP_MS`. */
const MEASURE_MS = 10_000;
const STEP_MS = 250;
/**
 * How much the plateau may rise from its first half to its second half. A bounded queue moved
 * between -7.4 and +0 MiB here (the garbage collector's saw-tooth). V8 grows its heap in steps,
 * so this catches runaway growth (issue 9 measured 304 MB from redelivered messages), not a slow
 * leak: an unbounded queue (`delivery_queue_length=100000`) at this load held 20,000 more
 * samples over the plateau and rose by only 1.4 to 3.9 MiB.
 */
const MAX_GROWTH_KIB = 8 * 1024;
/** Whole-run ceiling: the agent sat at 100 to 140 MiB under this load. */
const MAX_RSS_KIB = 224 * 1024;

/** The process's resident set in KiB; undefined once it is gone. */
function rssKiB(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

/** The `dropped since start` figures of the failing publisher's report lines, in order. */
function droppedTotals(stderr: string, prefix: string): number[] {
  return jsonLines(stderr)
    .map((r) => String(r['msg']))
    .filter((m) => m.startsWith(`publisher ${prefix}`))
    .map((m) => /\((\d+) dropped since start\)/.exec(m))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
}

/** Every volume 0..produced-1 exactly once in a JSON-lines file, whole lines only. */
function expectEverySampleOnce(file: string, produced: number): void {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\n'), file).toBe(true);
  const seen = new Set<number>();
  let lines = 0;
  for (const row of jsonLines(text)) {
    lines++;
    seen.add(row['volume'] as number);
  }
  expect({ lines, distinct: seen.size }, file).toEqual({ lines: produced, distinct: produced });
}

function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe.skipIf(!launcherBuilt() || !existsSync('/proc/self/status'))('embedded pipeline under sustained load: memory stays bounded while a publisher fails', () => {
  let tmp: TempDir;
  let pluginPath: string;
  const cleanups: Array<() => void> = [];

  beforeAll(() => {
    tmp = tempDir('ceilo-outage-memory-');
    pluginPath = installSyntheticPlugin(tmp.dir);
  });
  afterAll(() => tmp.cleanup());
  afterEach(() => {
    for (const c of cleanups.splice(0).reverse()) c();
  });

  async function run(name: string, failing: string): Promise<{ produced: number; rss: number[]; stderr: string }> {
    const dir = join(tmp.dir, name);
    mkdirSync(dir, { recursive: true });
    const pipeline = tmp.write(`${name}/pipeline.yaml`, [
      'sources:', '  - name: all', '    meters: ["*"]', '    sinks: [a, b]',
      'sinks:', '  - name: a', '    publishers:', `      - file://${dir}/a.json?json`, `      - "${failing}&delivery_queue_length=${QUEUE_LENGTH}"`,
      '  - name: b', '    publishers:', `      - file://${dir}/b.json?json`, '',
    ].join('\n'));
    const conf = tmp.write(`${name}/ceilometer.conf`, [
      '[DEFAULT]', 'polling_namespaces = synthetic',
      '[polling]', `cfg_file = ${tmp.write(`${name}/polling.yaml`, syntheticPollingYaml(1))}`, 'enable_notifications = false',
      `pipeline_cfg_file = ${pipeline}`, `stop_timeout = ${STOP_TIMEOUT_S}`,
      '[publisher]', 'delivery_report_interval = 1', '',
    ].join('\n'));
    const count = join(dir, 'count');
    const agent = startPolling(['--config-file', conf], { env: { CEILOMETER_PLUGIN_PATH: pluginPath, SYNTH_RESOURCES: String(PER_CYCLE), SYNTH_COUNT_FILE: count } });
    const pid = agent.child.pid!;
    const rss: number[] = [];
    try {
      await agent.waitFor(/embedded pipeline loaded/);
      await new Promise((r) => setTimeout(r, WARM_UP_MS));
      for (let t = 0; t < MEASURE_MS; t += STEP_MS) {
        const kib = rssKiB(pid);
        if (kib !== undefined) rss.push(kib);
        await new Promise((r) => setTimeout(r, STEP_MS));
      }
    } finally {
      const started = Date.now();
      const result = await agent.stop('SIGTERM');
      expect(Date.now() - started, result.stderr.slice(-2000)).toBeLessThan(STOP_TIMEOUT_S * 1000 + 3000);
      expect(result.code, result.stderr.slice(-2000)).toBe(0);
    }
    const produced = Number(readFileSync(count, 'utf8'));
    const stderr = agent.stderr();
    // the load was sustained: several cycles each far beyond the queue bound
    expect(produced, stderr.slice(-2000)).toBeGreaterThanOrEqual(PER_CYCLE * 8);
    expectEverySampleOnce(join(dir, 'b.json'), produced);
    expectEverySampleOnce(join(dir, 'a.json'), produced);
    return { produced, rss, stderr };
  }

  /** The plateau's second half rises by less than MAX_GROWTH_KIB over its first half; the drop counter grows meanwhile. */
  function expectBounded(rss: readonly number[], stderr: string, prefix: string): void {
    expect(rss.length).toBeGreaterThanOrEqual(MEASURE_MS / STEP_MS / 2);
    const half = Math.floor(rss.length / 2);
    const growth = median(rss.slice(half)) - median(rss.slice(0, half));
    expect(growth, `RSS KiB over the plateau: ${rss.join(' ')}`).toBeLessThan(MAX_GROWTH_KIB);
    expect(Math.max(...rss), `RSS KiB over the plateau: ${rss.join(' ')}`).toBeLessThan(MAX_RSS_KIB);
    const totals = droppedTotals(stderr, prefix);
    expect(totals.length, stderr.slice(-2000)).toBeGreaterThanOrEqual(3);
    expect(totals.at(-1)! - totals[Math.floor(totals.length / 2)]!).toBeGreaterThan(0); // still dropping late in the run
    expect([...totals].sort((a, b) => a - b)).toEqual(totals);
  }

  it('HTTP target that accepts and never answers', async () => {
    const held: Array<{ destroy(): void }> = [];
    const server = createHttpServer((req) => {
      held.push(req.socket);
      req.resume(); // take the body, never answer
    });
    const port = await listen(server);
    cleanups.push(() => {
      for (const s of held) s.destroy();
      server.close();
    });
    const { rss, stderr } = await run('http-hung', `http://127.0.0.1:${port}/?timeout=1&max_retries=0&close_timeout=1&delivery_retry_timeout=600`);
    expectBounded(rss, stderr, 'http://');
  });

  it('TCP collector that accepts and never reads', async () => {
    const held: Socket[] = [];
    const server = createTcpServer({ pauseOnConnect: true }, (s) => {
      held.push(s);
      s.on('error', () => undefined);
    });
    const port = await listen(server);
    cleanups.push(() => {
      for (const s of held) s.destroy();
      server.close();
    });
    const { rss, stderr } = await run('tcp-silent', `tcp://127.0.0.1:${port}?write_timeout=1&close_timeout=1&delivery_retry_timeout=600`);
    expectBounded(rss, stderr, 'tcp://');
  });

  it('TCP to a closed port: every sample counted as dropped', async () => {
    const { rss, stderr, produced } = await run('tcp-closed', `tcp://127.0.0.1:${await freePort()}?connect_timeout=1&close_timeout=1&delivery_retry_timeout=600`);
    expectBounded(rss, stderr, 'tcp://');
    expect(droppedTotals(stderr, 'tcp://').at(-1)).toBe(produced);
  });
});
