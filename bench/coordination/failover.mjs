/**
 * Time from a member's death to full coverage: three `ceilometer-polling` agents (the built
 * launcher) share 300 static resources polled every second through a private Redis or etcd
 * (`?timeout=T`); one is SIGKILLed; we measure, for each resource it polled last, how long until a
 * survivor polled it, and report the longest (the moment every resource is covered again). Agents
 * publish through an embedded pipeline into one `file://` log each. Used by run.mjs.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAUNCHER = join(ROOT, 'bin/ceilometer-polling');
const PLUGIN = join(ROOT, 'packages/cli/test/fixtures/polling/synthetic-pollster');
const RESOURCES = Array.from({ length: 300 }, (_, i) => `synthetic-${i}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function samplesOf(file) {
  if (!existsSync(file)) return [];
  const rows = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const s = JSON.parse(line);
      rows.push({ resource: s.resource_id, at: Date.parse(`${String(s.timestamp).replace(/(\.\d{3})\d*/, '$1')}Z`) });
    } catch {
      // a line cut by SIGKILL
    }
  }
  return rows;
}

/** One fleet on `backendUrl`: start 3 agents, wait for 3 members, kill one, measure; returns ms to full coverage. */
async function once(cleanup, backendUrl, { interval, dir }) {
  const plugins = join(dir, 'plugins');
  cpSync(PLUGIN, join(plugins, 'node_modules/ceilo-test-synthetic-pollster'), { recursive: true });
  const polling = join(dir, 'polling.yaml');
  writeFileSync(polling, ['---', 'sources:', '  - name: fleet', `    interval: ${interval}`, '    meters: [synthetic.counter]', '    resources:', ...RESOURCES.map((r) => `      - ${r}`), ''].join('\n'));
  const agents = ['a', 'b', 'c'].map((name) => {
    const samples = join(dir, `${name}.json`);
    const pipeline = join(dir, `${name}-pipeline.yaml`);
    writeFileSync(pipeline, ['---', 'sources:', '  - name: all', '    meters: ["*"]', '    sinks: [s]', 'sinks:', '  - name: s', '    publishers:', `      - file://${samples}?json`, ''].join('\n'));
    const conf = join(dir, `${name}.conf`);
    writeFileSync(conf, ['[DEFAULT]', 'polling_namespaces = synthetic', '[polling]', `cfg_file = ${polling}`, `pipeline_cfg_file = ${pipeline}`, 'enable_notifications = false', '[coordination]', `backend_url = ${backendUrl}`, ''].join('\n'));
    const child = cleanup.spawn(process.execPath, [LAUNCHER, '--config-file', conf], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CEILOMETER_PLUGIN_PATH: plugins, CEILOMETER_PLUGIN_CACHE: '0' } }, { name: `agent ${name}` });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    return { name, child, samples, stderr: () => err };
  });
  const members = (a) => Number([...a.stderr().matchAll(/partitioning group \S+: (\d+) member\(s\)/g)].at(-1)?.[1] ?? 0);
  const deadline = Date.now() + 60_000;
  while (!agents.every((a) => members(a) === 3)) {
    if (Date.now() > deadline) throw new Error(`agents did not all see 3 members:\n${agents.map((a) => a.stderr().slice(-1500)).join('\n')}`);
    await sleep(100);
  }
  await sleep(2 * interval * 1000 + 500);
  const victim = agents[1];
  const before = samplesOf(victim.samples);
  const lastAt = Math.max(...before.map((s) => s.at));
  const share = new Set(before.filter((s) => s.at === lastAt).map((s) => s.resource));
  const killedAt = Date.now();
  victim.child.kill('SIGKILL');
  await victim.child.exited;
  const survivors = agents.filter((a) => a !== victim);
  for (;;) {
    await sleep(200);
    // the first poll of each of the dead agent's resources by a survivor
    const seen = new Map();
    for (const a of survivors) {
      for (const s of samplesOf(a.samples)) if (s.at > killedAt && share.has(s.resource)) seen.set(s.resource, Math.min(seen.get(s.resource) ?? Infinity, s.at));
    }
    if (seen.size === share.size) {
      const coveredAt = Math.max(...seen.values());
      for (const a of survivors) a.child.kill('SIGTERM');
      await Promise.all(survivors.map((a) => a.child.exited));
      return { coverageMs: coveredAt - killedAt, share: share.size };
    }
    if (Date.now() - killedAt > 120_000) throw new Error('survivors never covered the dead agent\'s share');
  }
}

/** Runs `repeat` kills against a fresh backend from `startBackend()`; returns the coverage times. */
export async function failoverBench(cleanup, label, startBackend, { interval = 1, timeout = 3, repeat = 3 } = {}) {
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    const backend = await startBackend();
    const stopBackend = cleanup.add(`${label} backend`, () => backend.stop());
    const dir = mkdtempSync(join(tmpdir(), 'ceilo-bench-coord-'));
    try {
      runs.push(await once(cleanup, `${backend.url}${backend.url.includes('?') ? '&' : '?'}timeout=${timeout}`, { interval, dir }));
    } finally {
      await backend.stop();
      stopBackend();
      rmSync(dir, { recursive: true, force: true });
    }
    process.stderr.write(`  ${label} run ${i + 1}: full coverage ${runs.at(-1).coverageMs} ms after SIGKILL (${runs.at(-1).share} resources moved)\n`);
  }
  return { label, interval, timeout, runs };
}
