/**
 * Failure injection, polling agent side, AMQP peers: the built `ceilometer-polling` with a broker
 * that refuses its credentials, both as its own transport (`transport_url`, the AMQP sink) and as a
 * `notifier://` publisher of the embedded pipeline, beside a healthy file publisher. The process must
 * stay alive for several cycles and the file publisher keep getting every cycle's samples. Build
 * first (`pnpm build`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashLines, installSyntheticPlugin, jsonLines, launcherBuilt, startPolling, syntheticPollingYaml, tempDir, type TempDir } from './polling-helpers.js';

describe.skipIf(!launcherBuilt())('failure injection: ceilometer-polling against a broker refusing its credentials', () => {
  let tmp: TempDir;
  let pluginPath: string;
  let rabbit: RabbitMQService;
  let wrongPassword: string;

  beforeAll(async () => {
    tmp = tempDir('ceilo-failure-injection-amqp-');
    pluginPath = installSyntheticPlugin(tmp.dir);
    rabbit = await startRabbitMQ();
    const url = new URL(rabbit.url.replace(/^rabbit:/, 'amqp:'));
    wrongPassword = `${url.hostname}:${url.port}`;
  });
  afterAll(async () => {
    await rabbit?.stop();
    tmp?.cleanup();
  });

  it.each([
    ['the AMQP sink (transport_url) and a notifier:// publisher', true],
    ['a notifier:// publisher of the embedded pipeline', false],
  ])('%s with a wrong password: alive, the file publisher gets every cycle', async (name, amqpSink) => {
    const dir = amqpSink ? 'sink-and-publisher' : 'publisher';
    const out = join(tmp.dir, dir, 'samples.json');
    const badTransport = `rabbit://guest:wrong-password@${wrongPassword}/`;
    const pipeline = tmp.write(
      `${dir}/pipeline.yaml`,
      [
        '---',
        'sources:',
        '  - name: all',
        '    meters: ["*"]',
        '    sinks: [healthy_sink, broken_sink]',
        'sinks:',
        '  - name: healthy_sink',
        '    publishers:',
        `      - file://${out}?json`,
        '  - name: broken_sink',
        '    publishers:',
        `      - notifier://guest:wrong-password@${wrongPassword}/?topic=failure_injection_${process.pid}`,
        '',
      ].join('\n'),
    );
    const yaml = tmp.write(`${dir}/polling.yaml`, syntheticPollingYaml(1));
    const conf = tmp.write(
      `${dir}/ceilometer.conf`,
      [
        '[DEFAULT]',
        'polling_namespaces = synthetic',
        `transport_url = ${badTransport}`,
        '[polling]',
        `cfg_file = ${yaml}`,
        `pipeline_cfg_file = ${pipeline}`,
        `enable_notifications = ${amqpSink}`,
        // what the broker never confirmed is given up 3 s after SIGTERM instead of 30
        'stop_timeout = 3',
        '[oslo_messaging_rabbit]',
        'rabbit_retry_interval = 1',
        'rabbit_interval_max = 2',
        '',
      ].join('\n'),
    );
    const started = Date.now();
    const polling = startPolling(['--config-file', conf], { env: { CEILOMETER_PLUGIN_PATH: pluginPath, SYNTH_RESOURCES: '1' }, timeoutMs: 60_000 });
    try {
      await polling.waitFor(/polling agent started/);
      while (Date.now() - started < 8_000) {
        await new Promise((r) => setTimeout(r, 500));
        expect(polling.child.exitCode, polling.stderr().slice(-3000)).toBeNull();
      }
      const written = existsSync(out) ? jsonLines(readFileSync(out, 'utf8')) : [];
      // 1 s interval for about 7 s: the failing publisher must not hold the cycles back
      expect(new Set(written.map((s) => s['timestamp'])).size, `${name}\n${polling.stderr().slice(-3000)}`).toBeGreaterThanOrEqual(5);
      expect(polling.stderr()).toMatch(/ACCESS_REFUSED|403|authenticat|credentials|refused/i);
    } finally {
      const result = await polling.stop('SIGTERM');
      expect(crashLines(result.stderr), result.stderr.slice(-3000)).toEqual([]);
      expect(result.signal, result.stderr.slice(-3000)).toBeNull();
      expect(result.stderr).not.toContain('wrong-password');
    }
  }, 45_000);
});
