/**
 * Failure injection, polling agent side, SNMP and HTTP peers: the built `ceilometer-polling` against
 * one healthy snmpd agent beside dead, refusing (wrong community) and wrong-credential (SNMPv3 auth
 * key, unknown user) hosts, and in embedded-pipeline mode beside HTTP publishers that fail (closed
 * port, a server answering 500). The process must stay alive, report the failed resources, and keep
 * delivering the healthy host's samples to the healthy publisher. Build first (`pnpm build`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, startSnmpd, type SnmpdService } from '@ceilometer-ts/test-services';
import { crashLines, jsonLines, launcherBuilt, runPolling, startPolling, tempDir, type TempDir } from './polling-helpers.js';

/** Meters with scalar OIDs only (the path that used to crash) and one with a table walk. */
const SCALAR_METERS = ['hardware.cpu.load.1min', 'hardware.memory.total'];
const SECRETS = /wrong-community|wrong-auth-key|some-auth-key|ceilo-priv-pass/;

function pollingYaml(interval: number, resources: readonly string[], meters: readonly string[]): string {
  return [
    '---',
    'sources:',
    '  - name: hardware_snmp',
    `    interval: ${interval}`,
    '    resources:',
    ...resources.map((r) => `      - "${r}"`),
    '    meters:',
    ...meters.map((m) => `      - "${m}"`),
    '',
  ].join('\n');
}

describe.skipIf(!launcherBuilt())('failure injection: ceilometer-polling against bad SNMP and HTTP peers', () => {
  let agent: SnmpdService;
  let tmp: TempDir;
  let badHosts: string[];
  let healthy: string;
  let http500: Server;
  let http500Port: number;
  let http500Posts = 0;

  beforeAll(async () => {
    tmp = tempDir('ceilo-failure-injection-');
    agent = await startSnmpd();
    const closedPort = await findFreePort(); // nothing listens there (UDP)
    healthy = agent.url;
    badHosts = [
      `snmp://127.0.0.1:${closedPort}`,
      `snmp://wrong-community@127.0.0.1:${agent.port}`,
      `snmp://${agent.v3User.name}:wrong-auth-key@127.0.0.1:${agent.port}?auth_proto=sha&priv_proto=aes128&priv_password=ceilo-priv-pass`,
      `snmp://nobody:some-auth-key@127.0.0.1:${agent.port}?auth_proto=sha`,
    ];
    http500 = createServer((req, res) => {
      http500Posts++;
      req.resume();
      req.on('end', () => res.writeHead(500).end('broken collector'));
    });
    await new Promise<void>((resolve) => http500.listen(0, '127.0.0.1', resolve));
    const address = http500.address();
    http500Port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await agent?.stop();
    await new Promise((resolve) => http500?.close(resolve));
    tmp?.cleanup();
  });

  /** A ceilometer.conf polling `central` with short SNMP timeouts; `extra` lines go at the end. */
  function conf(name: string, yaml: string, extra: readonly string[] = []): string {
    const file = tmp.write(`${name}/polling.yaml`, yaml);
    return tmp.write(
      `${name}/ceilometer.conf`,
      ['[DEFAULT]', 'polling_namespaces = central', '[polling]', `cfg_file = ${file}`, 'enable_notifications = false', ...extra, '[hardware]', 'snmp_timeout = 0.4', 'snmp_retries = 0', ''].join('\n'),
    );
  }

  it('--poll-once with scalar-only meters: exits on its own, reports every bad host, prints the healthy host\'s samples', async () => {
    const file = conf('poll-once', pollingYaml(60, [healthy, ...badHosts], SCALAR_METERS));
    const run = await runPolling(['--config-file', file, '--poll-once'], { timeoutMs: 30_000 });
    expect(crashLines(run.stderr), run.stderr.slice(-3000)).toEqual([]);
    expect(run.signal).toBeNull();
    // a failed resource is a partial outcome: non-zero exit, as for any failed pollster
    expect(run.code, run.stderr.slice(-3000)).toBe(1);
    const samples = jsonLines(run.stdout);
    expect(samples.map((s) => s['name']).sort()).toEqual([...SCALAR_METERS].sort());
    for (const s of samples) expect((s['resource_metadata'] as Record<string, unknown>)['resource_url']).toBe(`snmp://127.0.0.1:${agent.port}`);
    const logs = jsonLines(run.stderr);
    const warned = logs.filter((l) => l['level'] === 40 && typeof l['host'] === 'string' && String(l['msg']).startsWith('inspector call failed'));
    // one warning per bad host per cycle (the hosts behind the same port differ by credentials only)
    expect(warned).toHaveLength(badHosts.length);
    expect(logs.find((l) => l['msg'] === 'poll-once finished')).toMatchObject({ samples: 2, failed: 2 });
    expect(run.stderr).not.toMatch(SECRETS);
  });

  it('as a daemon: alive past 10 s, the healthy host reaches the file publisher every cycle, failing HTTP publishers beside it', async () => {
    const out = join(tmp.dir, 'daemon', 'samples.json');
    const closedHttpPort = await findFreePort();
    const pipeline = tmp.write(
      'daemon/pipeline.yaml',
      [
        '---',
        'sources:',
        '  - name: all',
        '    meters: ["*"]',
        '    sinks: [healthy_sink, broken_sinks]',
        'sinks:',
        '  - name: healthy_sink',
        '    publishers:',
        `      - file://${out}?json`,
        '  - name: broken_sinks',
        '    publishers:',
        `      - http://127.0.0.1:${closedHttpPort}/closed?timeout=1&max_retries=1`,
        `      - http://127.0.0.1:${http500Port}/fails?timeout=1&max_retries=1`,
        '',
      ].join('\n'),
    );
    const file = conf('daemon', pollingYaml(2, [healthy, ...badHosts], [...SCALAR_METERS, 'hardware.network.incoming.bytes']), [`pipeline_cfg_file = ${pipeline}`]);
    const started = Date.now();
    const polling = startPolling(['--config-file', file], { timeoutMs: 60_000 });
    try {
      await polling.waitFor(/polling agent started/);
      // past the 2-5 s after which the crash used to happen, and several 2 s cycles
      while (Date.now() - started < 11_000) {
        await new Promise((r) => setTimeout(r, 500));
        expect(polling.child.exitCode, polling.stderr().slice(-3000)).toBeNull();
      }
      const written = existsSync(out) ? jsonLines(readFileSync(out, 'utf8')) : [];
      const memory = written.filter((s) => s['name'] === 'hardware.memory.total');
      // one sample per cycle from the healthy host: at least 4 cycles in 11 s
      expect(new Set(memory.map((s) => s['timestamp'])).size, polling.stderr().slice(-3000)).toBeGreaterThanOrEqual(4);
      expect(written.some((s) => s['name'] === 'hardware.network.incoming.bytes')).toBe(true);
      expect(http500Posts).toBeGreaterThan(0);
      expect(polling.count(/embedded pipeline publisher failed/)).toBeGreaterThan(0);
      expect(polling.count(/inspector call failed for host/)).toBeGreaterThanOrEqual(badHosts.length * 2);
    } finally {
      const result = await polling.stop('SIGTERM');
      expect(crashLines(result.stderr), result.stderr.slice(-3000)).toEqual([]);
      expect(result.code, result.stderr.slice(-3000)).toBe(0);
      expect(result.stderr).not.toMatch(SECRETS);
    }
  });
});
