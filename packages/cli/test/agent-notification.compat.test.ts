/**
 * Compatibility with upstream Python Ceilometer 19.0: polled samples sent by oslo.messaging's
 * notifier with ceilometer's meter_message_from_counter (as the Python polling agent sends them)
 * are consumed and published by our agent with the same fields and a valid signature.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NotificationAgent } from '@ceilometer-ts/pipeline';
import { silentLogger, toMeterMessage, verifySignature, type PyDict } from '@ceilometer-ts/sdk';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearTestPublishers, publishedSamples } from '../../../plugins/publisher-test/src/index.js';
import { createNotificationAgent } from '../src/commands/agent-notification.js';
import { agentFiles, testRegistry, type AgentFiles } from './agent-notification-helpers.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'fixtures/agent-notification/send_polled_samples.py');
const hasUpstream = existsSync(PYTHON) && existsSync('/usr/lib/python3/dist-packages/ceilometer/publisher/utils.py');

describe.skipIf(!hasUpstream)('samples from upstream Python Ceilometer 19.0', () => {
  let broker: RabbitMQService;
  let files: AgentFiles;
  let agent: NotificationAgent;

  beforeAll(async () => {
    broker = await startRabbitMQ();
    files = agentFiles(broker.url, 'sources:\n  - name: all\n    meters: ["*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers: ["test://compat", "file://@DIR@/samples.json?json"]\n');
    agent = createNotificationAgent({ config: files.config, registry: testRegistry(), logger: silentLogger });
    await agent.start();
  });
  afterAll(async () => {
    await agent?.stop();
    files?.cleanup();
    clearTestPublishers();
    await broker?.stop();
  });

  it('are consumed and published with every field upstream sent', async () => {
    const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, broker.url, files.topic, 'compat-secret'], { timeout: 60_000 });
    const sent = JSON.parse(stdout) as PyDict[];
    expect(sent.every((m) => verifySignature(m, 'compat-secret'))).toBe(true);
    const deadline = Date.now() + 15_000;
    while (publishedSamples('test://compat').length < sent.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const got = publishedSamples('test://compat');
    expect(got).toHaveLength(2);
    // Re-signed with the same secret, our samples give back upstream's meter messages (monotonic_time is dropped by upstream's endpoint too).
    expect(got.map((s) => toMeterMessage(s, 'compat-secret'))).toEqual(sent.map((m) => ({ ...m, monotonic_time: null })));
    await agent.stop();
    const lines = readFileSync(join(files.dir, 'samples.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l['name'], l['volume'], l['resource_id'], l['timestamp']])).toEqual([
      ['cpu', 123456789, 'vm-1', '2024-05-01T12:00:00.123456'],
      ['memory.usage', 512.5, 'vm-1', '2024-05-01T12:00:00'],
    ]);
  });
});
