/**
 * Where records go: the log file (composed from log_file/log_dir, reopened after rotation, a clear
 * error when it cannot be opened), syslog through a real Unix datagram socket, the journal's
 * stream protocol, and the fallbacks when neither is there. Option precedence: flags over files.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ConfigError } from '@ceilometer-ts/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  closeLogger,
  configureLogging,
  createRootLogger,
  DEFAULT_LOGGING_SETTINGS,
  logFilePath,
  resolveLoggingSettings,
  type LoggingSettings,
} from '../../src/logging/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ceilo-log-out-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

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

const settings = (over: Partial<LoggingSettings>): LoggingSettings => ({ ...DEFAULT_LOGGING_SETTINGS, ...over });
const waitUntil = async (check: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('option precedence and the log file path', () => {
  it('takes the command line over the files, reads oslo.config booleans and lists', () => {
    const file = new Map<string, unknown>([['log_file', 'from-file.log'], ['use_json', 'True'], ['default_log_levels', 'a=DEBUG, b=WARN'], ['debug', 'yes']]);
    const flags = new Map<string, unknown>([['log_file', '/var/log/ceilometer/ceilometer-polling.log'], ['use_json', false]]);
    const resolved = resolveLoggingSettings((n) => file.get(n), (n) => flags.get(n));
    expect(resolved).toMatchObject({ logFile: '/var/log/ceilometer/ceilometer-polling.log', useJson: false, debug: true, defaultLogLevels: ['a=DEBUG', 'b=WARN'], useStderr: false });
  });

  it('composes log_dir and log_file as oslo.log', () => {
    expect(logFilePath({ logFile: 'x.log' }, 'ceilometer-polling')).toBe('x.log');
    expect(logFilePath({ logFile: 'x.log', logDir: '/var/log/c' }, 'ceilometer-polling')).toBe('/var/log/c/x.log');
    expect(logFilePath({ logFile: '/abs/x.log', logDir: '/var/log/c' }, 'ceilometer-polling')).toBe('/abs/x.log');
    expect(logFilePath({ logDir: '/var/log/c' }, 'ceilometer-polling')).toBe('/var/log/c/ceilometer-polling.log');
    expect(logFilePath({}, 'ceilometer-polling')).toBeUndefined();
  });
});

describe('log file', () => {
  it('writes only to the file unless use_stderr, and to both with it', () => {
    const console = capture();
    const file = join(dir, 'a.log');
    const log = createRootLogger({ name: 'ceilometer-polling', destination: console.stream, logging: settings({ logFile: file }) });
    log.info('to the file');
    configureLogging(log, settings({ logFile: file, useStderr: true }));
    log.info('to both');
    closeLogger(log);
    expect(readFileSync(file, 'utf8')).toMatch(/INFO ceilometer_ts\.polling \[-\] to the file\n.*INFO ceilometer_ts\.polling \[-\] to both\n$/);
    expect(console.text()).toContain('to both');
    expect(console.text()).not.toContain('to the file');
  });

  it.each([false, true])('opens a new file after the old one is moved or removed (watch_log_file=%s)', async (watch) => {
    const file = join(dir, 'p.log');
    const log = createRootLogger({ name: 'ceilometer-polling', logging: settings({ logFile: file, watchLogFile: watch }) });
    log.info('before rotation');
    renameSync(file, `${file}.1`);
    if (watch) await waitUntil(() => existsSync(file)); // reopened at once, before anything is logged
    log.info('after rotation');
    unlinkSync(`${file}.1`);
    unlinkSync(file);
    log.info('after removal');
    closeLogger(log);
    expect(readFileSync(file, 'utf8')).toMatch(/\[-\] after removal\n$/);
  });

  it('reopens on SIGHUP (logrotate copytruncate-free rotation)', () => {
    const file = join(dir, 'h.log');
    const log = createRootLogger({ name: 'ceilometer-polling', logging: settings({ logFile: file }) });
    renameSync(file, `${file}.1`);
    process.emit('SIGHUP', 'SIGHUP');
    expect(existsSync(file)).toBe(true);
    closeLogger(log);
  });

  it('fails with a ConfigError naming the option, where it was set and the path when the file cannot be opened', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const attempt = (): unknown =>
      createRootLogger({ name: 'ceilometer-polling', logging: settings({ logFile: join(locked, 'p.log') }), locate: () => ({ file: '/etc/ceilometer/ceilometer.conf', line: 7 }) });
    if (process.getuid?.() === 0) {
      // root writes anywhere: a missing directory instead
      expect(() => createRootLogger({ logging: settings({ logDir: join(dir, 'missing') }), locate: () => ({ file: 'command line (--log-dir)' }) })).toThrow(
        /command line \(--log-dir\):\?: DEFAULT\.log_dir: cannot open log file .*missing\/ceilometer\.log for writing \(ENOENT\)/,
      );
      return;
    }
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/^\/etc\/ceilometer\/ceilometer\.conf:7: DEFAULT\.log_file: cannot open log file .*locked\/p\.log for writing \(EACCES\)/);
  });
});

describe('syslog (use_syslog)', () => {
  it('sends each record with facility and severity to a Unix datagram socket, tagged with the program', async () => {
    const socketPath = join(dir, 'log.sock');
    const python = spawn('/usr/bin/python3', ['-u', '-c', [
      'import socket, sys',
      's = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)',
      's.bind(sys.argv[1])',
      'print("ready")',
      'while True: print(s.recv(65536).decode())',
    ].join('\n'), socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    let received = '';
    python.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
    try {
      await waitUntil(() => received.includes('ready'));
      const console = capture();
      const log = createRootLogger({ name: 'ceilometer-polling', destination: console.stream });
      configureLogging(log, settings({ useSyslog: true, syslogFacility: 'local0', logFile: join(dir, 'also.log') }), { syslogSocket: socketPath });
      log.warn({ host: 'h1' }, 'to syslog');
      log.error('an error');
      await waitUntil(() => received.includes('an error'));
      closeLogger(log);
      // <PRI> = facility local0 (16) * 8 + severity (warning 4, error 3)
      expect(received).toMatch(new RegExp(`<132>.*ceilometer-polling\\[${process.pid}\\]: \\d{4}-\\d\\d-\\d\\d [\\d:.]+ ${process.pid} WARNING ceilometer_ts\\.polling \\[-\\] to syslog host=h1`));
      expect(received).toMatch(/<131>.*ERROR ceilometer_ts\.polling \[-\] an error/);
      expect(console.text()).toBe(''); // a log file is set: no console output
    } finally {
      python.kill();
    }
  });

  it('falls back to the console with one warning when the socket is missing, and refuses an unknown facility', () => {
    const console = capture();
    const log = createRootLogger({ name: 'ceilometer-polling', destination: console.stream, consoleFormat: 'oslo' });
    configureLogging(log, settings({ useSyslog: true }), { syslogSocket: join(dir, 'none.sock') });
    log.info('still logged');
    closeLogger(log);
    const lines = console.text().trimEnd().split('\n');
    expect(lines.filter((l) => l.includes('use_syslog'))).toHaveLength(1);
    expect(lines.find((l) => l.includes('use_syslog'))).toMatch(/WARNING ceilometer_ts\.polling\.logging \[-\] use_syslog: .*none\.sock is not a socket .*; logging to stderr instead/);
    // oslo adds syslog beside the console, which shows the record once
    expect(lines.filter((l) => l.endsWith('still logged'))).toHaveLength(1);
    const other = createRootLogger({ name: 'ceilometer-polling', destination: capture().stream });
    expect(() => configureLogging(other, settings({ useSyslog: true, syslogFacility: 'LOG_NOPE' }))).toThrow(/DEFAULT\.syslog_log_facility: syslog facility must be one of: 'LOG_KERN'.*\(got 'LOG_NOPE'\)/);
  });
});

describe('journal (use_journal)', () => {
  it('speaks the journal stream protocol: header, then <priority>line per record', async () => {
    const socketPath = join(dir, 'journal.sock');
    let received = '';
    const server = createServer((socket) => socket.on('data', (chunk: Buffer) => (received += chunk.toString())));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const console = capture();
      const log = createRootLogger({ name: 'ceilometer-agent-notification', destination: console.stream });
      configureLogging(log, settings({ useJournal: true }), { journalSocket: socketPath, env: {} });
      log.info('hello journal');
      log.error('bad');
      await waitUntil(() => received.includes('bad'));
      closeLogger(log);
      expect(received.startsWith('ceilometer-agent-notification\n\n6\n1\n0\n0\n0\n')).toBe(true);
      expect(received).toMatch(/\n<6>\d{4}-.* INFO ceilometer_ts\.agent_notification \[-\] hello journal\n<3>.* ERROR ceilometer_ts\.agent_notification \[-\] bad\n/);
      expect(console.text()).toBe(''); // as oslo: the journal replaces the console
    } finally {
      server.close();
    }
  });

  it('falls back to the console with one warning when the journal socket is missing', () => {
    const console = capture();
    const log = createRootLogger({ name: 'ceilometer-polling', destination: console.stream, consoleFormat: 'oslo' });
    configureLogging(log, settings({ useJournal: true }), { journalSocket: join(dir, 'nojournal'), env: {} });
    log.info('kept');
    closeLogger(log);
    expect(console.text()).toMatch(/WARNING ceilometer_ts\.polling\.logging \[-\] use_journal: .*nojournal does not exist .*\n.*INFO ceilometer_ts\.polling \[-\] kept\n$/);
  });
});
