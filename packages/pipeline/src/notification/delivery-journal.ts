/**
 * How often each message was attempted, kept on disk so it survives the process: an OOM kill while
 * a poison message is processed leaves no chance to count in memory, and RabbitMQ's classic queues
 * only say `redelivered`. An attempt is written *before* the message is processed and the entry is
 * dropped once the message is acknowledged, so after N crashes on the same message the N+1th
 * delivery finds N attempts and the agent moves it aside instead of crashing again.
 *
 * The file is an append-only log of JSON lines, last line per id wins, rewritten (compacted) when it
 * holds mostly dead lines. Only the kernel has to hold a write for it to survive a killed process,
 * so no fsync (a power cut may lose the latest counts, which only costs extra attempts).
 * Appends are synchronous `write(2)`s of a few hundred bytes into the page cache: a promise-based
 * write costs 5-10x the CPU (thread-pool hop), and there are two per batch on the hot path.
 * One agent process per journal: a lock file holds the owner's pid.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLogger, type Logger } from '@ceilometer-ts/sdk';

/** The journal's file name in its directory (`[notification] state_dir`). */
export const JOURNAL_FILE = 'notification-deliveries.jsonl';
const LOCK_FILE = `${JOURNAL_FILE}.lock`;
/** Entries not touched for this long are forgotten at compaction (the message went to another agent, or expired). */
const MAX_AGE_MS = 24 * 3600 * 1000;
const COMPACT_MIN_LINES = 1000;

/** What is known about a message in flight. */
export interface DeliveryEntry {
  /** Attempts started (processing began); an unfinished one is a crash or a failure. */
  readonly attempts: number;
  readonly eventType?: string;
  readonly publisherId?: string;
  /** Bytes of the message as delivered. */
  readonly size?: number;
  /** Set when the message was found to be poison (over the work budget): never process it again. */
  readonly poison?: string;
  /** Epoch ms of the last change. */
  readonly at: number;
}

/** What {@link DeliveryJournal.begin} records about a message. */
export interface DeliveryInfo {
  readonly id: string;
  readonly eventType?: string;
  readonly publisherId?: string;
  readonly size?: number;
}

type Line = { readonly id: string; readonly del?: 1 } & Partial<DeliveryEntry>;

const openJournals = new Set<string>();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Attempt counts per message id, persisted under a directory or (without one) in memory only. */
export class DeliveryJournal {
  readonly #entries = new Map<string, DeliveryEntry>();
  readonly #logger: Logger;
  readonly #dir: string | undefined;
  /** The journal file, open for appending. */
  #fd: number | undefined;
  #lines = 0;
  #pending: string[] = [];
  #writing: Promise<void> = Promise.resolve();
  #scheduled: Promise<void> | undefined;
  #failed = false;

  private constructor(dir: string | undefined, logger: Logger) {
    this.#dir = dir;
    this.#logger = logger;
  }

  /** A journal that forgets everything when the process ends (no state directory). */
  static inMemory(): DeliveryJournal {
    return new DeliveryJournal(undefined, silentLogger);
  }

