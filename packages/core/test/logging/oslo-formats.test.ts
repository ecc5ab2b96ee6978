/**
 * oslo.log's formats: the text line operators' parsers read, tracebacks with the exception prefix,
 * JSON with level names, one line per record on a terminal, and Python's %-format and strftime.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  closeLogger,
  createRootLogger,
  DEFAULT_LOGGING_SETTINGS,
  type LoggingSettings,
  type RootLogger,
} from '../../src/logging/index.js';
import { percentFormat, strftime } from '../../src/logging/percent-format.js';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** The regular expression operators use for upstream's default format (`[-]`: no request context). */
const OSLO_LINE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) (\d+) (TRACE|DEBUG|INFO|WARNING|ERROR|CRITICAL) ([\w.]+) \[-\] (.*)$/;

function logger(settings: Partial<LoggingSettings>, format: 'oslo' | 'terminal' | 'json' = 'oslo'): { log: RootLogger; text: () => string } {
  const out = capture();
  const log = createRootLogger({ name: 'ceilometer-polling', destination: out.stream, consoleFormat: format, logging: { ...DEFAULT_LOGGING_SETTINGS, ...settings } });
  return { log, text: out.text };
}

describe('oslo text format', () => {
  it('writes the default format with the dotted logger name and fields as key=value', () => {
    const { log, text } = logger({});
    log.info({ samples: 3, files: ['/etc/a b'] }, 'poll-once finished');
    log.child({ pkg: '@ceilometer-ts/pollsters-hardware@0.1.0', ep: 'hardware.cpu' }).warn('slow host');
    log.child({ component: 'dead-letter-queue' }).error('full');
    log.debug('not shown at info');
    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const [first, second, third] = lines.map((l) => OSLO_LINE.exec(l));
    expect(first?.slice(2)).toEqual([String(process.pid), 'INFO', 'ceilometer_ts.polling', 'poll-once finished samples=3 files=["/etc/a b"]']);
    expect(second?.slice(3)).toEqual(['WARNING', 'ceilometer_ts.pollsters_hardware', 'slow host ep=hardware.cpu']);
    expect(third?.slice(3)).toEqual(['ERROR', 'ceilometer_ts.polling.dead_letter_queue', 'full']);
    // asctime is local time, as Python's logging.Formatter
    const now = new Date();
    expect(first?.[1]?.slice(0, 10)).toBe(`${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`);
  });

  it('adds the error summary from WARNING up and prefixes every traceback line of an ERROR as oslo does', () => {
    const { log, text } = logger({});
    const error = new TypeError('bad volume');
    log.error({ err: error }, 'pollster failed');
    log.warn({ err: new Error('timeout') }, 'retrying');
    log.info({ err: new Error('quiet') }, 'informational');
    const lines = text().trimEnd().split('\n');
    expect(OSLO_LINE.exec(lines[0] ?? '')?.[5]).toBe('pollster failed: TypeError: bad volume');
    const prefix = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \d+ ERROR ceilometer_ts\.polling /;
    const traceback = lines.slice(1).filter((l) => !OSLO_LINE.test(l));
    expect(traceback[0]).toMatch(new RegExp(`${prefix.source}TypeError: bad volume$`));
    expect(traceback.length).toBeGreaterThan(1);
    for (const line of traceback) expect(line).toMatch(prefix);
    const rest = lines.filter((l) => OSLO_LINE.test(l)).map((l) => OSLO_LINE.exec(l)?.[5]);
    // a warning gets the summary, not the traceback; below WARNING neither
    expect(rest).toEqual(['pollster failed: TypeError: bad volume', 'retrying: Error: timeout', 'informational']);
  });

  it('honours logging_default_format_string, logging_exception_prefix and log_date_format', () => {
    const { log, text } = logger({ defaultFormat: '%(levelname)-8s|%(name)s|%(message)s', logDateFormat: '%d/%m/%Y', exceptionPrefix: '!! %(asctime)s ' });
    log.error({ err: new Error('x') }, 'boom');
    const [line, trace] = text().split('\n');
    expect(line).toBe('ERROR   |ceilometer_ts.polling|boom: Error: x');
    expect(trace).toMatch(/^!! \d\d\/\d\d\/\d{4} Error: x$/);
  });

  it('never writes secrets', () => {
    const { log, text } = logger({});
    log.info({ password: 'hunter2', url: 'rabbit://u:hunter2@h/' }, 'connecting to rabbit://u:hunter2@h/');
    expect(text()).not.toContain('hunter2');
    expect(text()).toContain('password=[Redacted]');
  });
});

