/**
 * Where formatted records go. Each output owns its formatter, so a file can hold oslo text while the
 * terminal shows one compact line per record.
 */
import { fstatSync } from 'node:fs';
import pino from 'pino';
import type { LogRecord } from './log-record.js';
import type { LogFormatter } from './formatters.js';
import { syslogSeverity } from './levels.js';

export interface LogOutput {
  /** Writes one record; `raw` is pino's JSON line, for the outputs that keep it. */
  write(record: LogRecord | null, raw: string): void;
  /** Reopens the file behind the output, if any (SIGHUP, rotation). */
  reopen?(): void;
  close(): void;
}

/** A stream, a file descriptor (synchronous writes, nothing lost at exit) or pino's own JSON. */
export class StreamLogOutput implements LogOutput {
  readonly #write: (text: string) => void;
  readonly #close: () => void;

  /**
   * @param format the record's text; `'raw'` writes pino's JSON line unchanged.
   * @param priorityPrefix prefix each line with sd-daemon's `<N>` (stderr read by journald).
   */
  constructor(
    destination: NodeJS.WritableStream | number,
    private readonly format: LogFormatter | 'raw',
    private readonly priorityPrefix = false,
  ) {
    if (typeof destination === 'number') {
      const boom = pino.destination({ dest: destination, sync: true });
      this.#write = (text) => boom.write(text);
      this.#close = () => boom.flushSync();
    } else {
      this.#write = (text) => void destination.write(text);
      this.#close = () => {};
    }
  }

  write(record: LogRecord | null, raw: string): void {
    if (this.format === 'raw' || record === null) {
      this.#write(raw.endsWith('\n') ? raw : `${raw}\n`);
      return;
    }
    const text = this.format(record);
    if (!this.priorityPrefix) {
      this.#write(`${text}\n`);
      return;
    }
    const prefix = `<${syslogSeverity(record.level)}>`;
    this.#write(`${text.split('\n').map((line) => prefix + line).join('\n')}\n`);
  }

  close(): void {
    this.#close();
  }
}

/**
 * Whether stderr is the journal (systemd sets `JOURNAL_STREAM=<dev>:<inode>` of the stream it
 * connected to stdout/stderr): then `<N>` prefixes carry each record's priority.
 */
export function stderrIsJournal(env: NodeJS.ProcessEnv = process.env): boolean {
  const stream = env['JOURNAL_STREAM'];
  if (!stream) return false;
  try {
    const stat = fstatSync(2);
    return stream === `${stat.dev}:${stat.ino}`;
  } catch {
    return false;
  }
}
