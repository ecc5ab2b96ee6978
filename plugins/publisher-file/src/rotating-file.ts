/**
 * An append-only file with size-based rotation, as Python's `RotatingFileHandler`: before a record
 * that would bring the file to `maxBytes` or beyond, `path.N` moves to `path.N+1` (the oldest is
 * dropped), `path` becomes `path.1` and a new `path` is started. Writes are serialised in call order.
 *
 * Records are pulled from an iterable one at a time when their turn comes and written in chunks of
 * at most {@link CHUNK_BYTES}, so a large publish never holds more than one chunk of text: 10,000
 * samples each carrying a 568 KB payload are 5.7 GB of lines, which must not exist at once.
 */
import { closeSync, openSync } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { FilePublisherOpenError } from './errors.js';

/** Rotation settings; rotation happens only when both are positive, as in Python. */
export interface RotationOptions {
  readonly maxBytes: number;
  readonly backupCount: number;
}

/** Bytes gathered before one write. */
export const CHUNK_BYTES = 256 * 1024;

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

/** A serialised appender with RotatingFileHandler's rollover rule. */
export class RotatingFileWriter {
  #handle: Promise<FileHandle | undefined>;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  /**
   * Opens (creates) the file right away, as Python does at construction, so a bad path fails at
   * load time. `onError` receives write and rotation failures, which never reject a write.
   */
  constructor(readonly path: string, readonly rotation: RotationOptions, private readonly onError: (err: unknown) => void) {
    try {
      closeSync(openSync(path, 'a'));
    } catch (err) {
      throw new FilePublisherOpenError(path, { cause: err });
    }
    this.#handle = open(path, 'a');
    this.#handle.catch(() => undefined); // reported by the first write
  }

  /**
   * Appends records (each gets a trailing newline); resolves once they are written. An iterable is
   * read lazily, record by record, when the previous writes are done.
   */
  write(records: Iterable<string>): Promise<void> {
    if (this.#closed || (Array.isArray(records) && records.length === 0)) return this.#queue;
    this.#queue = this.#queue.then(() => this.#write(records)).catch((err: unknown) => this.onError(err));
    return this.#queue;
  }

  /** Waits for pending writes and closes the file. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
    const handle = await this.#handle.catch(() => undefined);
    await handle?.close();
  }

  async #write(records: Iterable<string>): Promise<void> {
    let handle = await this.#handle;
    if (!handle) return;
    const { maxBytes, backupCount } = this.rotation;
    const rotating = maxBytes > 0 && backupCount > 0;
    const info = rotating ? await handle.stat() : undefined;
    // Re-read the size each batch: logrotate's copytruncate may have emptied the file meanwhile.
    let size = info?.size ?? 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for (const record of records) {
      const buf = Buffer.from(`${record}\n`, 'utf8');
      if (rotating && info?.isFile() && size > 0 && size + buf.length >= maxBytes) {
        await this.#flush(handle, pending);
        pending = [];
        pendingBytes = 0;
        handle = await this.#rollover(handle);
        size = 0;
      }
      pending.push(buf);
      pendingBytes += buf.length;
      size += buf.length;
      if (pendingBytes >= CHUNK_BYTES) {
        await this.#flush(handle, pending);
        pending = [];
        pendingBytes = 0;
      }
    }
    await this.#flush(handle, pending);
  }

  async #flush(handle: FileHandle, buffers: Buffer[]): Promise<void> {
    if (buffers.length === 1) await handle.write(buffers[0]!);
    else if (buffers.length > 1) await handle.write(Buffer.concat(buffers));
  }

  async #rollover(handle: FileHandle): Promise<FileHandle> {
    await handle.close();
    const { backupCount } = this.rotation;
    for (let i = backupCount - 1; i >= 1; i--) {
      const source = `${this.path}.${i}`;
      if (await exists(source)) await rename(source, `${this.path}.${i + 1}`);
    }
    await rm(`${this.path}.1`, { force: true });
    if (await exists(this.path)) await rename(this.path, `${this.path}.1`);
    this.#handle = open(this.path, 'a');
    return this.#handle as Promise<FileHandle>;
  }
}

