/**
 * Helpers of the multi-agent partitioning tests (`polling-partition.*.test.ts`): a fleet of spawned
 * `ceilometer-polling` agents sharing one coordination backend, each publishing its samples through
 * an embedded pipeline into its own `file://` log, and the arithmetic that tells from those logs
 * whether every resource was polled exactly once per interval.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installSyntheticPlugin, jsonLines, startPolling, tempDir, type RunningAgent, type TempDir } from './polling-helpers.js';

/** The fleet's polling interval (seconds) and membership timeout (the URL's `timeout`, seconds). */
export const INTERVAL_S = 1;
export const TIMEOUT_S = 3;
export const RESOURCE_COUNT = 300;
export const RESOURCES = Array.from({ length: RESOURCE_COUNT }, (_, i) => `synthetic-${i}`);

/** One sample as the file publisher wrote it, reduced to what the counts need. */
export interface Polled {
  readonly agent: string;
  readonly resource: string;
  /** The cycle's timestamp, ms since the epoch. */
  readonly at: number;
}

/** A named agent process of the fleet (a restarted agent gets a new name: `b`, then `b2`). */
export interface FleetAgent {
  readonly name: string;
  readonly process: RunningAgent;
  readonly samplesFile: string;
}

/** Agents sharing one backend URL, in one temporary directory. */
export class Fleet {
  readonly tmp: TempDir;
  readonly agents = new Map<string, FleetAgent>();
  readonly #pluginPath: string;
  readonly #pollingYaml: string;
  readonly #pipelineDir: string;

  constructor(readonly backendUrl: string) {
    this.tmp = tempDir('ceilo-partition-');
    this.#pluginPath = installSyntheticPlugin(this.tmp.dir);
    this.#pollingYaml = this.tmp.write(
      'polling.yaml',
      ['---', 'sources:', '  - name: fleet', `    interval: ${INTERVAL_S}`, '    meters: [synthetic.counter]', '    resources:', ...RESOURCES.map((r) => `      - ${r}`), ''].join('\n'),
    );
    this.#pipelineDir = join(this.tmp.dir, 'samples');
    mkdirSync(this.#pipelineDir);
  }

