/**
 * Failures of the file publisher (issue 9): a failed rotation never leaves it dead, a failed write
 * rejects (so the delivery queue holds and retries the batch) and never leaves part of a record, and
 * writing resumes once the obstacle is gone.
 *
 * Obstacles that stop root (we run as root, so chmod 0555 stops nothing):
 * - a non-empty directory where the rotated file goes (`path.1`): the rename fails, always available;
 * - `chattr +i` (immutable) on the directory (renames refused) or on the file (writes through an open
 *   descriptor refused with EPERM): needs a file system with inode flags (ext4 here); skipped otherwise;
 * - a 64 KiB tmpfs for the full disk: needs mount (root, not refused by the container); skipped
 *   otherwise, and a fake short write plus ENOSPC on the file handle covers the same path always.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeSample, MapServiceRegistry, silentLogger, type Logger, type PluginContext, type Sample } from '@ceilometer-ts/sdk';
import { CHUNK_BYTES, FilePublisher, FilePublisherFormatError, FilePublisherWriteError } from '../src/index.js';

function recordingLogger(): Logger & { warns: unknown[][]; infos: unknown[][]; errors: unknown[][] } {
  const warns: unknown[][] = [];
  const infos: unknown[][] = [];
  const errors: unknown[][] = [];
  const logger = {
    ...silentLogger, warns, infos, errors,
    warn: (...a: unknown[]) => void warns.push(a), info: (...a: unknown[]) => void infos.push(a), error: (...a: unknown[]) => void errors.push(a),
    child: () => logger,
  };
  return logger as unknown as Logger & { warns: unknown[][]; infos: unknown[][]; errors: unknown[][] };
}
const context = (logger: Logger = silentLogger): PluginContext => ({ logger, services: new MapServiceRegistry() }) as unknown as PluginContext;

const sample = (i: number, pad = 0): Sample =>
  makeSample({ name: 'cpu', type: 'gauge', unit: '%', volume: i, resource_id: `seq-${i}`, timestamp: '2024-05-01T12:00:00.000000', resource_metadata: pad ? { pad: 'x'.repeat(pad) } : {} });
const range = (from: number, n: number, pad = 0): Sample[] => Array.from({ length: n }, (_, i) => sample(from + i, pad));

/** resource ids of the JSON lines of the files, in order; throws on a partial line. */
function ids(...files: string[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    let text = '';
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    expect(text === '' || text.endsWith('\n')).toBe(true);
    for (const line of text.split('\n')) if (line) out.push((JSON.parse(line) as Sample).resource_id);
  }
  return out;
}
const seq = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `seq-${from + i}`);

function canChattr(probeDir: string): boolean {
  const f = join(probeDir, 'chattr-probe');
  writeFileSync(f, '');
  const ok = spawnSync('chattr', ['+i', f]).status === 0;
  if (ok) spawnSync('chattr', ['-i', f]);
  rmSync(f, { force: true });
  return ok;
}