  /**
   * Opens (creates) the journal in `dir`, replays it and compacts it. When the directory is unusable
   * or another live process holds it, logs a warning and returns an in-memory journal.
   */
  static async open(dir: string, logger: Logger = silentLogger): Promise<DeliveryJournal> {
    const file = join(dir, JOURNAL_FILE);
    const lock = join(dir, LOCK_FILE);
    try {
      if (openJournals.has(file)) throw new Error('already open in this process');
      await mkdir(dir, { recursive: true });
      if (existsSync(lock)) {
        const owner = Number(readFileSync(lock, 'utf8').trim());
        if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && pidAlive(owner)) throw new Error(`locked by process ${owner}`);
      }
      await writeFile(lock, `${process.pid}\n`);
      const journal = new DeliveryJournal(dir, logger);
      journal.#replay(existsSync(file) ? readFileSync(file, 'utf8') : '');
      journal.#compact();
      openJournals.add(file);
      logger.info({ file, in_flight: journal.#entries.size }, 'delivery journal open: %d message(s) attempted before', journal.#entries.size);
      return journal;
    } catch (err) {
      logger.warn({ err: (err as Error).message, dir }, 'delivery journal unusable (%s): attempts are counted in memory only and a crash loop is not detected', (err as Error).message);
      return new DeliveryJournal(undefined, logger);
    }
  }

  /** True when counts survive the process. */
  get persistent(): boolean {
    return this.#dir !== undefined && !this.#failed;
  }

  /** Messages with an entry. */
  get size(): number {
    return this.#entries.size;
  }

  /** The entry of message `id`, if any. */
  get(id: string): DeliveryEntry | undefined {
    return this.#entries.get(id);
  }

  /** Records the start of one more attempt of each message; resolves once that is written. */
  begin(messages: readonly DeliveryInfo[]): Promise<void> {
    const now = Date.now();
    for (const m of messages) {
      const previous = this.#entries.get(m.id);
      this.#set(m.id, {
        ...previous,
        attempts: (previous?.attempts ?? 0) + 1,
        ...(m.eventType !== undefined ? { eventType: m.eventType } : {}),
        ...(m.publisherId !== undefined ? { publisherId: m.publisherId } : {}),
        ...(m.size !== undefined ? { size: m.size } : {}),
        at: now,
      });
    }
    return this.#flush();
  }

  /** Takes back the attempt just begun (a failure that was not the message's fault). */
  excuse(id: string): Promise<void> {
    const entry = this.#entries.get(id);
    if (!entry) return this.#writing;
    if (entry.attempts <= 1 && !entry.poison) return this.finish(id);
    this.#set(id, { ...entry, attempts: Math.max(0, entry.attempts - 1), at: Date.now() });
    return this.#flush();
  }

  /** Marks the message poison: its next delivery is moved aside without processing. */
  markPoison(id: string, reason: string): Promise<void> {
    const entry = this.#entries.get(id);
    this.#set(id, { attempts: entry?.attempts ?? 1, ...entry, poison: reason, at: Date.now() });
    return this.#flush();
  }

  /** Forgets the message (acknowledged). */
  finish(id: string): Promise<void> {
    if (!this.#entries.delete(id)) return this.#writing;
    this.#append({ id, del: 1 });
    return this.#flush();
  }

  /** Waits for pending writes and closes the file. */
  async close(): Promise<void> {
    await this.#flush();
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd !== undefined) closeSync(fd);
    if (this.#dir) {
      openJournals.delete(join(this.#dir, JOURNAL_FILE));
      await rm(join(this.#dir, LOCK_FILE), { force: true });
    }
  }

  #set(id: string, entry: DeliveryEntry): void {
    this.#entries.set(id, entry);
    this.#append({ id, ...entry });
  }

  #append(line: Line): void {
    if (this.#dir && !this.#failed) this.#pending.push(`${JSON.stringify(line)}\n`);
  }

  #replay(text: string): void {
    const cutoff = Date.now() - MAX_AGE_MS;
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // a torn last line from a crash mid-write
      }
      if (typeof line.id !== 'string') continue;
      if (line.del || typeof line.attempts !== 'number') this.#entries.delete(line.id);
      else {
        const { id, del: _del, ...entry } = line;
        this.#entries.set(id, entry as DeliveryEntry);
      }
    }
    for (const [id, entry] of this.#entries) if (entry.at < cutoff) this.#entries.delete(id);
  }

  /** Coalesces queued lines into one write after the current one. */
  #flush(): Promise<void> {
    if (this.#scheduled) return this.#scheduled;
    if (this.#pending.length === 0) return this.#writing;
    const next = this.#writing.then(() => {
      this.#scheduled = undefined;
      return this.#write();
    });
    this.#scheduled = next;
    this.#writing = next;
    return next;
  }

  #write(): void {
    const lines = this.#pending;
    this.#pending = [];
    if (lines.length === 0 || !this.#dir || this.#failed) return;
    try {
      if (this.#lines > COMPACT_MIN_LINES && this.#lines > 4 * this.#entries.size) this.#compact();
      else {
        this.#fd ??= openSync(join(this.#dir, JOURNAL_FILE), 'a');
        const buf = Buffer.from(lines.join(''), 'utf8');
        let offset = 0;
        while (offset < buf.length) {
          const written = writeSync(this.#fd, buf, offset);
          if (written <= 0) throw new Error(`wrote nothing of ${buf.length - offset} bytes`);
          offset += written;
        }
        this.#lines += lines.length;
      }
    } catch (err) {
      this.#failed = true;
      this.#logger.error({ err: (err as Error).message, dir: this.#dir }, 'delivery journal write failed: attempts are counted in memory only from now on');
    }
  }

  /** Rewrites the file with one line per live entry (write a temporary file, then rename it). */
  #compact(): void {
    if (!this.#dir) return;
    const file = join(this.#dir, JOURNAL_FILE);
    const text = [...this.#entries].map(([id, entry]) => `${JSON.stringify({ id, ...entry })}\n`).join('');
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = openSync(file, 'a');
    this.#lines = this.#entries.size;
  }
}
