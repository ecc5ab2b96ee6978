/**
 * `ceilometer-polling` end to end: the built launcher spawned as an operator runs it, with the
 * embedded config, the seed deployment's files, broken configs, signals, the heartbeat socket and
 * the Prometheus exporter. Build first (`pnpm build`).
 */
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURES,
  ROOT,
  freePort,
  installSyntheticPlugin,
  jsonLines,
  launcherBuilt,
  runPolling,
  startPolling,
  syntheticPollingYaml,
  tempDir,
  type TempDir,
} from './polling-helpers.js';

const EMBEDDED = join(ROOT, 'etc/ceilometer/embedded/ceilometer.conf');
const SEED = join(FIXTURES, 'seed-deployment');

describe.skipIf(!launcherBuilt())('ceilometer-polling (spawned)', () => {
  let tmp: TempDir;
  let pluginPath: string;

  beforeAll(() => {
    tmp = tempDir();
    pluginPath = installSyntheticPlugin(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  /** A ceilometer.conf for the synthetic namespace; `extra` lines go to the end. */
  function syntheticConf(name: string, pollingYaml: string, extra: readonly string[] = []): string {
    const yaml = tmp.write(`${name}/polling.yaml`, pollingYaml);
    return tmp.write(
      `${name}/ceilometer.conf`,
      ['[DEFAULT]', 'polling_namespaces = synthetic', '[polling]', `cfg_file = ${yaml}`, 'enable_notifications = false', ...extra, ''].join('\n'),
    );
  }
  const env = (): Record<string, string> => ({ CEILOMETER_PLUGIN_PATH: pluginPath });

  describe('--poll-once', () => {
    it('prints the host samples of the embedded config as JSON lines and exits 0', async () => {
      const run = await runPolling(['--config-file', EMBEDDED, '--poll-once']);
      expect(run.code, run.stderr.slice(-2000)).toBe(0);
      const samples = jsonLines(run.stdout);
      expect(samples.length).toBeGreaterThan(0);
      for (const s of samples) {
        expect(Object.keys(s).sort()).toEqual(
          ['id', 'monotonic_time', 'name', 'project_id', 'resource_id', 'resource_metadata', 'source', 'timestamp', 'type', 'unit', 'user_id', 'volume'].sort(),
        );
        expect(String(s['name'])).toMatch(/^(custom\.)?hardware\./);
        expect(typeof s['volume']).toBe('number');
      }
    });

    it('--publish goes through the embedded pipeline (log:// publisher on stdout)', async () => {
      const run = await runPolling(['--config-file', EMBEDDED, '--poll-once', '--publish']);
      expect(run.code, run.stderr.slice(-2000)).toBe(0);
      expect(run.stderr).toContain('embedded pipeline loaded');
      const samples = jsonLines(run.stdout).filter((s) => typeof s['name'] === 'string' && String(s['name']).startsWith('hardware.'));
      expect(samples.length).toBeGreaterThan(0);
    });

    it('--publish with a file:// publisher writes every polled sample through the pipeline', async () => {
      const out = join(tmp.dir, 'publish-file', 'samples.json');
      const pipeline = tmp.write(
        'publish-file/pipeline.yaml',
        ['---', 'sources:', '  - name: all', '    meters: ["*"]', '    sinks: [file_sink]', 'sinks:', '  - name: file_sink', '    publishers:', `      - file://${out}?json`, ''].join('\n'),
      );
      const conf = syntheticConf('publish-file', syntheticPollingYaml(60), [`pipeline_cfg_file = ${pipeline}`]);
      const run = await runPolling(['--config-file', conf, '--poll-once', '--publish'], { env: { ...env(), SYNTH_RESOURCES: '3', SYNTH_METERS: '2' } });
      expect(run.code, run.stderr.slice(-2000)).toBe(0);
      expect(run.stdout).toBe('');
      const written = jsonLines(readFileSync(out, 'utf8'));
      expect(written.map((s) => s['volume'])).toEqual([0, 1, 2, 3, 4, 5]);
      expect(written[0]).toMatchObject({ name: 'synthetic.meter.0', resource_id: 'synthetic-0', project_id: 'synthetic-project', type: 'gauge' });
    });

    it('--publish runs the embedded pipeline\'s transformers (unit_conversion) before its publishers', async () => {
      // the embedded pipeline refused every transformer ("this agent has no transformer support configured")
      const out = join(tmp.dir, 'publish-transformer', 'samples.json');
      const pipeline = tmp.write(
        'publish-transformer/pipeline.yaml',
        [
          '---', 'sources:', '  - name: all', '    meters: ["*"]', '    sinks: [scaled]', 'sinks:', '  - name: scaled', '    transformers:',
          '      - name: unit_conversion', '        parameters:', '          target:', '            name: synthetic.doubled', '            unit: twice',
          '            scale: volume * 2', '    publishers:', `      - file://${out}?json`, '',
        ].join('\n'),
      );
      const conf = syntheticConf('publish-transformer', syntheticPollingYaml(60), [`pipeline_cfg_file = ${pipeline}`]);
      const run = await runPolling(['--config-file', conf, '--poll-once', '--publish'], { env: { ...env(), SYNTH_RESOURCES: '3' } });
      expect(run.code, run.stderr.slice(-2000)).toBe(0);
      const written = jsonLines(readFileSync(out, 'utf8'));
      expect(written.map((s) => [s['name'], s['unit'], s['volume']])).toEqual([['synthetic.doubled', 'twice', 0], ['synthetic.doubled', 'twice', 2], ['synthetic.doubled', 'twice', 4]]);
    });

    it('warns once and exits non-zero when a pollster has no resources, counting it as not polled', async () => {
      const conf = syntheticConf('no-resources', syntheticPollingYaml(60));
      const run = await runPolling(['--config-file', conf, '--poll-once'], { env: { ...env(), SYNTH_RESOURCES: '0' } });
      expect(run.stdout).toBe('');
      expect(run.code).toBe(1);
      const logs = jsonLines(run.stderr);
      const warnings = logs.filter((l) => l['level'] === 40 && l['pollster'] === 'synthetic.counter');
      expect(warnings.map((l) => l['msg'])).toEqual([
        'pollster synthetic.counter in source synthetic_source is not polled: no resources (discovery synthetic_resources found none); said once, later cycles log it at debug',
      ]);
      expect(logs.find((l) => l['msg'] === 'poll-once finished')).toMatchObject({ samples: 0, failed: 0, notPolled: 1, notPolledPollsters: ['synthetic_source/synthetic.counter'] });
    });

    it('exits non-zero when a pollster fails, after printing the others\' samples', async () => {
      const conf = syntheticConf('failing', syntheticPollingYaml(60, ['synthetic.*']));
      const run = await runPolling(['--config-file', conf, '--poll-once'], { env: env() });
      expect(run.code).toBe(1);
      expect(jsonLines(run.stdout)).toHaveLength(2);
      expect(run.stderr).toContain('Continue after error from synthetic.failing: synthetic failure');
    });
  });

  describe('startup errors', () => {
    it('--pollster-list matching nothing names the patterns and the available pollsters', async () => {
      const conf = syntheticConf('pollster-list', syntheticPollingYaml(60, ['synthetic.*']));
      const run = await runPolling(['--config-file', conf, '--poll-once', '--pollster-list', 'nope.*', 'cpu'], { env: env() });
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      const last = run.stderr.trim().split('\n').at(-1)!;
      expect(last).toContain('nope.*');
      expect(last).toContain('cpu');
      expect(last).toContain('synthetic.counter');
      expect(last).toContain('synthetic.failing');
    });

    it('--pollster-list restricts the pollsters', async () => {
      const conf = syntheticConf('pollster-list-ok', syntheticPollingYaml(60, ['synthetic.*']));
      const run = await runPolling(['--config-file', conf, '--poll-once', '--pollster-list', 'synthetic.c*'], { env: env() });
      expect(run.code, run.stderr.slice(-2000)).toBe(0);
      expect(jsonLines(run.stdout)).toHaveLength(2);
      expect(run.stderr).not.toContain('synthetic failure');
    });

    it('--poll-once polling nothing (no source names a loaded pollster) says why and exits 1', async () => {
      // docs/plugin-authoring.md's last command printed nothing and exited 0: the plugin's meter was
      // installed and selected by --pollster-list, but no polling.yaml source named it
      const conf = syntheticConf('nothing-polled', syntheticPollingYaml(60, ['other.meter']));
      const run = await runPolling(['--config-file', conf, '--poll-once', '--pollster-list', 'synthetic.counter'], { env: env() });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const line = run.stderr.split('\n').find((l) => l.includes('nothing was polled'));
      expect(line).toBeDefined();
      expect(line).toContain('nothing-polled/polling.yaml');
      expect(line).toContain('synthetic.counter');
    });

    it('polling.yaml with sources: [] is accepted with exactly one warning naming the file', async () => {
      const conf = syntheticConf('empty-sources', '---\nsources: []\n');
      const run = await runPolling(['--config-file', conf, '--poll-once'], { env: env() });
      expect(run.stdout).toBe('');
      const warnings = run.stderr.split('\n').filter((l) => /nothing (will be|was) polled/.test(l));
      expect(warnings, run.stderr).toHaveLength(1);
      expect(warnings[0]).toContain('empty-sources/polling.yaml');
    });

    it('a bad polling.yaml fails with file:line: sources[0].interval', async () => {
      const yaml = join(FIXTURES, 'bad/polling-bad-interval.yaml');
      const conf = tmp.write('bad-yaml/ceilometer.conf', `[DEFAULT]\npolling_namespaces = synthetic\n[polling]\ncfg_file = ${yaml}\nenable_notifications = false\n`);
      const run = await runPolling(['--config-file', conf, '--poll-once'], { env: env() });
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`${yaml}:4: sources[0].interval: `);
      expect(run.stderr).toContain('"5m"');
    });

    it('a bad ceilometer.conf value names file, line, option and expected type', async () => {
      const conf = join(FIXTURES, 'bad/ceilometer-bad-batch-size.conf');
      const run = await runPolling(['--config-file', conf, '--poll-once'], { env: env() });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(new RegExp(`${conf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5: polling\\.batch_size: expected an integer, got "fifty"`));
    });
  });

  describe('the seed deployment', () => {
    it('loads its ceilometer.conf and polling.yaml unchanged: every meter has a pollster, compute ones included', async () => {
      const run = await runPolling(['--config-file', join(SEED, 'ceilometer.conf'), '--poll-once'], { cwd: SEED, env: env() });
      const logs = jsonLines(run.stderr);
      expect(logs.some((l) => l['msg'] === 'configuration loaded'), run.stderr.slice(-2000)).toBe(true);
      // The compute meters (some_pollsters) have pollsters (@ceilometer-ts/pollsters-compute); the
      // seed's naive discovery finds no Nova here, so each is warned once as not polled. The hardware
      // sources' SNMP host 127.0.0.1:16100 does not answer here, so the dead host is logged (warn,
      // naming the host) and isolated, and --poll-once reports the partial failure with a non-zero
      // exit. The snmpd tests cover the happy path.
      expect(run.stderr).not.toContain('no pollster installed for');
      const notPolled = logs.filter((l) => l['source'] === 'some_pollsters' && l['level'] === 40 && String(l['msg']).includes('is not polled: no resources'));
      expect(notPolled.map((l) => l['pollster'])).toContain('cpu');
      expect(notPolled).toHaveLength(20);
      expect(run.code, run.stderr.slice(-2000)).toBe(1);
      expect(logs.some((l) => l['level'] === 40 && l['host'] === 'snmp://127.0.0.1:16100')).toBe(true);
      expect(logs.find((l) => l['msg'] === 'poll-once finished')?.['failed']).toBeGreaterThan(0);
      expect(run.stderr).not.toContain('secret@123');
    });

    it('runs as an agent with the transport URL overridden by a second --config-file, and stops on SIGTERM', async () => {
      const port = await freePort();
      const override = tmp.write('seed-override/override.conf', `[DEFAULT]\ntransport_url = rabbit://guest:guest@127.0.0.1:${port}/\n`);
      const agent = startPolling(['--config-file', join(SEED, 'ceilometer.conf'), '--config-file', override], { cwd: SEED, env: env() });
      await agent.waitFor(/polling agent started/);
      expect(agent.stderr()).toContain(`127.0.0.1:${port}`);
      const result = await agent.stop('SIGTERM');
      expect(result.code, result.stderr.slice(-2000)).toBe(0);
      expect(agent.count(/no pollster installed for/)).toBe(0);
    });
  });

  describe('signals', () => {
    it('SIGHUP with a bad polling.yaml keeps the old one running; a good one is applied', async () => {
      const conf = syntheticConf('sighup', syntheticPollingYaml(1));
      const yaml = join(tmp.dir, 'sighup/polling.yaml');
      const agent = startPolling(['--config-file', conf], { env: env() });
      try {
        await agent.waitFor(/polling agent started/);
        await agent.waitFor(/Polling pollster synthetic\.counter/);

        writeFileSync(yaml, readFileSync(join(FIXTURES, 'bad/polling-bad-interval.yaml'), 'utf8'));
        agent.child.kill('SIGHUP');
        await agent.waitFor(/reload rejected/);
        expect(agent.stderr()).toContain('sources[0].interval');
        const before = agent.count(/Polling pollster synthetic\.counter/);
        await new Promise((r) => setTimeout(r, 2_500));
        expect(agent.count(/Polling pollster synthetic\.counter/)).toBeGreaterThan(before);

        writeFileSync(yaml, syntheticPollingYaml(1, ['synthetic.failing']));
        agent.child.kill('SIGHUP');
        await agent.waitFor(/polling\.yaml reloaded/);
        await agent.waitFor(/Polling pollster synthetic\.failing/);
      } finally {
        const result = await agent.stop('SIGTERM');
        expect(result.code).toBe(0);
      }
    });

    it('SIGTERM exits 0 after flushing every polled sample to the pipeline', async () => {
      const out = join(tmp.dir, 'sigterm', 'samples.json');
      const count = join(tmp.dir, 'sigterm', 'count');
      const pipeline = tmp.write(
        'sigterm/pipeline.yaml',
        ['---', 'sources:', '  - name: all', '    meters: ["*"]', '    sinks: [file_sink]', 'sinks:', '  - name: file_sink', '    publishers:', `      - file://${out}?json`, ''].join('\n'),
      );
      const conf = syntheticConf('sigterm', syntheticPollingYaml(1), [`pipeline_cfg_file = ${pipeline}`, 'batch_size = 7']);
      const agent = startPolling(['--config-file', conf], { env: { ...env(), SYNTH_RESOURCES: '50', SYNTH_METERS: '4', SYNTH_COUNT_FILE: count } });
      await agent.waitFor(/polling agent started/);
      await agent.waitFor(/Polling pollster synthetic\.counter(.|\n)*Polling pollster synthetic\.counter/);
      const result = await agent.stop('SIGTERM');
      expect(result.code, result.stderr.slice(-2000)).toBe(0);
      expect(result.stderr).toContain('polling agent stopped');
      const produced = Number(readFileSync(count, 'utf8'));
      expect(produced % 200).toBe(0);
      const volumes = jsonLines(readFileSync(out, 'utf8')).map((s) => s['volume']);
      expect(volumes).toEqual(Array.from({ length: produced }, (_, i) => i));
    });
  });

  describe('operations endpoints', () => {
    it('the heartbeat socket reports each pollster and its last poll time', async () => {
      const socketDir = join(tmp.dir, 'hb');
      const conf = syntheticConf('hb', syntheticPollingYaml(1), [`heartbeat_socket_dir = ${socketDir}`]);
      const agent = startPolling(['--config-file', conf], { env: env() });
      try {
        await agent.waitFor(/Listening on/);
        await agent.waitFor(/Polling pollster synthetic\.counter/);
        const path = join(socketDir, 'ceilometer-synthetic.socket');
        expect(existsSync(path)).toBe(true);
        const report = await new Promise<string>((resolve, reject) => {
          let text = '';
          const socket = connect(path);
          socket.setEncoding('utf8').on('data', (d: string) => (text += d));
          socket.on('end', () => resolve(text));
          socket.on('error', reject);
        });
        expect(report).toMatch(/^synthetic\.counter \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
      } finally {
        const result = await agent.stop('SIGTERM');
        expect(result.code).toBe(0);
      }
      expect(existsSync(join(socketDir, 'ceilometer-synthetic.socket'))).toBe(false);
    });

    it('the Prometheus exporter serves the agent metrics and the latest samples', async () => {
      const port = await freePort();
      const conf = syntheticConf('prom', syntheticPollingYaml(1), ['enable_prometheus_exporter = true', `prometheus_listen_addresses = 127.0.0.1:${port}`]);
      const agent = startPolling(['--config-file', conf], { env: { ...env(), SYNTH_RESOURCES: '2' } });
      try {
        await agent.waitFor(/Prometheus exporter listening/);
        await agent.waitFor(/Polling pollster synthetic\.counter/);
        await new Promise((r) => setTimeout(r, 300));
        const res = await fetch(`http://127.0.0.1:${port}/metrics`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/plain');
        const text = await res.text();
        expect(text).toMatch(/^ceilometer_polling_samples_total\{pollster="synthetic\.counter"\} \d+/m);
        expect(text).toMatch(/^ceilometer_polling_cycles_total\{interval="1"\} \d+/m);
        expect(text).toContain('ceilometer_polling_queue_depth');
        expect(text).toMatch(/^ceilometer_synthetic_meter_0\{[^}]*resource="synthetic-1"[^}]*\} \d+(\.0)?$/m);
        // the process's own metrics (prom-client) on the same endpoint
        for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
          expect(text).toMatch(new RegExp(`^${name} [0-9.e+-]+$`, 'm'));
        }
      } finally {
        const result = await agent.stop('SIGTERM');
        expect(result.code).toBe(0);
      }
    });
  });
});