let dir: string;
const undo: Array<() => void> = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'publisher-file-fail-'));
});
afterEach(() => {
  for (const u of undo.splice(0).reverse()) u();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const chattrAvailable = (() => {
  const d = mkdtempSync(join(tmpdir(), 'publisher-file-probe-'));
  try {
    return canChattr(d);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
})();

describe('FilePublisher: failed rotation', () => {
  it('a directory where the backup goes: keeps writing to the current file, rotates once it is gone', async () => {
    const logger = recordingLogger();
    const path = join(dir, 'rot.json');
    mkdirSync(`${path}.1`);
    writeFileSync(join(`${path}.1`, 'keep'), 'x'); // non-empty: neither rm nor rename can replace it
    const p = new FilePublisher(context(logger), `file://${path}?max_bytes=600&backup_count=1&json`);
    for (let i = 0; i < 6; i++) await p.publishSamples([sample(i)]); // ~300 bytes a line: rotation due from the 2nd
    expect(ids(path)).toEqual(seq(0, 6));
    expect(logger.warns).toHaveLength(1); // once per outage, not per write
    expect(String(logger.warns[0]![1])).toContain('cannot rotate');
    rmSync(`${path}.1`, { recursive: true });
    await p.publishSamples([sample(6)]);
    await p.publishSamples([sample(7)]);
    await p.close();
    expect(ids(`${path}.1`, path)).toEqual(seq(0, 8));
    expect(ids(path)).toEqual(['seq-6', 'seq-7']);
    expect(logger.infos.some((a) => String(a[1]).includes('rotates again'))).toBe(true);
  });

  it.skipIf(!chattrAvailable)('an immutable (read-only) directory: nothing is lost, rotation resumes when it is writable again', async () => {
    const path = join(dir, 'ro', 'rot.json');
    mkdirSync(join(dir, 'ro'));
    const p = new FilePublisher(context(), `file://${path}?max_bytes=600&backup_count=3&json`);
    await p.publishSamples(range(0, 2));
    execFileSync('chattr', ['+i', join(dir, 'ro')]);
    undo.push(() => spawnSync('chattr', ['-i', join(dir, 'ro')]));
    for (let i = 2; i < 8; i++) await p.publishSamples([sample(i)]);
    expect(readdirSync(join(dir, 'ro'))).toEqual(['rot.json']);
    execFileSync('chattr', ['-i', join(dir, 'ro')]);
    await p.publishSamples(range(8, 2));
    await p.close();
    expect(readdirSync(join(dir, 'ro')).length).toBeGreaterThan(1);
    expect(ids(`${path}.3`, `${path}.2`, `${path}.1`, path)).toEqual(seq(0, 10));
  });
});

describe('FilePublisher: failed writes', () => {
  it('a short write then ENOSPC: the call rejects (kind storage), nothing of it stays, the retry writes it whole', async () => {
    const path = join(dir, 'short.json');
    const p = new FilePublisher(context(), `file://${path}?json`);
    await p.publishSamples(range(0, 3));
    const before = statSync(path).size;
    const probe = await open(path, 'r');
    const proto = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<{ bytesWritten: number }> };
    await probe.close();
    const original = proto.write;
    let calls = 0;
    vi.spyOn(proto, 'write').mockImplementation(function (this: unknown, ...args: unknown[]) {
      calls++;
      if (calls === 2) {
        // the disk fills: half of the chunk goes in, the next write fails
        const [buf, offset = 0, length = (args[0] as Buffer).length] = args as [Buffer, number?, number?];
        return original.call(this, buf, offset, Math.floor(length / 2));
      }
      if (calls === 3) return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      return original.apply(this, args);
    });
    const batch = range(3, 3000, 200); // > 2 chunks of CHUNK_BYTES
    expect(3000 * 200).toBeGreaterThan(2 * CHUNK_BYTES);
    const err = await p.publishSamples(batch).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FilePublisherWriteError);
    expect(err).toMatchObject({ code: 'CEILO_ERR_PUBLISHER_FILE_WRITE', kind: 'storage' });
    expect(statSync(path).size).toBe(before);
    expect(ids(path)).toEqual(seq(0, 3));
    vi.restoreAllMocks();
    await p.publishSamples(batch); // the delivery queue's retry: reopened, written whole
    await p.close();
    expect(ids(path)).toEqual(seq(0, 3003));
  });

  it('a record that cannot be formatted: the call rejects with a format error and writes nothing of it', async () => {
    const path = join(dir, 'fmt.json');
    const p = new FilePublisher(context(), `file://${path}?json`);
    const bad: Sample = { ...sample(1), resource_metadata: { get broken(): string { throw new Error('cannot format'); } } };
    await expect(p.publishSamples([sample(0), bad])).rejects.toBeInstanceOf(FilePublisherFormatError);
    await p.publishSamples([sample(2)]);
    await p.close();
    expect(ids(path)).toEqual(['seq-2']);
  });

  it.skipIf(!chattrAvailable)('an immutable (read-only) file: the call rejects, nothing is written, writing resumes when it is writable', async () => {
    const path = join(dir, 'ro.json');
    const p = new FilePublisher(context(), `file://${path}?json`);
    await p.publishSamples(range(0, 2));
    execFileSync('chattr', ['+i', path]);
    undo.push(() => spawnSync('chattr', ['-i', path]));
    await expect(p.publishSamples(range(2, 2))).rejects.toMatchObject({ kind: 'storage' });
    await expect(p.publishSamples(range(2, 2))).rejects.toBeInstanceOf(FilePublisherWriteError); // reopen refused too
    execFileSync('chattr', ['-i', path]);
    await p.publishSamples(range(2, 2));
    await p.close();
    expect(ids(path)).toEqual(seq(0, 4));
  });

  it('the file cannot be reopened after a rotation: the call rejects, the next one after the obstacle writes', async () => {
    const path = join(dir, 'sub', 'w.json');
    mkdirSync(join(dir, 'sub'));
    const p = new FilePublisher(context(), `file://${path}?max_bytes=10&backup_count=1&json`);
    await p.publishSamples([sample(0)]);
    rmSync(join(dir, 'sub'), { recursive: true }); // the rollover's rename and reopen fail
    await expect(p.publishSamples([sample(1)])).rejects.toBeInstanceOf(FilePublisherWriteError);
    mkdirSync(join(dir, 'sub'));
    await p.publishSamples([sample(2)]);
    await p.close();
    expect(ids(path)).toEqual(['seq-2']);
  });
});

// A real full disk: a 64 KiB tmpfs (mount needs root and a container that allows it).
const tmpfsDir = mkdtempSync(join(tmpdir(), 'publisher-file-tmpfs-'));
const mountRefusal = (() => {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', tmpfsDir], { encoding: 'utf8' });
  if (r.status === 0) {
    spawnSync('umount', ['-l', tmpfsDir]);
    return undefined;
  }
  rmSync(tmpfsDir, { recursive: true, force: true });
  return `mount -t tmpfs refused: ${(r.stderr || r.error?.message || '').trim()}`;
})();
if (mountRefusal) console.warn(`skipping the full-disk tmpfs test: ${mountRefusal}`);

describe.skipIf(mountRefusal !== undefined)('FilePublisher: full disk (64 KiB tmpfs)', () => {
  beforeEach(() => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', tmpfsDir]);
    undo.push(() => {
      spawnSync('umount', ['-l', tmpfsDir]);
      rmSync(tmpfsDir, { recursive: true, force: true });
    });
  });

  it('ENOSPC mid-write: rejects, no half-written line, everything written once the space is back', async () => {
    const path = join(tmpfsDir, 'full.json');
    const p = new FilePublisher(context(), `file://${path}?json`);
    await p.publishSamples(range(0, 10));
    writeFileSync(join(tmpfsDir, 'filler'), Buffer.alloc(40 * 1024));
    const before = statSync(path).size;
    const batch = range(10, 100, 200); // ~40 KB: more than is left
    await expect(p.publishSamples(batch)).rejects.toMatchObject({ code: 'CEILO_ERR_PUBLISHER_FILE_WRITE', kind: 'storage' });
    expect(statSync(path).size).toBe(before);
    expect(ids(path)).toEqual(seq(0, 10));
    await expect(p.publishSamples(batch)).rejects.toBeInstanceOf(FilePublisherWriteError); // still full
    rmSync(join(tmpfsDir, 'filler'));
    await p.publishSamples(batch);
    await p.close();
    expect(ids(path)).toEqual(seq(0, 110));
  });
});
