/**
 * The process guard in the built `ceilometer-agent-notification`: pipeline.yaml names a publisher
 * (`rejecting://`, from a fixture plugin) that leaves a promise rejection unhandled while the agent
 * loads its pipelines. The agent must log it once with its context, keep consuming (a sample sent
 * afterwards is published), and report the count in its stats. Build first (`pnpm build`).
 */
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines } from './polling-helpers.js';
import { injectedMessage, installRejectingPlugin } from './process-guard-helpers.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const AGENT = join(ROOT, 'bin/ceilometer-agent-notification');
const SEND = join(ROOT, 'bin/ceilometer-send-sample');
const built = existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-agent-notification.js'));

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!built)('process guard: ceilometer-agent-notification (spawned)', () => {
  let broker: RabbitMQService;
  let dir: string;

  beforeAll(async () => {
    broker = await startRabbitMQ();
    dir = mkdtempSync(join(tmpdir(), 'ceilo-guard-notification-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await broker?.stop();
  });

  it('logs an unhandled rejection from a publisher once with its context, keeps consuming, and counts it', async () => {
    const topic = `notifications-${Math.random().toString(36).slice(2, 10)}`;
    const out = join(dir, 'samples.json');
    const pipelineFile = join(dir, 'pipeline.yaml');
    writeFileSync(pipelineFile, `sources:\n  - name: all\n    meters: ["*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers: ["rejecting://", "file://${out}?json"]\n`);
    const conf = join(dir, 'ceilometer.conf');
    writeFileSync(conf, [
      '[DEFAULT]', `transport_url = ${broker.url}`, `pipeline_cfg_file = ${pipelineFile}`,
      '[notification]', 'pipelines = meter', 'notification_control_exchanges = ceilometer',
      '[oslo_messaging_notifications]', `topics = ${topic}`, '[publisher]', 'telemetry_secret = s3cret', '',
    ].join('\n'));
    const env = { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1', CEILOMETER_PLUGIN_PATH: installRejectingPlugin(dir) };
    const agent = spawn(process.execPath, [AGENT, '--config-file', conf], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    agent.stderr.on('data', (d: Buffer) => (log += d.toString()));
    agent.stdout.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((r) => agent.once('exit', (code) => r(code)));
    try {
      await until(() => log.includes('notification agent consuming'));
      await until(() => log.includes('unhandled promise rejection'));
      await promisify(execFile)(process.execPath, [SEND, '--config-file', conf, '-n', 'after.rejection', '-r', 'res-1'], { env });
      await until(() => existsSync(out) && readFileSync(out, 'utf8').includes('after.rejection'));
      expect(agent.exitCode).toBeNull();
    } finally {
      agent.kill('SIGTERM');
    }
    expect(await exited).toBe(0);

    const lines = jsonLines(log);
    const logged = lines.filter((l) => String(l['msg']).includes('unhandled promise rejection'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, prog: 'ceilometer-agent-notification', phase: 'startup', unhandledRejections: 1, err: { message: injectedMessage('the rejecting:// publisher') } });
    expect(lines.find((l) => l['msg'] === 'notification agent stopped')).toMatchObject({ unhandledRejections: 1 });
  });
});
