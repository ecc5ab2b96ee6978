/**
 * The process guard in the built `ceilometer-polling`: a plugin whose pollster leaves a promise
 * rejection unhandled while polling. The agent must log it once with its context, count it in its
 * Prometheus metrics and keep polling. Build first (`pnpm build`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, jsonLines, launcherBuilt, startPolling, tempDir, type TempDir } from './polling-helpers.js';
import { injectedMessage, installRejectingPlugin } from './process-guard-helpers.js';

async function scrape(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  return res.text();
}

describe.skipIf(!launcherBuilt())('process guard: ceilometer-polling (spawned)', () => {
  let tmp: TempDir;
  let pluginPath: string;

  beforeAll(() => {
    tmp = tempDir('ceilo-guard-e2e-');
    pluginPath = installRejectingPlugin(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  it('logs an unhandled rejection from a pollster once with its context, counts it, and keeps polling', async () => {
    const port = await freePort();
    const yaml = tmp.write('polling.yaml', ['---', 'sources:', '  - name: guard_source', '    interval: 1', '    meters:', '      - "guard.rejecting"', ''].join('\n'));
    const conf = tmp.write(
      'ceilometer.conf',
      ['[DEFAULT]', 'polling_namespaces = guardtest', '[polling]', `cfg_file = ${yaml}`, 'enable_notifications = false', 'enable_prometheus_exporter = true', `prometheus_listen_addresses = 127.0.0.1:${port}`, ''].join('\n'),
    );
    const agent = startPolling(['--config-file', conf], { env: { CEILOMETER_PLUGIN_PATH: pluginPath } });
    try {
      await agent.waitFor(/unhandled promise rejection/);
      // two more cycles after the rejection: the agent is still polling
      const cyclesNow = async (): Promise<number> => Number(/^ceilometer_polling_cycles_total\{interval="1"\} (\d+)(?:\.0)?$/m.exec(await scrape(port))?.[1] ?? 0);
      const after = await cyclesNow();
      const deadline = Date.now() + 10_000;
      while ((await cyclesNow()) < after + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await cyclesNow()).toBeGreaterThanOrEqual(after + 2);
      expect(agent.child.exitCode).toBeNull();

      const metrics = await scrape(port);
      expect(metrics).toMatch(/^# TYPE ceilometer_polling_unhandled_rejections counter$/m);
      expect(metrics).toMatch(/^ceilometer_polling_unhandled_rejections_total 1\.0$/m);

      const logged = jsonLines(agent.stderr()).filter((l) => String(l['msg']).includes('unhandled promise rejection'));
      expect(logged).toHaveLength(1);
      const line = logged[0]!;
      expect(line).toMatchObject({ level: 50, name: 'ceilometer-polling', prog: 'ceilometer-polling', phase: 'running', unhandledRejections: 1 });
      const err = line['err'] as { message: string; stack: string };
      expect(err.message).toBe(injectedMessage('the guard.rejecting pollster'));
      expect(err.stack).toContain('rejecting-plugin/index.js');
    } finally {
      const result = await agent.stop('SIGTERM');
      expect(result.code, result.stderr.slice(-2000)).toBe(0);
    }
  });
});