  /** Starts agent `name`: its own ceilometer.conf, pipeline.yaml and samples file. */
  start(name: string): FleetAgent {
    const samplesFile = join(this.#pipelineDir, `${name}.json`);
    const pipeline = this.tmp.write(
      `${name}/pipeline.yaml`,
      ['---', 'sources:', '  - name: all', '    meters: ["*"]', '    sinks: [file_sink]', 'sinks:', '  - name: file_sink', '    publishers:', `      - file://${samplesFile}?json`, ''].join('\n'),
    );
    const conf = this.tmp.write(
      `${name}/ceilometer.conf`,
      [
        '[DEFAULT]',
        'polling_namespaces = synthetic',
        '[polling]',
        `cfg_file = ${this.#pollingYaml}`,
        `pipeline_cfg_file = ${pipeline}`,
        'enable_notifications = false',
        'stop_timeout = 5',
        '[coordination]',
        `backend_url = ${this.backendUrl}`,
        '',
      ].join('\n'),
    );
    const process = startPolling(['--config-file', conf], { env: { CEILOMETER_PLUGIN_PATH: this.#pluginPath, SYNTH_METERS: '1' }, timeoutMs: 600_000 });
    const agent = { name, process, samplesFile };
    this.agents.set(name, agent);
    return agent;
  }

  /** Every sample every agent wrote so far. */
  samples(): Polled[] {
    const all: Polled[] = [];
    for (const { name, samplesFile } of this.agents.values()) {
      if (!existsSync(samplesFile)) continue;
      for (const s of jsonLines(readFileSync(samplesFile, 'utf8'))) {
        all.push({ agent: name, resource: String(s['resource_id']), at: Date.parse(String(s['timestamp']).replace(/(\.\d{3})\d*/, '$1') + 'Z') });
      }
    }
    return all;
  }

  /** Stops every live agent (SIGTERM) and removes the directory. */
  async stop(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.process.stop('SIGTERM')));
    this.tmp.cleanup();
  }
}

/** Waits until `agent` logged that its group has `members` members (after `from` lines were already there). */
export async function waitForMembers(agent: FleetAgent, members: number, timeoutMs = 30_000): Promise<void> {
  await agent.process.waitFor(new RegExp(`partitioning group \\S+: ${members} member\\(s\\)[^\\n]*$`, 'm'), timeoutMs);
}

/** Waits until every listed agent's latest ownership line says `members` members. */
export async function waitForAllMembers(agents: readonly FleetAgent[], members: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (agents.every((a) => lastMembers(a) === members)) return;
    if (Date.now() > deadline || agents.some((a) => a.process.child.exitCode !== null)) {
      const logs = agents.map((a) => `--- ${a.name}:\n${a.process.stderr().slice(-1500)}`).join('\n');
      throw new Error(`not every agent saw ${members} members: ${agents.map((a) => `${a.name}=${lastMembers(a)}`).join(', ')}\n${logs}`);
    }
    await sleep(100);
  }
}

/** The member count of an agent's latest ownership line. */
export function lastMembers(agent: FleetAgent): number | undefined {
  const all = [...agent.process.stderr().matchAll(/partitioning group \S+: (\d+) member\(s\)/g)];
  const last = all.at(-1);
  return last ? Number(last[1]) : undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** What a steady window shows: per resource, which agents polled it and how often. */
export interface SteadyReport {
  /** Samples per agent in the window (the spread). */
  readonly perAgent: Readonly<Record<string, number>>;
  /** Resources polled by no agent, by several agents, or not once per interval. */
  readonly unpolled: readonly string[];
  readonly sharedBySeveral: readonly string[];
  readonly wrongCount: readonly { readonly resource: string; readonly count: number }[];
  /** Smallest and largest gap between two polls of one resource (ms). */
  readonly minGapMs: number;
  readonly maxGapMs: number;
  readonly intervals: number;
}

/**
 * Checks the window [from, to): each resource polled by exactly one agent, `intervals` times
 * (the window holds that many whole intervals, so each resource is polled that many times, give or
 * take one at its edges), with gaps between polls about one interval.
 */
export function steadyReport(samples: readonly Polled[], from: number, to: number): SteadyReport {
  const intervalMs = INTERVAL_S * 1000;
  const intervals = Math.round((to - from) / intervalMs);
  const byResource = new Map<string, Polled[]>();
  const perAgent: Record<string, number> = {};
  for (const s of samples) {
    if (s.at < from || s.at >= to) continue;
    let list = byResource.get(s.resource);
    if (!list) byResource.set(s.resource, (list = []));
    list.push(s);
    perAgent[s.agent] = (perAgent[s.agent] ?? 0) + 1;
  }
  const unpolled = RESOURCES.filter((r) => !byResource.has(r));
  const sharedBySeveral: string[] = [];
  const wrongCount: { resource: string; count: number }[] = [];
  let minGapMs = Infinity;
  let maxGapMs = 0;
  for (const [resource, list] of byResource) {
    if (new Set(list.map((s) => s.agent)).size > 1) sharedBySeveral.push(resource);
    if (Math.abs(list.length - intervals) > 1) wrongCount.push({ resource, count: list.length });
    const times = list.map((s) => s.at).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) {
      minGapMs = Math.min(minGapMs, times[i]! - times[i - 1]!);
      maxGapMs = Math.max(maxGapMs, times[i]! - times[i - 1]!);
    }
  }
  return { perAgent, unpolled, sharedBySeveral, wrongCount, minGapMs, maxGapMs, intervals };
}

/** The largest time any resource went unpolled between `from` and `to` (counting the window edges). */
export function largestGapMs(samples: readonly Polled[], from: number, to: number): { readonly gapMs: number; readonly resource: string } {
  const times = new Map<string, number[]>(RESOURCES.map((r) => [r, [from]]));
  for (const s of samples) if (s.at >= from && s.at < to) times.get(s.resource)?.push(s.at);
  let worst = { gapMs: 0, resource: '' };
  for (const [resource, list] of times) {
    list.sort((a, b) => a - b).push(to);
    for (let i = 1; i < list.length; i++) if (list[i]! - list[i - 1]! > worst.gapMs) worst = { gapMs: list[i]! - list[i - 1]!, resource };
  }
  return worst;
}

/**
 * How long after `killedAt` the survivors had polled every resource `victim` polled in its last
 * cycle (ms), or undefined while one is still unpolled.
 */
export function coverageMs(samples: readonly Polled[], victim: string, killedAt: number): number | undefined {
  const own = samples.filter((s) => s.agent === victim);
  const last = Math.max(...own.map((s) => s.at));
  const share = new Set(own.filter((s) => s.at === last).map((s) => s.resource));
  const first = new Map<string, number>();
  for (const s of samples) {
    if (s.agent === victim || s.at <= killedAt || !share.has(s.resource)) continue;
    first.set(s.resource, Math.min(first.get(s.resource) ?? Infinity, s.at));
  }
  return first.size === share.size ? Math.max(...first.values()) - killedAt : undefined;
}
