/**
 * An append-only file with size-based rotation, as Python's `RotatingFileHandler`: before a record
 * that would bring the file to `maxBytes` or beyond, `path.N` moves to `path.N+1` (the oldest is
 * dropped), `path` becomes `path.1` and a new `path` is started. Writes are serialised in call order.
 *
 * Records are pulled from an iterable one at a time when their turn comes and written in chunks of
 * about {@link CHUNK_BYTES} (that many UTF-16 units of text, plus the record that crossed it), so a
 * large publish never holds more than one chunk of text: 10,000 samples each carrying a 568 KB
 * payload are 5.7 GB of lines, which must not exist at once. A chunk is gathered as one string and
 * encoded once, into a buffer the writer keeps (writes are serialised, so it is free again after
 * each); record byte lengths are only measured when the file rotates.
 *
 * Failures (issue 9) never leave the writer dead and never leave part of a record:
 * - a rotation that fails (a rename refused: read-only or immutable directory, a directory where the
 *   backup goes) keeps the current file open and goes on writing to it; rotation is tried again at
 *   the next write call. Logged once when it starts failing and once when it works again.
 * - a write call that fails (ENOSPC, EROFS, EPERM, EIO, the file cannot be reopened) truncates the
 *   file back to its size before the call, closes it and rejects with {@link FilePublisherWriteError};
 *   the next call reopens the file. A call is written whole or not at all (except that records it
 *   wrote before a rotation inside the same call stay in the backup).
 */
import { closeSync, openSync } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import type { Logger } from '@ceilometer-ts/sdk';
import { FilePublisherFormatError, FilePublisherOpenError, FilePublisherWriteError } from './errors.js';

/** Rotation settings; rotation happens only when both are positive, as in Python. */
export interface RotationOptions {
  readonly maxBytes: number;
  readonly backupCount: number;
}

/** Text (UTF-16 units, bytes for ASCII) gathered before one write. */
export const CHUNK_BYTES = 256 * 1024;

/** The encoding buffer a writer keeps; texts of up to a third of it (any UTF-8) are encoded into it. */
const SCRATCH_BYTES = 4 * CHUNK_BYTES;

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

/** Thrown by the record iterable (formatting), as opposed to the file system. */
class RecordSourceError extends Error {}

/** Where the current call writes, and how much of it is already in that file. */
interface Target {
  handle: FileHandle;
  /** The file's size before this call wrote to it: what a failure truncates back to. */
  start: number;
  /** Bytes this call appended to it so far. */
  appended: number;
  /** A regular file (not /dev/stdout, a FIFO): only those rotate and are truncated. */
  regular: boolean;
}

/** A serialised appender with RotatingFileHandler's rollover rule. */
export class RotatingFileWriter {
  #handle: FileHandle | undefined;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;
  /** The error of the last failed rotation while rotation keeps failing. */
  #rotationFailure: unknown;
  /** Reused to encode chunks (allocated at the first write). */
  #scratch: Buffer | undefined;

  /**
   * Checks right away that the file can be opened (creating it), as Python opens it at
   * construction, so a bad path fails at load time. The file is (re)opened by the writes.
   */
  constructor(readonly path: string, readonly rotation: RotationOptions, private readonly logger: Logger) {
    try {
      closeSync(openSync(path, 'a'));
    } catch (err) {
      throw new FilePublisherOpenError(path, { cause: err });
    }
  }

  /**
   * Appends records (each gets a trailing newline); resolves once they are written. An iterable is
   * read lazily, record by record, when the previous writes are done. Rejects with
   * FilePublisherWriteError (nothing of the call is left in the file; later calls still run) or
   * FilePublisherFormatError (a record could not be formatted; nothing of the call was written).
   */
  write(records: Iterable<string>): Promise<void> {
    if (this.#closed || (Array.isArray(records) && records.length === 0)) return this.#queue;
    const run = this.#queue.then(() => this.#write(records));
    this.#queue = run.catch(() => undefined); // the caller gets the failure; the next call still runs
    return run;
  }

  /** Waits for pending writes and closes the file. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  async #write(records: Iterable<string>): Promise<void> {
    let count = 0;
    let target: Target | undefined;
    try {
      const handle = await this.#open();
      const info = await handle.stat();
      target = { handle, start: info.size, appended: 0, regular: info.isFile() };
      const { maxBytes, backupCount } = this.rotation;
      const rotating = maxBytes > 0 && backupCount > 0;
      // Re-read each call (the stat above): logrotate's copytruncate may have emptied the file meanwhile.
      let size = target.start;
      let rotationTried = false;
      let pending = '';
      for (const record of this.#records(records)) {
        count++;
        if (rotating && target.regular) {
          const bytes = Buffer.byteLength(record, 'utf8') + 1;
          if (!rotationTried && size > 0 && size + bytes >= maxBytes) {
            await this.#flush(target, pending);
            pending = '';
            const next = await this.#rollover(target.handle);
            if (next) {
              target = { handle: next, start: 0, appended: 0, regular: true };
              size = 0;
            } else {
              rotationTried = true; // failing: write on to the current file, retry at the next call
            }
          }
          size += bytes;
        }
        pending += record;
        pending += '\n';
        if (pending.length >= CHUNK_BYTES) {
          await this.#flush(target, pending);
          pending = '';
        }
      }
      await this.#flush(target, pending);
    } catch (err) {
      const formatting = err instanceof RecordSourceError;
      if (target) await this.#undo(target, !formatting);
      else await this.#drop();
      if (formatting) throw new FilePublisherFormatError(this.path, { cause: err.cause });
      throw new FilePublisherWriteError(this.path, count, { cause: err });
    }
  }

  /** The open file, (re)opened when a failure or a failed rotation left none. */
  async #open(): Promise<FileHandle> {
    this.#handle ??= await open(this.path, 'a');
    return this.#handle;
  }

