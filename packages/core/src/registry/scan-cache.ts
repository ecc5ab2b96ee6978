/**
 * The on-disk scan cache (stevedore's `_cache.py` idea): one JSON file per set of roots, holding the
 * scan result and the modification time of every file and folder the scan consulted. An entry is
 * used only if every recorded time still matches, so a stale cache is never used.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DiscoveryResult } from './package-finder.js';
import type { ScanRoot } from './scan-roots.js';

const FORMAT = 1;

interface CacheFile extends DiscoveryResult {
  readonly format: number;
  readonly roots: readonly ScanRoot[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** `CEILOMETER_PLUGIN_CACHE=0` (or `false`, `no`, `off`) turns the cache off. */
export function cacheDisabledByEnv(env: Env): boolean {
  const v = env['CEILOMETER_PLUGIN_CACHE']?.trim().toLowerCase();
  return v === '0' || v === 'false' || v === 'no' || v === 'off';
}

/** `CEILOMETER_PLUGIN_CACHE_DIR`, else `$XDG_CACHE_HOME/ceilometer-ts`, else `~/.cache/ceilometer-ts`. */
export function resolveCacheDir(env: Env): string {
  const explicit = env['CEILOMETER_PLUGIN_CACHE_DIR'];
  if (explicit) return explicit;
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg ? xdg : join(homedir(), '.cache'), 'ceilometer-ts');
}

/** The cache file for a set of roots (the key also covers the cache format). */
export function cacheFileFor(cacheDir: string, roots: readonly ScanRoot[]): string {
  const digest = createHash('sha256').update(JSON.stringify({ format: FORMAT, roots })).digest('hex');
  return join(cacheDir, `plugins-${digest.slice(0, 32)}.json`);
}

/** The cached result when the file exists, matches the roots and nothing it watched has changed. */
export function readFreshCache(file: string, roots: readonly ScanRoot[]): DiscoveryResult | undefined {
  let data: CacheFile;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch {
    return undefined;
  }
  if (data.format !== FORMAT || JSON.stringify(data.roots) !== JSON.stringify(roots) || !Array.isArray(data.stats)) {
    return undefined;
  }
  for (const [path, mtime] of data.stats) {
    if ((statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1) !== mtime) return undefined;
  }
  return { packages: data.packages, unreadable: data.unreadable, stats: data.stats };
}

/** Writes the cache atomically (temp file + rename); failures are the caller's to log. */
export function writeCache(file: string, roots: readonly ScanRoot[], result: DiscoveryResult): void {
  const data: CacheFile = { format: FORMAT, roots, ...result };
  mkdirSync(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data));
  renameSync(tmp, file);
}
