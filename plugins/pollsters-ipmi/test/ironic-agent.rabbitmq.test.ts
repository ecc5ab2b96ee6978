/**
 * End to end: the built `ceilometer-agent-notification` finds this package's
 * `ceilometer.sample.endpoint` entry points, consumes Ironic's `hardware.ipmi.metrics.update`
 * notifications (corpus envelopes) from the `ironic` exchange of a private RabbitMQ and publishes
 * the samples to file://. Build first (`pnpm build`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AmqpNotifier, type NotificationMessage } from '@ceilometer-ts/messaging';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ironicCorpus } from './ironic-corpus.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const AGENT = join(ROOT, 'bin/ceilometer-agent-notification');
const built = existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-agent-notification.js')) && existsSync(join(import.meta.dirname, '../dist/notifications/ironic.js'));

async function until(check: () => boolean, what: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met in time: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!built)('Ironic sensor notifications through ceilometer-agent-notification (spawned)', () => {
  let broker: RabbitMQService;
  let dir: string;

  beforeAll(async () => {
    broker = await startRabbitMQ();
    dir = mkdtempSync(join(tmpdir(), 'ceilo-ironic-agent-'));
  }, 120_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await broker?.stop();
  });

  it('turns hardware.ipmi.metrics.update from the ironic exchange into hardware.ipmi.* samples', async () => {
    const topic = `notifications-${Math.random().toString(36).slice(2, 10)}`;
    const out = join(dir, 'samples.json');
    const pipelineFile = join(dir, 'pipeline.yaml');
    writeFileSync(pipelineFile, `sources:\n  - name: ipmi\n    meters: ["hardware.ipmi.*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers: ["file://${out}?json"]\n`);
    const conf = join(dir, 'ceilometer.conf');
    writeFileSync(conf, [
      '[DEFAULT]', `transport_url = ${broker.url}`, `pipeline_cfg_file = ${pipelineFile}`,
      '[notification]', 'pipelines = meter', 'notification_control_exchanges = ironic', `state_dir = ${join(dir, 'state')}`,
      '[oslo_messaging_notifications]', `topics = ${topic}`, '',
    ].join('\n'));
    const env = { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1' };
    const agent = spawn(process.execPath, [AGENT, '--config-file', conf], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    agent.stderr.on('data', (d: Buffer) => (log += d.toString()));
    agent.stdout.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((r) => agent.once('exit', (code) => r(code)));
    const notifier = new AmqpNotifier({ url: broker.url, topics: [topic], exchange: 'ironic' });
    const lines = (): Record<string, unknown>[] => (existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : []);
    try {
      await until(() => log.includes('notification agent consuming'), () => log);
      const corpus = ironicCorpus();
      for (const id of ['SENSOR_DATA', 'BAD_SENSOR', 'POWER_DATA']) {
        const item = corpus.find((i) => i.id.startsWith(`ipmi_test_data.py:${id}`))!;
        await notifier.sendMessage(item.message as unknown as NotificationMessage, [topic], 'info');
      }
      // SENSOR_DATA: 10 temperature, 1 current (Pwr Consumption left to Power), 12 fan, 4 voltage, 1 power; POWER_DATA: 1 power
      await until(() => lines().length >= 29, () => `${lines().length} samples; log:\n${log}`);
      await new Promise((r) => setTimeout(r, 300));
      const samples = lines();
      const count = (name: string): number => samples.filter((s) => s['name'] === name).length;
      expect([count('hardware.ipmi.temperature'), count('hardware.ipmi.current'), count('hardware.ipmi.fan'), count('hardware.ipmi.voltage'), count('hardware.ipmi.power')]).toEqual([10, 1, 12, 4, 2]);
      expect(samples.find((s) => s['name'] === 'hardware.ipmi.power' && String(s['resource_id']).startsWith('1be26c0b'))).toMatchObject({
        type: 'gauge', unit: 'W', volume: 154, resource_id: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123-pwr_consumption_(0x76)',
        timestamp: '2017-07-07T15:54:12.169510+00:00', resource_metadata: { node: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123', event_type: 'hardware.ipmi.metrics.update' },
      });
      expect(log).toContain('invalid sensor data for f4982fd2-2f2b-4bb5-9aff-48aac801d1ad-pci_riser_1_temp_(0x33): unable to parse sensor reading: some bad stuff');
    } finally {
      await notifier.close();
      agent.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 120_000);
});
