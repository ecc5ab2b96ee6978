/**
 * oslo.log's flags and options end to end, on the built launcher (`pnpm build` first): Debian's
 * init-script form `--config-file=... --log-file=...`, `[DEFAULT] log_dir` + `use_json` from
 * ceilometer.conf, an unwritable log file, oslo text on a piped stderr, and `--poll-once --format`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installSyntheticPlugin, jsonLines, launcherBuilt, runPolling, syntheticPollingYaml, tempDir, type TempDir } from './polling-helpers.js';

/** Upstream's default format, as operators' log parsers match it. */
const OSLO_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \d+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+ \[-\] .*$/;

describe.skipIf(!launcherBuilt())('ceilometer-polling logging options (spawned)', () => {
  let tmp: TempDir;
  let env: Record<string, string>;

  beforeAll(() => {
    tmp = tempDir('ceilo-logging-e2e-');
    // CEILOMETER_LOG_FORMAT cleared: these runs log as an operator's do (the suite sets pino lines)
    env = { CEILOMETER_PLUGIN_PATH: installSyntheticPlugin(tmp.dir), SYNTH_RESOURCES: '1', CEILOMETER_LOG_FORMAT: '' };
  });
  afterAll(() => tmp.cleanup());

  function conf(name: string, extra: readonly string[] = []): string {
    const yaml = tmp.write(`${name}/polling.yaml`, syntheticPollingYaml(60));
    return tmp.write(`${name}/ceilometer.conf`, ['[DEFAULT]', 'polling_namespaces = synthetic', ...extra, '[polling]', `cfg_file = ${yaml}`, 'enable_notifications = false', ''].join('\n'));
  }

  it('runs as Debian starts it: --config-file=... --log-file=..., oslo text in the file, samples on stdout, nothing on stderr', async () => {
    const log = join(tmp.dir, 'debian', 'ceilometer-polling.log');
    const run = await runPolling([`--config-file=${conf('debian')}`, `--log-file=${log}`, '--poll-once'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(jsonLines(run.stdout).map((s) => s['name'])).toEqual(['synthetic.meter.0']);
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(OSLO_LINE);
    expect(lines.find((l) => l.includes('poll-once finished'))).toMatch(/ INFO ceilometer_ts\.polling \[-\] poll-once finished samples=1 pollsters=1 failed=0 notPolled=0$/);
    expect(lines.some((l) => l.includes(' INFO ceilometer_ts.polling [-] configuration loaded files='))).toBe(true);
  });

  it('reads log_dir and use_json from ceilometer.conf: <log_dir>/ceilometer-polling.log with oslo JSON objects', async () => {
    const dir = join(tmp.dir, 'json-logs');
    tmp.write('json-logs/.keep', '');
    const run = await runPolling(['--config-file', conf('json', [`log_dir = ${dir}`, 'use_json = true']), '--poll-once'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(dir)).toContain('ceilometer-polling.log');
    const records = readFileSync(join(dir, 'ceilometer-polling.log'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.find((r) => r['message'] === 'poll-once finished')).toMatchObject({ levelname: 'INFO', name: 'ceilometer_ts.polling', extra: { samples: 1 } });
    expect(records.every((r) => typeof r['levelname'] === 'string' && !('level' in r))).toBe(true);
  });

  it('exits 1 with one line naming the option and the path when the log file cannot be opened', async () => {
    const run = await runPolling(['--config-file', conf('bad'), '--log-file', '/nonexistent-dir/p.log', '--poll-once'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('ceilometer-polling: error: command line (--log-file):?: DEFAULT.log_file: cannot open log file /nonexistent-dir/p.log for writing (ENOENT)');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    const fromConf = await runPolling(['--config-file', conf('bad-conf', ['log_file = /nonexistent-dir/p.log']), '--poll-once'], { env });
    expect(fromConf.code).toBe(1);
    expect(fromConf.stderr).toMatch(/bad-conf\/ceilometer\.conf:3: DEFAULT\.log_file: cannot open log file \/nonexistent-dir\/p\.log/);
  });

  it('logs oslo text on a piped stderr, JSON with --use-json, and prints a table with --format table', async () => {
    const piped = await runPolling(['--config-file', conf('piped'), '--poll-once', '--format', 'table'], { env });
    expect(piped.code, piped.stderr).toBe(0);
    const stderr = piped.stderr.trimEnd().split('\n');
    for (const line of stderr) expect(line).toMatch(OSLO_LINE);
    const [header, row] = piped.stdout.split('\n');
    expect(header).toMatch(/^METER +TYPE +UNIT +VOLUME RESOURCE +METADATA$/);
    expect(row).toMatch(/^synthetic\.meter\.0 +gauge +item +0 synthetic-0 +display_name=\S+$/); // the metadata column is cut to fit 120 columns

    const json = await runPolling(['--config-file', conf('piped-json'), '--poll-once', '--use-json', '--format', 'json'], { env });
    expect(json.code, json.stderr).toBe(0);
    expect(jsonLines(json.stderr).find((r) => r['message'] === 'poll-once finished')).toMatchObject({ levelname: 'INFO' });
    expect(jsonLines(json.stdout)[0]).toMatchObject({ name: 'synthetic.meter.0' });
  });
});
