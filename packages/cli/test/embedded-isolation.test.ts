/**
 * Issue 9, the two-sink matrix for the polling agent in embedded mode: the built
 * `bin/ceilometer-polling` polls the synthetic pollster (volumes numbered 0, 1, 2, ... across the
 * process) every second into an embedded pipeline with two sinks (A: file + a failing publisher,
 * B: file). Each healthy file holds every polled sample exactly once; a failing file publisher
 * gets every sample once its obstacle is gone; a network publisher that never recovers has every
 * sample counted as dropped; SIGTERM ends the process within the stop timeout. Build first
 * (`pnpm build`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, installSyntheticPlugin, jsonLines, launcherBuilt, startPolling, syntheticPollingYaml, tempDir, type TempDir } from './polling-helpers.js';

const STOP_TIMEOUT_S = 3;

/** volume -> times seen in a JSON-lines file. */
function volumes(file: string): Map<number, number> {
  const out = new Map<number, number>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  expect(text === '' || text.endsWith('\n')).toBe(true); // whole records only
  for (const row of jsonLines(text)) out.set(row['volume'] as number, (out.get(row['volume'] as number) ?? 0) + 1);
  return out;
}

function expectExactlyOnce(file: string, produced: number): void {
  const seen = volumes(file);
  expect(seen.size, file).toBe(produced);
  expect([...seen.keys()].every((v) => v >= 0 && v < produced)).toBe(true);
  expect([...seen.values()].every((n) => n === 1)).toBe(true);
}

