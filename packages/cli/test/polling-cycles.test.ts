/**
 * `ceilometer-polling --poll-cycles N` end to end: N cycles of every task at the configured
 * intervals, the samples of every cycle printed as `--poll-once` prints them (a moving counter's
 * delta and rate meters appear from the second cycle), `--poll-once`'s exit code rules over every
 * cycle, usage errors, and a signal ending the run early. Build first (`pnpm build`).
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, jsonLines, launcherBuilt, runPolling, startPolling, tempDir, type TempDir } from './polling-helpers.js';

/** The fixture's counter step (bytes per cycle). */
const STEP = 4096;

describe.skipIf(!launcherBuilt())('ceilometer-polling --poll-cycles (spawned)', () => {
  let tmp: TempDir;
  let pluginPath: string;

  beforeAll(() => {
    tmp = tempDir('ceilo-poll-cycles-');
    pluginPath = join(tmp.dir, 'plugins');
    cpSync(join(FIXTURES, 'counter-pollster'), join(pluginPath, 'node_modules/ceilo-test-counter-pollster'), { recursive: true });
  });
  afterAll(() => tmp.cleanup());

  const env = (): Record<string, string> => ({ CEILOMETER_PLUGIN_PATH: pluginPath });

  /** A ceilometer.conf for the counter namespace with these polling.yaml sources. */
  function conf(name: string, sources: readonly { name: string; interval: number; meters: readonly string[]; resources: readonly string[] }[]): string {
    const lines = ['---', 'sources:'];
    for (const s of sources) {
      lines.push(`  - name: ${s.name}`, `    interval: ${s.interval}`, '    meters:', ...s.meters.map((m) => `      - "${m}"`), '    resources:', ...s.resources.map((r) => `      - "${r}"`));
    }
    const yaml = tmp.write(`${name}/polling.yaml`, `${lines.join('\n')}\n`);
    return tmp.write(`${name}/ceilometer.conf`, ['[DEFAULT]', 'polling_namespaces = counter', '[polling]', `cfg_file = ${yaml}`, 'enable_notifications = false', ''].join('\n'));
  }

  const counterMeters = ['counter.bytes', 'counter.bytes.delta', 'counter.bytes.rate'];

  it('prints every cycle\'s samples; delta and rate appear on the second cycle', async () => {
    const file = conf('two', [{ name: 'moving', interval: 1, meters: counterMeters, resources: ['disk-a'] }]);
    const started = Date.now();
    const run = await runPolling(['--config-file', file, '--poll-cycles', '2'], { env: env() });
    const wall = Date.now() - started;
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const samples = jsonLines(run.stdout);
    // the same keys as --poll-once prints
    for (const s of samples) expect(Object.keys(s).sort()).toEqual(['id', 'monotonic_time', 'name', 'project_id', 'resource_id', 'resource_metadata', 'source', 'timestamp', 'type', 'unit', 'user_id', 'volume']);
    const byName = (name: string): Record<string, unknown>[] => samples.filter((s) => s['name'] === name);
    const counter = byName('counter.bytes');
    expect(counter.map((s) => s['volume'])).toEqual([STEP, 2 * STEP]);
    // printed after the second cycle's counter: the cycles' samples come out in order
    const second = samples.indexOf(counter[1]!);
    const delta = byName('counter.bytes.delta');
    expect(delta).toEqual([expect.objectContaining({ type: 'delta', unit: 'B', volume: STEP, resource_id: 'disk-a' })]);
    expect(samples.indexOf(delta[0]!)).toBeGreaterThan(second);
    const rate = byName('counter.bytes.rate');
    expect(rate).toEqual([expect.objectContaining({ type: 'gauge', unit: 'B/s', resource_id: 'disk-a' })]);
    expect(samples.indexOf(rate[0]!)).toBeGreaterThan(second);
    // the second cycle runs one interval (1 s) after the first: about STEP bytes per second
    const seconds = (Date.parse(String(counter[1]!['timestamp'])) - Date.parse(String(counter[0]!['timestamp']))) / 1000;
    expect(seconds).toBeGreaterThan(0.9);
    expect(seconds).toBeLessThan(1.5);
    expect(rate[0]!['volume']).toBeGreaterThan(STEP / 1.5);
    expect(rate[0]!['volume']).toBeLessThan(STEP / 0.9);
    expect(wall).toBeGreaterThan(1000);
    const finished = jsonLines(run.stderr).find((l) => l['msg'] === 'poll-cycles finished');
    expect(finished).toMatchObject({ cycles: 2, samples: 4, failed: 0, notPolled: 0, interrupted: false });
  });

  it('runs N cycles of every task: the longest interval sets the length of the run', async () => {
    const file = conf('intervals', [
      { name: 'fast', interval: 1, meters: ['counter.bytes'], resources: ['fast-disk'] },
      { name: 'slow', interval: 2, meters: ['counter.bytes'], resources: ['slow-disk'] },
    ]);
    const run = await runPolling(['--config-file', file, '--poll-cycles', '3'], { env: env() });
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const samples = jsonLines(run.stdout);
    const times = (resource: string): number[] => samples.filter((s) => s['resource_id'] === resource).map((s) => Date.parse(String(s['timestamp'])));
    const fast = times('fast-disk');
    const slow = times('slow-disk');
    expect(fast).toHaveLength(3);
    expect(slow).toHaveLength(3);
    // each task on its own interval: slots 0, 1, 2 s and 0, 2, 4 s
    expect(fast[2]! - fast[0]!).toBeGreaterThan(1900);
    expect(fast[2]! - fast[0]!).toBeLessThan(2600);
    expect(slow[2]! - slow[0]!).toBeGreaterThan(3900);
    expect(slow[2]! - slow[0]!).toBeLessThan(4600);
    expect(jsonLines(run.stderr).find((l) => l['msg'] === 'poll-cycles finished')).toMatchObject({ cycles: 6, samples: 6, interrupted: false });
  });

  it('exits 1 when a pollster fails in a later cycle, after printing every cycle\'s samples', async () => {
    const file = conf('fails-later', [{ name: 'moving', interval: 1, meters: ['counter.bytes', 'counter.fails_later'], resources: ['disk-a'] }]);
    const run = await runPolling(['--config-file', file, '--poll-cycles', '2'], { env: env() });
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout).map((s) => s['name'])).toEqual(['counter.bytes', 'counter.fails_later', 'counter.bytes']);
    expect(run.stderr).toContain('counter failure on a later cycle');
    expect(jsonLines(run.stderr).find((l) => l['msg'] === 'poll-cycles finished')).toMatchObject({ cycles: 2, failed: 1, interrupted: false });
  });

  it('exits 1 and names the pollster when one has no resources', async () => {
    const file = conf('no-resources', [{ name: 'moving', interval: 1, meters: ['counter.bytes'], resources: [] }]);
    const run = await runPolling(['--config-file', file, '--poll-cycles', '2'], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(jsonLines(run.stderr).find((l) => l['msg'] === 'poll-cycles finished')).toMatchObject({ cycles: 2, notPolled: 1, notPolledPollsters: ['moving/counter.bytes'] });
  });

  it('SIGTERM ends the run after the cycle in flight: what was polled is printed, exit 1', async () => {
    const file = conf('interrupted', [{ name: 'moving', interval: 1, meters: ['counter.bytes'], resources: ['disk-a'] }]);
    const agent = startPolling(['--config-file', file, '--poll-cycles', '1000'], { env: env() });
    await agent.waitFor(/"name":"counter.bytes"/, 30_000, 'stdout');
    const run = await agent.stop('SIGTERM');
    expect(run.code).toBe(1);
    expect(run.signal).toBeNull();
    expect(jsonLines(run.stdout).length).toBeGreaterThan(0);
    const finished = jsonLines(run.stderr).find((l) => l['msg'] === 'poll-cycles finished');
    expect(finished).toMatchObject({ failed: 0, interrupted: true });
    expect(finished!['cycles'] as number).toBeLessThan(1000);
  });

  it.each([
    [['--poll-once', '--poll-cycles', '2'], "option '--poll-cycles <n>' cannot be used with option '--poll-once'"],
    [['--poll-cycles', '0'], 'expected a whole number of cycles, at least 1'],
    [['--poll-cycles', '1.5'], 'expected a whole number of cycles, at least 1'],
    [['--poll-cycles', 'two'], 'expected a whole number of cycles, at least 1'],
  ])('%j is a usage error (exit 1, nothing polled)', async (args, message) => {
    const run = await runPolling(args, { env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });

  it('--help explains --poll-cycles', async () => {
    const run = await runPolling(['--help']);
    expect(run.code).toBe(0);
    const help = run.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--poll-cycles <n>');
    expect(help).toContain('the run ends when every task has run N cycles');
    expect(help).toContain('with --poll-once or --poll-cycles');
  });
});