describe('oslo JSON format (use_json)', () => {
  it('writes oslo JSONFormatter keys with level names and the fields under extra', () => {
    const { log, text } = logger({ useJson: true });
    log.warn({ host: 'h1', err: new Error('snmp timeout') }, 'inspector call failed');
    const record = JSON.parse(text()) as Record<string, unknown>;
    expect(record).toMatchObject({
      message: 'inspector call failed',
      name: 'ceilometer_ts.polling',
      levelname: 'WARNING',
      levelno: 30,
      process: process.pid,
      error_summary: 'Error: snmp timeout',
      extra: { host: 'h1' },
      context: {},
    });
    expect(record['asctime']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect((record['traceback'] as string[])[0]).toBe('Error: snmp timeout');
    expect(text()).not.toContain('"level":');
  });
});

describe('terminal format', () => {
  it('prints one line per record, even for errors with stacks and multi-line messages', () => {
    const { log, text } = logger({}, 'terminal');
    log.error({ err: new Error('first\nsecond'), n: 1 }, 'two\nlines');
    const out = text();
    expect(out.split('\n')).toHaveLength(2);
    expect(out).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ERROR ceilometer_ts\.polling: two\\nlines: Error: first n=1\n$/);
  });
});

describe('default_log_levels and --debug', () => {
  it('gives each logger the level of its nearest configured ancestor; other names are ignored', () => {
    const { log, text } = logger({ defaultLogLevels: ['amqp=WARN', 'ceilometer_ts.publisher_http=DEBUG', 'ceilometer_ts.polling.notifier=ERROR'] });
    log.child({ pkg: '@ceilometer-ts/publisher-http' }).debug('http debug shown');
    log.child({ component: 'notifier' }).warn('notifier warning hidden');
    log.child({ component: 'notifier' }).child({ component: 'notifier' }).error('notifier error shown');
    log.debug('root debug hidden');
    expect(text().trimEnd().split('\n').map((l) => OSLO_LINE.exec(l)?.[5])).toEqual(['http debug shown', 'notifier error shown']);
  });

  it('debug lowers the root level; named levels still win', () => {
    const { log, text } = logger({ debug: true, defaultLogLevels: ['ceilometer_ts.pollsters_compute=WARN'] });
    log.debug('root debug shown');
    log.child({ pkg: '@ceilometer-ts/pollsters-compute' }).info('compute info hidden');
    expect(text()).toContain('DEBUG ceilometer_ts.polling [-] root debug shown');
    expect(text()).not.toContain('compute info hidden');
  });

  it('reports unreadable default_log_levels entries, log_config_append and publish_errors once', () => {
    const { log, text } = logger({ defaultLogLevels: ['nolevel', 'x=LOUD'], logConfigAppend: '/etc/ceilometer/logging.conf', publishErrors: true });
    closeLogger(log);
    expect(text()).toMatch(/ERROR ceilometer_ts\.polling\.logging \[-\] log_config_append = \/etc\/ceilometer\/logging\.conf is not supported/);
    expect(text()).toMatch(/WARNING ceilometer_ts\.polling\.logging \[-\] publish_errors = true is not supported/);
    expect(text()).toMatch(/WARNING ceilometer_ts\.polling\.logging \[-\] default_log_levels: ignored entries that are not logger=LEVEL: nolevel, x=LOUD/);
  });
});

describe('percentFormat and strftime', () => {
  it('formats as Python does', () => {
    expect(percentFormat('%(a)s.%(b)03d %(c)-5s| %(d)5s %% %(missing)s.', { a: 'x', b: 7, c: 'ab', d: 'r' })).toBe('x.007 ab   |     r % .');
    const date = new Date(2026, 11, 5, 1, 2, 3, 456);
    expect(strftime('%Y-%m-%d %H:%M:%S %y %b %a %j %I%p', date)).toBe('2026-12-05 01:02:03 26 Dec Sat 339 01AM');
  });
});
