/**
 * `--validate-config` of the built `ceilometer-polling` and `ceilometer-agent-notification`: the seed
 * deployment's files pass; broken files (bad YAML, an unknown publisher scheme, an unknown
 * transformer, a bad option type, an unknown discovery, an unknown hypervisor inspector) are all
 * reported in one run, each as `file:line: path: message`, with exit status 1; and nothing is
 * connected to (the transport URL points at a listener that counts connections). Build first.
 */
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, installSyntheticPlugin, launcherBuilt, runPolling, syntheticPollingYaml, tempDir, type TempDir } from './polling-helpers.js';

const SEED = join(FIXTURES, '../seed-deployment');
const NOTIFICATION = join(ROOT, 'bin/ceilometer-agent-notification');

describe.skipIf(!launcherBuilt())('--validate-config (spawned)', () => {
  let tmp: TempDir;
  let pluginPath: string;
  let listener: Server;
  let connections = 0;
  let brokerUrl: string;

  beforeAll(async () => {
    tmp = tempDir('ceilo-validate-');
    pluginPath = installSyntheticPlugin(tmp.dir);
    listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    brokerUrl = `rabbit://guest:guest@127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
    tmp.cleanup();
    // what the agents never do while validating
    expect(connections).toBe(0);
  });

  const env = (): Record<string, string> => ({ CEILOMETER_PLUGIN_PATH: pluginPath });
  const problemLines = (stdout: string): string[] => stdout.trim().split('\n').filter((l) => !l.startsWith('warning: ') && !/: configuration (OK|has)/.test(l));

  describe('the seed deployment', () => {
    it('passes for both agents: "configuration OK", exit 0, its warnings listed', async () => {
      const conf = join(SEED, 'ceilometer.conf');
      const polling = await runPolling(['--config-file', conf, '--validate-config']);
      expect(polling.code, polling.stdout + polling.stderr.slice(-2000)).toBe(0);
      expect(polling.stdout).toMatch(/^ceilometer-polling: configuration OK, \d+ warning\(s\) \(checked: .*seed-deployment\/ceilometer\.conf, .*seed-deployment\/polling\.yaml\)$/m);
      // an unknown option is a warning, as oslo.config ignores it (the seed has one)
      expect(polling.stdout).toMatch(/^warning: .*ceilometer\.conf:3: DEFAULT\.auth_strategy: unknown option/m);
      expect(polling.stdout).not.toContain('"level"'); // the report is on stdout, the log on stderr

      const notification = await runPolling(['--config-file', conf, '--validate-config'], { launcher: NOTIFICATION });
      expect(notification.code, notification.stdout + notification.stderr.slice(-2000)).toBe(0);
      expect(notification.stdout).toMatch(/^ceilometer-agent-notification: configuration OK, \d+ warning\(s\) \(checked: .*seed-deployment\/pipeline\.yaml, .*event_definitions\.yaml, .*event_pipeline\.yaml\)$/m);
      expect(notification.stdout).toMatch(/^warning: .*seed-deployment\/pipeline\.yaml:13: sources\[0\]\.resources: ignored: resources belong in polling\.yaml/m);
    });
  });

  describe('ceilometer-agent-notification', () => {
    it('reports every problem of every file in one run, located, and exits 1', async () => {
      const pipeline = tmp.write(
        'notification/pipeline.yaml',
        [
          '---',
          'sources:',
          '  - name: all',
          '    meters: ["*"]',
          '    sinks: [out]',
          'sinks:',
          '  - name: out',
          '    transformers:',
          '      - name: no_such_transformer',
          '    publishers:',
          '      - amqps://nowhere/',
          '      - test://',
          '',
        ].join('\n'),
      );
      const events = tmp.write('notification/event_pipeline.yaml', 'sources:\n  - name: e\n    events: ["*"\n    sinks: [x]\n');
      const conf = tmp.write(
        'notification/ceilometer.conf',
        [
          '[DEFAULT]', `transport_url = ${brokerUrl}`, `pipeline_cfg_file = ${pipeline}`, `event_pipeline_cfg_file = ${events}`, 'not_an_option = 1',
          '[notification]', 'workers = many', '',
        ].join('\n'),
      );
      const run = await runPolling(['--config-file', conf, '--validate-config'], { launcher: NOTIFICATION });
      expect(run.code, run.stdout + run.stderr.slice(-2000)).toBe(1);
      const problems = problemLines(run.stdout);
      expect(problems).toEqual([
        expect.stringMatching(/ceilometer\.conf:7: notification\.workers: .*many/),
        expect.stringMatching(/pipeline\.yaml:9: sinks\[0\]\.transformers\[0\]: .*No transformer named no_such_transformer/),
        expect.stringMatching(/pipeline\.yaml:11: sinks\[0\]\.publishers\[0\]: no publisher for scheme "amqps"/),
        expect.stringMatching(/event_pipeline\.yaml:\d+: .*/),
      ]);
      expect(run.stdout).toMatch(/^warning: .*ceilometer\.conf:5: DEFAULT\.not_an_option: unknown option/m);
      expect(run.stdout).toMatch(/^ceilometer-agent-notification: configuration has 4 problem\(s\) and \d+ warning\(s\)/m);
    });
  });

  describe('ceilometer-polling', () => {
    function pollingConf(name: string, pollingYaml: string, extra: readonly string[] = [], defaults: readonly string[] = []): string {
      const yaml = tmp.write(`${name}/polling.yaml`, pollingYaml);
      return tmp.write(`${name}/ceilometer.conf`, ['[DEFAULT]', 'polling_namespaces = synthetic', `transport_url = ${brokerUrl}`, ...defaults, '[polling]', `cfg_file = ${yaml}`, ...extra, ''].join('\n'));
    }

    it('passes a good polling.yaml without polling (no sample printed)', async () => {
      const run = await runPolling(['--config-file', pollingConf('good', syntheticPollingYaml(60)), '--validate-config'], { env: env() });
      expect(run.code, run.stdout + run.stderr.slice(-2000)).toBe(0);
      expect(run.stdout.trim()).toMatch(/^ceilometer-polling: configuration OK, 0 warning\(s\)/);
      expect(run.stderr).not.toContain('Polling pollster');
    });

    it('reports bad YAML with its line', async () => {
      const run = await runPolling(['--config-file', pollingConf('bad-yaml', 'sources:\n  - name: s\n    interval: [60\n'), '--validate-config'], { env: env() });
      expect(run.code).toBe(1);
      expect(problemLines(run.stdout)).toEqual([expect.stringMatching(/bad-yaml\/polling\.yaml:\d+: /)]);
    });

    it('reports unknown discoveries, inspectors and embedded publishers, and warns about meters no pollster provides', async () => {
      const pipeline = tmp.write('names/pipeline.yaml', 'sources:\n  - name: all\n    meters: ["*"]\n    sinks: [out]\nsinks:\n  - name: out\n    publishers: ["nope://x"]\n');
      const yaml = ['---', 'sources:', '  - name: s', '    interval: 60', '    meters:', '      - synthetic.counter', '      - no.such.meter', '    discovery:', '      - no_such_discovery', ''].join('\n');
      const conf = pollingConf('names', yaml, [`pipeline_cfg_file = ${pipeline}`, 'enable_notifications = false'], ['hypervisor_inspector = nosuch']);
      const run = await runPolling(['--config-file', conf, '--polling-namespaces', 'synthetic', 'compute', '--validate-config'], { env: env() });
      expect(run.code, run.stdout + run.stderr.slice(-2000)).toBe(1);
      const problems = problemLines(run.stdout);
      expect(problems).toContainEqual(expect.stringMatching(/names\/ceilometer\.conf:4: DEFAULT\.hypervisor_inspector: no hypervisor inspector "nosuch" installed/));
      expect(problems).toContainEqual(expect.stringMatching(/names\/polling\.yaml:9: sources\[0\]\.discovery\[0\]: unknown discovery "no_such_discovery"/));
      expect(problems).toContainEqual(expect.stringMatching(/names\/pipeline\.yaml:7: sinks\[0\]\.publishers\[0\]: no publisher for scheme "nope"/));
      expect(run.stdout).toMatch(/^warning: .*names\/polling\.yaml:7: sources\[0\]\.meters\[1\]: no pollster installed for "no\.such\.meter"/m);
    });

    it('builds the dynamic pollsters: an invalid definition is a problem with file and line, a valid one provides its meter', async () => {
      const defs = tmp.write(
        'dyn/defs/pollsters.yaml',
        ['- name: dyn.ok', '  sample_type: gauge', '  unit: u', '  value_attribute: v', '  endpoint_type: x', '  url_path: v1/x',
          '- name: dyn.bad', '  sample_type: average', '  unit: u', '  value_attribute: v', '  endpoint_type: x', '  url_path: v1/x', ''].join('\n'),
      );
      const yaml = ['---', 'sources:', '  - name: s', '    interval: 60', '    meters:', '      - dyn.ok', '      - dyn.bad', ''].join('\n');
      const conf = pollingConf('dyn', yaml, [`pollsters_definitions_dirs = ${join(defs, '..')}`], ['polling_namespaces = central']);
      const run = await runPolling(['--config-file', conf, '--validate-config'], { env: env() });
      expect(run.code, run.stdout + run.stderr.slice(-2000)).toBe(1);
      expect(problemLines(run.stdout)).toEqual([expect.stringMatching(/dynamic.*invalid dynamic pollster \[dyn\.bad\] skipped: .*dyn\/defs\/pollsters\.yaml:8: .*sample_type/)]);
      expect(run.stdout).not.toMatch(/"dyn\.ok"/);
      expect(run.stdout).toMatch(/^warning: .*dyn\/polling\.yaml:7: sources\[0\]\.meters\[1\]: no pollster installed for "dyn\.bad" in namespace\(s\) central; it will not be polled$/m);
    });

    it('reports a bad option type in ceilometer.conf and still checks polling.yaml', async () => {
      const conf = pollingConf('bad-type', 'sources:\n  - name: s\n    interval: sixty\n    meters: [synthetic.counter]\n', ['batch_size = lots']);
      const run = await runPolling(['--config-file', conf, '--validate-config'], { env: env() });
      expect(run.code).toBe(1);
      const problems = problemLines(run.stdout);
      expect(problems).toEqual([
        expect.stringMatching(/bad-type\/ceilometer\.conf:6: polling\.batch_size: .*lots/),
        expect.stringMatching(/bad-type\/polling\.yaml:3: sources\[0\]\.interval: /),
      ]);
    });
  });
});