  /** The records, with a failure of the iterable itself marked as such. */
  *#records(records: Iterable<string>): Generator<string> {
    const it = records[Symbol.iterator]();
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = it.next();
      } catch (err) {
        throw new RecordSourceError('record source failed', { cause: err });
      }
      if (next.done) return;
      yield next.value;
    }
  }

  /** Writes the text whole: a short write (a filling disk) goes on with the rest or fails. */
  async #flush(target: Target, text: string): Promise<void> {
    if (text.length === 0) return;
    const buf = this.#encode(text);
    let offset = 0;
    while (offset < buf.length) {
      const { bytesWritten } = await target.handle.write(buf, offset, buf.length - offset);
      if (bytesWritten <= 0) throw new Error(`wrote nothing of ${buf.length - offset} bytes`);
      offset += bytesWritten;
      target.appended += bytesWritten;
    }
  }

  /** UTF-8 of `text`: in the kept buffer when it surely fits (3 bytes per UTF-16 unit at most). */
  #encode(text: string): Buffer {
    if (text.length * 3 > SCRATCH_BYTES) return Buffer.from(text, 'utf8');
    this.#scratch ??= Buffer.allocUnsafeSlow(SCRATCH_BYTES);
    return this.#scratch.subarray(0, this.#scratch.write(text, 0, 'utf8'));
  }

  /**
   * Takes back what a failed call appended (a record is whole or absent). After a file system
   * failure the file is closed, so the next call reopens it (the file may have been replaced, the
   * obstacle removed).
   */
  async #undo(target: Target, reopen: boolean): Promise<void> {
    if (target.appended > 0 && target.regular) {
      try {
        await target.handle.truncate(target.start);
      } catch (err) {
        this.logger.error({ err, path: this.path, bytes: target.appended }, 'file publisher: cannot remove the %d bytes of a failed write from %s', target.appended, this.path);
      }
    }
    if (!reopen && target.handle === this.#handle) return;
    if (target.handle === this.#handle) this.#handle = undefined;
    await target.handle.close().catch(() => undefined);
  }

  /** Closes the current file (if any) so the next call reopens it. */
  async #drop(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  /**
   * Moves the backups and the file along and opens a new file. Returns the new handle, or undefined
   * when a rename failed: then the current file stays open (nothing is lost) and the next call tries
   * again. The old file is closed only once the new one is open.
   */
  async #rollover(current: FileHandle): Promise<FileHandle | undefined> {
    const { backupCount } = this.rotation;
    try {
      for (let i = backupCount - 1; i >= 1; i--) {
        const source = `${this.path}.${i}`;
        if (await exists(source)) await rename(source, `${this.path}.${i + 1}`);
      }
      await rm(`${this.path}.1`, { force: true });
      if (await exists(this.path)) await rename(this.path, `${this.path}.1`);
    } catch (err) {
      if (this.#rotationFailure === undefined) {
        this.logger.warn({ err, path: this.path }, 'file publisher: cannot rotate %s (%s); writing on to it and retrying at the next write', this.path, (err as Error).message);
      }
      this.#rotationFailure = err;
      return undefined;
    }
    // A failure to open the new file is a write failure: the caller undoes this call in the old
    // file (now the backup) and rejects; the next call creates the file.
    const next = await open(this.path, 'a');
    this.#handle = next;
    await current.close().catch(() => undefined);
    if (this.#rotationFailure !== undefined) {
      this.#rotationFailure = undefined;
      this.logger.info({ path: this.path }, 'file publisher: %s rotates again', this.path);
    }
    return next;
  }
}
