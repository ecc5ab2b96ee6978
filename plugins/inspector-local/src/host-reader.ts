/**
 * Where the local inspector reads from: the files under /proc and /sys, statfs and the host name.
 * The inspector takes the reader from the plugin services when one is registered (tests register
 * one rooted at a fixture directory), else reads the live machine.
 */
import { readFile, statfs } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';

/** Service name under which the local inspector finds its reader (`ctx.services`). */
export const HOST_READER_SERVICE = 'inspector-local.reader';

/** Size of a mounted filesystem in bytes. */
export interface FilesystemUsage {
  readonly totalBytes: number;
  readonly freeBytes: number;
  /** Free bytes for unprivileged users (statfs bavail); defaults to freeBytes. */
  readonly availBytes?: number;
}

/** Everything the local inspector reads from the machine. */
export interface HostReader {
  /** The machine's host name (`os.hostname()` by default). */
  readonly hostname: string;
  /** Reads a file by its absolute path on the host (`/proc/stat`). */
  readText(path: string): Promise<string>;
  /** statfs of a mount point. */
  filesystemUsage(mountPoint: string): Promise<FilesystemUsage>;
  /** IPv4 addresses by interface name. */
  ipv4Addresses(): ReadonlyMap<string, readonly string[]>;
}

/** Options of the default reader. */
export interface ProcFsReaderOptions {
  /** Prefix for every path read; `/` on a real host, a fixture directory in tests. */
  readonly root?: string;
  readonly hostname?: string;
}

/** Reads the live /proc and /sys (or a copy of them under `root`). */
export class ProcFsReader implements HostReader {
  readonly hostname: string;
  readonly #root: string;

  constructor(options: ProcFsReaderOptions = {}) {
    this.#root = options.root ?? '/';
    this.hostname = options.hostname ?? hostname();
  }

  readText(path: string): Promise<string> {
    return readFile(join(this.#root, path), 'utf8');
  }

  async filesystemUsage(mountPoint: string): Promise<FilesystemUsage> {
    const s = await statfs(join(this.#root, mountPoint));
    return { totalBytes: s.blocks * s.bsize, freeBytes: s.bfree * s.bsize, availBytes: s.bavail * s.bsize };
  }

  ipv4Addresses(): ReadonlyMap<string, readonly string[]> {
    const result = new Map<string, string[]>();
    for (const [name, addresses] of Object.entries(networkInterfaces())) {
      const v4 = (addresses ?? []).filter((a) => a.family === 'IPv4').map((a) => a.address);
      if (v4.length) result.set(name, v4);
    }
    return result;
  }
}
