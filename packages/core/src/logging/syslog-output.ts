/**
 * `use_syslog`: records to the local syslog socket (`/dev/log`) with `syslog_log_facility` and each
 * record's severity, tagged with the program name, as oslo.log's OSSysLogHandler does.
 *
 * Node has no Unix datagram sockets, and /dev/log is one; so the lines go through a long-lived
 * `logger` (util-linux, in every Debian base system) reading `<PRI>line` from a pipe. When the socket
 * or `logger` is missing, or `logger` dies, one warning says so and the records go to stderr (unless stderr shows them already).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { statSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { internalRecord, type LogRecord } from './log-record.js';
import type { LogFormatter } from './formatters.js';
import type { LogOutput } from './log-output.js';
import { syslogSeverity } from './levels.js';

const FACILITIES: Readonly<Record<string, number>> = {
  LOG_KERN: 0, LOG_USER: 1, LOG_MAIL: 2, LOG_DAEMON: 3, LOG_AUTH: 4, LOG_SYSLOG: 5, LOG_LPR: 6, LOG_NEWS: 7, LOG_UUCP: 8, LOG_CRON: 9,
  LOG_AUTHPRIV: 10, LOG_FTP: 11, LOG_LOCAL0: 16, LOG_LOCAL1: 17, LOG_LOCAL2: 18, LOG_LOCAL3: 19, LOG_LOCAL4: 20, LOG_LOCAL5: 21, LOG_LOCAL6: 22, LOG_LOCAL7: 23,
};

/** The facility number of `syslog_log_facility` (`LOG_LOCAL0`, `local0`), or undefined (oslo raises TypeError). */
export function syslogFacility(name: string): number | undefined {
  const upper = name.trim().toUpperCase();
  return FACILITIES[upper.startsWith('LOG_') ? upper : `LOG_${upper}`];
}

/** The facility names oslo.log accepts, for the error message. */
export const SYSLOG_FACILITY_NAMES: readonly string[] = Object.keys(FACILITIES);

export interface SyslogOutputOptions {
  readonly facility: number;
  /** The program name (syslog's tag). */
  readonly tag: string;
  readonly format: LogFormatter;
  /** Where records go when syslog cannot be reached; null when the console shows them already. */
  readonly fallback: LogOutput | null;
  /** Where the one warning about the fallback goes. */
  readonly notice: LogOutput;
  /** Default `/dev/log`; tests use their own socket. */
  readonly socketPath?: string;
  /** Default `logger`. */
  readonly loggerCommand?: string;
}

export class SyslogLogOutput implements LogOutput {
  #child: ChildProcessByStdio<Writable, null, null> | undefined;
  #failed = false;

  constructor(private readonly options: SyslogOutputOptions) {
    const socketPath = options.socketPath ?? '/dev/log';
    let isSocket = false;
    try {
      isSocket = statSync(socketPath).isSocket();
    } catch {
      isSocket = false;
    }
    if (!isSocket) {
      this.#fail(`use_syslog: ${socketPath} is not a socket (no syslog daemon or journald here); logging to stderr instead`);
      return;
    }
    const child = spawn(options.loggerCommand ?? 'logger', ['--socket', socketPath, '--prio-prefix', '--tag', options.tag, `--id=${process.pid}`], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.on('error', (error) => this.#fail(`use_syslog: cannot run logger to reach ${socketPath}: ${error.message}; logging to stderr instead`));
    child.on('exit', (code, signal) => this.#fail(`use_syslog: logger exited (${signal ?? `status ${code}`}); logging to stderr instead`));
    child.stdin.on('error', () => {}); // the exit or error event above reports it
    child.unref();
    (child.stdin as Socket).unref();
    this.#child = child;
  }

  #fail(message: string): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#child = undefined;
    this.options.notice.write(internalRecord(40, message, this.options.tag), '');
  }

  write(record: LogRecord | null, raw: string): void {
    if (this.#failed || !this.#child || record === null) {
      this.options.fallback?.write(record, raw);
      return;
    }
    const pri = `<${this.options.facility * 8 + syslogSeverity(record.level)}>`;
    this.#child.stdin.write(`${this.options.format(record).split('\n').map((line) => pri + line).join('\n')}\n`);
  }

  close(): void {
    const child = this.#child;
    this.#child = undefined;
    this.#failed = true;
    child?.removeAllListeners('exit');
    child?.stdin.end();
  }
}
