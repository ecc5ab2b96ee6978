/**
 * oslo.log's flags on every command: the spellings oslo.config accepts (`--log-file=PATH`, the old
 * `--logdir`, `--nouse-json` negations) map to the `[DEFAULT]` options they set.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addCommonOptions, loggingFlagValues, type CommonOptions } from '../src/app/common-options.js';

function parse(args: readonly string[]): CommonOptions {
  const program = addCommonOptions(new Command('ceilometer-test')).exitOverride();
  program.parse(['node', 'ceilometer-test', ...args]);
  return program.opts<CommonOptions>();
}

describe('logging flags', () => {
  it('maps the flags to their options, negations and old spellings included', () => {
    const values = loggingFlagValues(
      parse(['--config-file=/etc/ceilometer/ceilometer.conf', '--log-file=/var/log/ceilometer/ceilometer-polling.log', '--logdir', '/var/log/ceilometer', '--use-syslog', '--syslog-log-facility', 'local3', '--use-json', '--nouse-json', '--watch-log-file', '--debug']),
    );
    expect(Object.fromEntries(values)).toEqual({
      debug: true,
      log_file: '/var/log/ceilometer/ceilometer-polling.log',
      log_dir: '/var/log/ceilometer',
      syslog_log_facility: 'local3',
      watch_log_file: true,
      use_syslog: true,
      use_json: false,
    });
  });

  it('sets nothing that was not given, so ceilometer.conf decides', () => {
    expect(loggingFlagValues(parse(['--config-file', '/etc/ceilometer/ceilometer.conf'])).size).toBe(0);
    expect(Object.fromEntries(loggingFlagValues(parse(['--logfile', 'old.log', '--nodebug'])))).toEqual({ log_file: 'old.log', debug: false });
  });
});
