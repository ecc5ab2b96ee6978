/**
 * The built launchers end to end: `ceilometer-agent-notification` consuming what
 * `ceilometer-send-sample` sends over RabbitMQ into file://, a rejected SIGHUP reload, a
 * successful one, and a clean SIGTERM. Build first (`pnpm build`).
 */
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

const pipeline = (out: string): string => `sources:\n  - name: all\n    meters: ["*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers: ["file://${out}?json"]\n`;

describe.skipIf(!built)('ceilometer-agent-notification + ceilometer-send-sample (spawned)', () => {
  let broker: RabbitMQService;
  let dir: string;

  beforeAll(async () => {
    broker = await startRabbitMQ();
    dir = mkdtempSync(join(tmpdir(), 'ceilo-agent-cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await broker?.stop();
  });

  it('publishes a hand-sent sample, survives a bad reload, stops cleanly on SIGTERM', async () => {
    const topic = `notifications-${Math.random().toString(36).slice(2, 10)}`;
    const out = join(dir, 'samples.json');
    const pipelineFile = join(dir, 'pipeline.yaml');
    writeFileSync(pipelineFile, pipeline(out));
    const conf = join(dir, 'ceilometer.conf');
    writeFileSync(conf, [
      '[DEFAULT]', `transport_url = ${broker.url}`, `pipeline_cfg_file = ${pipelineFile}`,
      '[notification]', 'pipelines = meter', 'notification_control_exchanges = ceilometer', `state_dir = ${join(dir, 'state')}`,
      '[oslo_messaging_notifications]', `topics = ${topic}`, '[publisher]', 'telemetry_secret = s3cret', '',
    ].join('\n'));
    const env = { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1' };
    const agent = spawn(process.execPath, [AGENT, '--config-file', conf], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    agent.stderr.on('data', (d: Buffer) => (log += d.toString()));
    agent.stdout.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((r) => agent.once('exit', (code) => r(code)));
    try {
      await until(() => log.includes('notification agent consuming'));
      await promisify(execFile)(process.execPath, [SEND, '--config-file', conf, '-n', 'my.meter', '-r', 'res-1', '-l', '5', '-U', 'things', '-m', "{'role': 'web', 'ok': True}", '-i', '2024-05-01T12:00:00'], { env });
      await until(() => existsSync(out) && readFileSync(out, 'utf8').includes('my.meter'));
      expect(JSON.parse(readFileSync(out, 'utf8').trim())).toMatchObject({
        name: 'my.meter', type: 'gauge', unit: 'things', volume: 5, resource_id: 'res-1', timestamp: '2024-05-01T12:00:00', resource_metadata: { role: 'web', ok: true },
      });

      writeFileSync(pipelineFile, 'sources: []\n');
      agent.kill('SIGHUP');
      await until(() => log.includes('reload rejected'));
      writeFileSync(pipelineFile, pipeline(out));
      agent.kill('SIGHUP');
      await until(() => log.includes('pipelines and definitions reloaded'));
      await promisify(execFile)(process.execPath, [SEND, '--config-file', conf, '-n', 'after.reload', '-r', 'res-2'], { env });
      await until(() => readFileSync(out, 'utf8').includes('after.reload'));
    } finally {
      agent.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(log).toContain('notification agent stopped');
  });
});
