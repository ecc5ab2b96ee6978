/**
 * `[notification] enable_prometheus_exporter` (ours) on the built `ceilometer-agent-notification`:
 * the agent's counters and prom-client's process metrics on one endpoint, answering while the agent
 * still waits for its broker. Build first (`pnpm build`).
 */
import { describe, expect, it } from 'vitest';
import { agentBuilt, agentConfig, spawnAgent, until } from './agent-process.js';
import { freePort } from './polling-helpers.js';

describe.skipIf(!agentBuilt)('ceilometer-agent-notification Prometheus exporter (spawned)', () => {
  it('serves the agent\'s counters and the process metrics, also while waiting for the broker', async () => {
    const port = await freePort();
    const { conf } = agentConfig({
      transportUrl: `rabbit://guest:guest@127.0.0.1:${await freePort()}/`,
      pipelineYaml: 'sources:\n  - name: all\n    meters: ["*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers: ["file://@DIR@/samples.json?json"]\n',
      conf: ['[notification]', 'enable_prometheus_exporter = true', `prometheus_listen_addresses = 127.0.0.1:${port}`],
    });
    const agent = spawnAgent(conf);
    try {
      await until(() => agent.log().includes('Prometheus exporter listening'), 20_000, 'the exporter');
      // the pipelines are loaded; the broker is not there
      await until(() => agent.log().includes('notification agent started'), 20_000, 'the pipelines loaded');
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      for (const name of ['ceilometer_notification_messages_total', 'ceilometer_notification_samples_total', 'ceilometer_notification_dead_lettered_messages_total']) {
        expect(text).toMatch(new RegExp(`^${name} 0(\\.0)?$`, 'm'));
      }
      expect(text).toMatch(/^ceilometer_notification_delivery_queue_samples\{sink="out",publisher="file:\/\/[^"]*"\} 0(\.0)?$/m);
      for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
        expect(text).toMatch(new RegExp(`^${name} [0-9.e+-]+$`, 'm'));
      }
      agent.child.kill('SIGTERM');
      expect(await agent.exited).toEqual({ code: 0, signal: null });
    } finally {
      agent.kill();
    }
  });
});
