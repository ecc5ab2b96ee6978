/**
 * Spawns the built `bin/ceilometer-agent-notification` for end-to-end tests and follows its log;
 * helpers to write its files and to send it polled samples the way ceilometer-polling does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AmqpNotifier } from '@ceilometer-ts/messaging';
import { makeSample, toMeterMessage } from '@ceilometer-ts/sdk';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const AGENT_BIN = join(ROOT, 'bin/ceilometer-agent-notification');
/** The e2e tests need `pnpm build` first. */
export const agentBuilt = existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-agent-notification.js'));
export const TELEMETRY_SECRET = 's3cret';

export async function until(check: () => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A running agent process. */
export interface AgentProcess {
  readonly child: ChildProcess;
  /** Everything it logged so far (pino JSON lines). */
  log(): string;
  /** Parsed log lines. */
  entries(): Array<Record<string, unknown> & { msg: string; level: number }>;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** SIGKILL if still running (test cleanup). */
  kill(): void;
}

export function spawnAgent(configFile: string): AgentProcess {
  const env = { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1' };
  const child = spawn(process.execPath, [AGENT_BIN, '--config-file', configFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => {
      running = false;
      r({ code, signal });
    }),
  );
  return {
    child,
    log: () => text,
    entries: () =>
      text
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown> & { msg: string; level: number }),
    exited,
    alive: () => running,
    kill: () => {
      if (running) child.kill('SIGKILL');
    },
  };
}

/** A temporary directory with ceilometer.conf and pipeline.yaml (`@DIR@` in the pipeline is the directory). */
export function agentConfig(options: { transportUrl: string; pipelineYaml: string; conf?: readonly string[] }): { dir: string; conf: string; topic: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-agent-e2e-'));
  const topic = `notifications-${Math.random().toString(36).slice(2, 10)}`;
  const pipeline = join(dir, 'pipeline.yaml');
  writeFileSync(pipeline, options.pipelineYaml.replaceAll('@DIR@', dir));
  const conf = join(dir, 'ceilometer.conf');
  writeFileSync(conf, [
    '[DEFAULT]', `transport_url = ${options.transportUrl}`, `pipeline_cfg_file = ${pipeline}`,
    '[notification]', 'pipelines = meter', 'notification_control_exchanges = ceilometer',
    '[oslo_messaging_notifications]', `topics = ${topic}`,
    '[publisher]', `telemetry_secret = ${TELEMETRY_SECRET}`,
    ...(options.conf ?? []), '',
  ].join('\n'));
  return { dir, conf, topic };
}

/** Sends `count` polled samples named `name` (volumes from..from+count-1), one notification each, as ceilometer-polling does. */
export async function sendPolled(notifier: AmqpNotifier, name: string, count: number, from = 0): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const sample = makeSample({ name, type: 'gauge', unit: 'x', volume: i, resource_id: `res-${i}` });
    await notifier.sample('telemetry.polling', { samples: [toMeterMessage(sample, TELEMETRY_SECRET)] });
  }
}

/**
 * The whole JSON lines a file:// publisher wrote (empty when the file does not exist yet); a last
 * line still being written (no line feed yet) is not counted.
 */
export function fileSamples(file: string): Array<{ name: string; volume: number }> {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop(); // after the last line feed: '' or a line being written
  return lines
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { name: string; volume: number });
}