const works = (cmd: string, args: string[]): boolean => spawnSync(cmd, args).status === 0;
const chattrWorks = ((): boolean => {
  const probe = join(tmpdir(), `ceilo-chattr-probe-e-${process.pid}`);
  writeFileSync(probe, '');
  const ok = works('chattr', ['+i', probe]);
  spawnSync('chattr', ['-i', probe]);
  rmSync(probe, { force: true });
  return ok;
})();
const tmpfsWorks = ((): boolean => {
  const probe = join(tmpdir(), `ceilo-tmpfs-probe-e-${process.pid}`);
  mkdirSync(probe, { recursive: true });
  const ok = works('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
  if (ok) spawnSync('umount', ['-l', probe]);
  rmSync(probe, { recursive: true, force: true });
  return ok;
})();

interface Case {
  /** The failing publisher's URL (`@DIR@` is the case's directory). */
  readonly failing: (dir: string) => Promise<string> | string;
  /** Before the agent starts. */
  readonly beforeStart?: (dir: string) => void;
  /** Once the pipeline is loaded (its files exist). */
  readonly obstruct?: (dir: string) => void;
  /** A few cycles later; absent: the target never recovers. */
  readonly clear?: (dir: string) => void;
}

describe.skipIf(!launcherBuilt())('embedded pipeline (ceilometer-polling): a failing publisher never stalls polling or the healthy sink', () => {
  let tmp: TempDir;
  let pluginPath: string;
  const undo: Array<() => void> = [];

  beforeAll(() => {
    tmp = tempDir('ceilo-embedded-isolation-');
    pluginPath = installSyntheticPlugin(tmp.dir);
  });
  afterAll(() => tmp.cleanup());
  afterEach(() => {
    for (const u of undo.splice(0).reverse()) u();
  });

  async function run(name: string, c: Case): Promise<{ dir: string; produced: number; stderr: string }> {
    const dir = join(tmp.dir, name);
    mkdirSync(dir, { recursive: true });
    c.beforeStart?.(dir);
    const failing = (await c.failing(dir)).replaceAll('@DIR@', dir);
    const pipeline = tmp.write(`${name}/pipeline.yaml`, [
      'sources:', '  - name: all', '    meters: ["*"]', '    sinks: [a, b]',
      'sinks:', '  - name: a', '    publishers:', `      - file://${dir}/a.json?json`, `      - "${failing}"`,
      '  - name: b', '    publishers:', `      - file://${dir}/b.json?json`, '',
    ].join('\n'));
    const polling = tmp.write(`${name}/polling.yaml`, syntheticPollingYaml(1));
    const conf = tmp.write(`${name}/ceilometer.conf`, [
      '[DEFAULT]', 'polling_namespaces = synthetic', '[polling]', `cfg_file = ${polling}`, 'enable_notifications = false',
      `pipeline_cfg_file = ${pipeline}`, `stop_timeout = ${STOP_TIMEOUT_S}`, '',
    ].join('\n'));
    const count = join(dir, 'count');
    const agent = startPolling(['--config-file', conf], { env: { CEILOMETER_PLUGIN_PATH: pluginPath, SYNTH_RESOURCES: '20', SYNTH_COUNT_FILE: count } });
    try {
      await agent.waitFor(/embedded pipeline loaded/);
      c.obstruct?.(dir);
      await new Promise((r) => setTimeout(r, 2500));
      c.clear?.(dir);
      await new Promise((r) => setTimeout(r, c.clear ? 3500 : 500));
    } finally {
      const started = Date.now();
      const result = await agent.stop('SIGTERM');
      expect(Date.now() - started, result.stderr.slice(-2000)).toBeLessThan(STOP_TIMEOUT_S * 1000 + 3000);
      expect(result.code, result.stderr.slice(-2000)).toBe(0);
    }
    const produced = Number(readFileSync(count, 'utf8'));
    expect(produced).toBeGreaterThanOrEqual(60); // polling went on: at least three cycles of 20
    expectExactlyOnce(join(dir, 'a.json'), produced);
    expectExactlyOnce(join(dir, 'b.json'), produced);
    return { dir, produced, stderr: agent.stderr() };
  }

  /** The "closed" line of the failing publisher's queue: flushed, dropped at close, dropped in all. */
  function closeCounts(stderr: string, prefix: string): { flushed: number; dropped: number; total: number } {
    const line = jsonLines(stderr).map((r) => String(r['msg'])).find((m) => m.startsWith(`publisher ${prefix}`) && m.includes(' closed: '));
    const m = line?.match(/closed: (\d+) \w+ flushed, (\d+) dropped \((\d+) dropped since start\)/);
    expect(m, stderr.slice(-2000)).toBeTruthy();
    return { flushed: Number(m![1]), dropped: Number(m![2]), total: Number(m![3]) };
  }

  it('TCP to a closed port: every sample counted as dropped', async () => {
    const { produced, stderr } = await run('tcp-closed', { failing: async () => `tcp://127.0.0.1:${await freePort()}?connect_timeout=1&close_timeout=1&delivery_retry_timeout=600` });
    expect(closeCounts(stderr, 'tcp://')).toEqual({ flushed: 0, dropped: produced, total: produced });
  });

  it('TCP collector that never reads: polling goes on, every sample delivered or counted', async () => {
    const server = createServer({ pauseOnConnect: true }, (s) => void s.on('error', () => undefined));
    const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)));
    undo.push(() => server.close());
    const { stderr, produced } = await run('tcp-silent', { failing: () => `tcp://127.0.0.1:${port}?write_timeout=1&close_timeout=1&delivery_retry_timeout=600` });
    // the kernel's buffers take small batches; anything held at the end is counted
    const line = jsonLines(stderr).map((r) => String(r['msg'])).find((m) => m.startsWith('publisher tcp://') && m.includes(' closed: '));
    if (line) expect(Number(/\((\d+) dropped since start\)/.exec(line)![1])).toBeLessThanOrEqual(produced);
  });

  it.skipIf(!chattrWorks)('read-only (immutable) file: every sample once it is writable again', async () => {
    const { dir, produced } = await run('read-only', {
      failing: () => 'file://@DIR@/c.json?json',
      obstruct: (dir) => {
        execFileSync('chattr', ['+i', join(dir, 'c.json')]);
        undo.push(() => spawnSync('chattr', ['-i', join(dir, 'c.json')]));
      },
      clear: (dir) => execFileSync('chattr', ['-i', join(dir, 'c.json')]),
    });
    expectExactlyOnce(join(dir, 'c.json'), produced);
  });

  it.skipIf(!tmpfsWorks)('full disk (tmpfs): no partial line, every sample once the space is back', async () => {
    const mountpoint = join(tmpdir(), `ceilo-embedded-full-${process.pid}`);
    const { produced } = await run('full-disk', {
      beforeStart: () => {
        mkdirSync(mountpoint, { recursive: true });
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mountpoint]);
        undo.push(() => {
          spawnSync('umount', ['-l', mountpoint]);
          rmSync(mountpoint, { recursive: true, force: true });
        });
      },
      failing: () => `file://${mountpoint}/c.json?json`,
      obstruct: () => writeFileSync(join(mountpoint, 'filler'), Buffer.alloc(508 * 1024)),
      clear: () => rmSync(join(mountpoint, 'filler')),
    });
    expectExactlyOnce(join(mountpoint, 'c.json'), produced);
  });

  it('failed rotation (a directory where the backup goes): the file keeps every sample', async () => {
    const { dir, produced } = await run('rotation', {
      beforeStart: (dir) => {
        mkdirSync(join(dir, 'c.json.1'));
        writeFileSync(join(dir, 'c.json.1', 'keep'), 'x');
      },
      failing: () => 'file://@DIR@/c.json?json&max_bytes=4000&backup_count=1',
    });
    expectExactlyOnce(join(dir, 'c.json'), produced);
  });
});
