/**
 * Every command, spawned: a mistyped flag and a bad ceilometer.conf each give one line on stderr
 * (`<prog>: error: ...`, with a "did you mean" for the flag), a non-zero exit, and no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CeilometerError, ConfigError } from '@ceilometer-ts/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, oneLineUsageError } from '../src/app/run.js';
import { launcherBuilt, ROOT, tempDir, type TempDir } from './polling-helpers.js';

function run(command: string, args: readonly string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', command), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0' },
    timeout: 60_000,
  });
  return { status: r.status, stderr: r.stderr, lines: r.stderr.split('\n').filter((l) => l.trim() !== '') };
}

const MISTYPED: readonly [string, readonly string[], string][] = [
  ['ceilometer-polling', ['--poll-onc'], "ceilometer-polling: error: unknown option '--poll-onc'; did you mean --poll-once?"],
  ['ceilometer-agent-notification', ['--config-fil', 'x'], "ceilometer-agent-notification: error: unknown option '--config-fil'; did you mean --config-file?"],
  ['ceilometer-send-sample', ['-n', 'x', '-r', 'r', '--sample-typ', 'gauge'], "ceilometer-send-sample: error: unknown option '--sample-typ'; did you mean --sample-type?"],
  ['ceilometer-plugins', ['lst'], "ceilometer-plugins: error: unknown command 'lst'; did you mean list?"],
  ['ceilometer-plugins', ['list', '--jsn'], "ceilometer-plugins: error: unknown option '--jsn'; did you mean --json?"],
  ['ceilometer-config-generator', ['--output-fil', 'x'], "ceilometer-config-generator: error: unknown option '--output-fil'; did you mean --output-file?"],
  ['ceilometer-config-generator', ['--format', 'yml'], `ceilometer-config-generator: error: option '--format <format>' argument 'yml' is invalid. unknown format "yml" (expected ini, yaml, json, rst); did you mean yaml?`],
];

describe.skipIf(!launcherBuilt())('one-line errors from every command', () => {
  let tmp: TempDir;
  let badConf: string;

  beforeAll(() => {
    tmp = tempDir('ceilo-one-line-');
    badConf = tmp.write('bad.conf', '[DEFAULT]\n\n[polling]\nbatch_size = fifty\n');
  });
  afterAll(() => tmp.cleanup());

  it.each(MISTYPED)('%s %s: one usage line with a suggestion', (command, args, line) => {
    const r = run(command, args);
    expect(r.status).not.toBe(0);
    expect(r.lines).toEqual([line]);
  });

  it.each([['ceilometer-polling', '--poll-once'], ['ceilometer-agent-notification'], ['ceilometer-upgrade'], ['ceilometer-plugins', 'check'], ['ceilometer-send-sample', '-n', 'x', '-r', 'r']])(
    '%s with a bad ceilometer.conf: one line per problem',
    (command, ...args) => {
      const r = run(command, [...args, '--config-file', badConf]);
      expect(r.status).toBe(1);
      expect(r.lines).toEqual([`${command}: error: ${badConf}:4: polling.batch_size: expected an integer, got "fifty"`]);
    },
  );

  it('ceilometer-config-generator with a bad generator setting in its config file: one line', () => {
    const conf = tmp.write('gen.conf', '[DEFAULT]\nwrap_width = wide\n');
    const r = run('ceilometer-config-generator', ['--config-file', conf]);
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([`ceilometer-config-generator: error: ${conf}:2: wrap_width: expected a whole number of columns (0: no wrapping), got "wide" [CEILO_ERR_CONFGEN_SETTING]`]);
  });

  it('ceilometer-upgrade suggests the step flag meant', () => {
    const r = run('ceilometer-upgrade', ['--config-file', tmp.write('empty.conf', ''), '--skip-gnocchi-resource-type']);
    expect(r.status).toBe(2);
    // the log lines of the start-up come first (the steps' flags are known once plugins are loaded)
    const errors = r.lines.filter((l) => l.startsWith('ceilometer-upgrade:'));
    expect(errors).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(errors[0]).toMatch(/^ceilometer-upgrade: error: unknown option '--skip-gnocchi-resource-type' \(.*\); did you mean --skip-gnocchi-resource-types\?$/);
  });
});

describe('error lines', () => {
  it('folds commander\'s suggestion into the line', () => {
    expect(oneLineUsageError('p', "error: unknown option '--x'\n(Did you mean --y?)\n")).toBe("p: error: unknown option '--x'; did you mean --y?\n");
    expect(oneLineUsageError('p', 'error: missing required argument\n')).toBe('p: error: missing required argument\n');
  });

  it('prints a message (and code), the stack only with --debug', () => {
    class BoomError extends CeilometerError {
      readonly code = 'CEILO_ERR_TEST_BOOM' as const;
    }
    expect(errorLines('p', new BoomError('it broke\nbadly'), false)).toEqual(['p: error: it broke; badly [CEILO_ERR_TEST_BOOM]']);
    expect(errorLines('p', new TypeError('x is undefined'), false)).toEqual(['p: error: x is undefined']);
    const debug = errorLines('p', new TypeError('x is undefined'), true);
    expect(debug[0]).toBe('p: error: x is undefined');
    expect(debug[1]).toMatch(/^TypeError: x is undefined\n\s+at /);
    expect(errorLines('p', 'a string', false)).toEqual(['p: error: a string']);
    expect(errorLines('p', new ConfigError([{ file: 'a.conf', line: 2, path: 'x.y', message: 'bad' }, { file: 'a.conf', path: 'x.z', message: 'worse' }]), false)).toEqual([
      'p: error: a.conf:2: x.y: bad',
      'p: error: a.conf:?: x.z: worse',
    ]);
  });
});
