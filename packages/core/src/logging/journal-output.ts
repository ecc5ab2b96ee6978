/**
 * `use_journal`: records to systemd's journal with their priority.
 *
 * oslo.log sends the journal's native datagrams (with CODE_FILE, LOGGER_NAME... fields); Node has no
 * Unix datagram sockets, so ceilometer-ts uses the journal's stream protocol, the one behind a
 * service's stdout (`/run/systemd/journal/stdout`, as `systemd-cat` does): each line carries its
 * priority as an sd-daemon `<N>` prefix and the identifier is the program name; other fields are
 * not sent. When stderr already is the journal (`JOURNAL_STREAM`, a systemd unit), the lines go to
 * stderr with the same prefixes. When the socket cannot be reached, one warning says so and the
 * records go to stderr.
 */
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { internalRecord, type LogRecord } from './log-record.js';
import type { LogFormatter } from './formatters.js';
import type { LogOutput } from './log-output.js';
import { syslogSeverity } from './levels.js';

export interface JournalOutputOptions {
  readonly identifier: string;
  readonly format: LogFormatter;
  /** Where records go when the journal cannot be reached. */
  readonly fallback: LogOutput;
  /** Default `/run/systemd/journal/stdout`; tests use their own socket. */
  readonly socketPath?: string;
}

export class JournalLogOutput implements LogOutput {
  #socket: Socket | undefined;
  #failed = false;

  constructor(private readonly options: JournalOutputOptions) {
    const path = options.socketPath ?? '/run/systemd/journal/stdout';
    if (!existsSync(path)) {
      this.#fail(`use_journal: ${path} does not exist (no journald here); logging to stderr instead`);
      return;
    }
    const socket = connect(path);
    // identifier, unit id, default priority, level prefix on, no forwarding to syslog, kmsg or console
    socket.write(`${options.identifier}\n\n6\n1\n0\n0\n0\n`);
    socket.on('error', (error) => this.#fail(`use_journal: cannot reach the journal at ${path}: ${error.message}; logging to stderr instead`));
    socket.unref();
    this.#socket = socket;
  }

  #fail(message: string): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#socket?.destroy();
    this.#socket = undefined;
    this.options.fallback.write(internalRecord(40, message, this.options.identifier), '');
  }

  write(record: LogRecord | null, raw: string): void {
    if (this.#failed || !this.#socket || record === null) {
      this.options.fallback.write(record, raw);
      return;
    }
    const prefix = `<${syslogSeverity(record.level)}>`;
    this.#socket.write(`${this.options.format(record).split('\n').map((line) => prefix + line).join('\n')}\n`);
  }

  close(): void {
    this.#failed = true;
    this.#socket?.end();
    this.#socket = undefined;
  }
}
