/**
 * The log file (`log_file`, `log_dir`): appended to synchronously, and reopened when it is rotated
 * away, as oslo.log's WatchedFileHandler does (before each write, the path's device and inode are
 * compared with the open file's). With `watch_log_file` the directory is watched too, so a new file
 * appears as soon as the old one is moved or removed (oslo's FastWatchedFileHandler). SIGHUP
 * reopens it as well (logrotate's `postrotate kill -HUP`).
 */
import { closeSync, fstatSync, openSync, statSync, watch, writeSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { LogRecord } from './log-record.js';
import type { LogFormatter } from './formatters.js';
import type { LogOutput } from './log-output.js';

export class FileLogOutput implements LogOutput {
  #fd: number;
  #dev = 0;
  #ino = 0;
  #watcher: FSWatcher | undefined;
  readonly #onHup = (): void => this.reopen();

  /** Opens (creates) the file now: an unwritable path throws here, at start-up. */
  constructor(
    readonly path: string,
    private readonly format: LogFormatter,
    options: { readonly watch?: boolean } = {},
  ) {
    this.#fd = this.#open();
    if (options.watch) {
      const name = basename(path);
      this.#watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
        if (file === null || file === name) this.#reopenIfMoved();
      });
      this.#watcher.on('error', () => this.#watcher?.close());
    }
    process.on('SIGHUP', this.#onHup);
  }

  #open(): number {
    const fd = openSync(this.path, 'a', 0o644);
    const stat = fstatSync(fd);
    this.#dev = stat.dev;
    this.#ino = stat.ino;
    return fd;
  }

  #reopenIfMoved(): void {
    let moved: boolean;
    try {
      const stat = statSync(this.path);
      moved = stat.dev !== this.#dev || stat.ino !== this.#ino;
    } catch {
      moved = true;
    }
    if (moved) this.reopen();
  }

  reopen(): void {
    try {
      const fd = this.#open();
      closeSync(this.#fd);
      this.#fd = fd;
    } catch {
      // the directory went away or is not writable any more: keep writing to the open file
    }
  }

  write(record: LogRecord | null, raw: string): void {
    this.#reopenIfMoved();
    const text = record ? this.format(record) : raw.trimEnd();
    writeSync(this.#fd, `${text}\n`);
  }

  close(): void {
    process.off('SIGHUP', this.#onHup);
    this.#watcher?.close();
    try {
      closeSync(this.#fd);
    } catch {
      // already closed
    }
  }
}
