/**
 * The on-disk scan cache (stevedore's `_cache.py` idea): one JSON file per set of roots, holding the
 * scan result and the modification time of every file and folder the scan consulted. An entry is
 * used only if every recorded time still matches, so a stale cache is never used.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseEntryTarget } from './entry-target.js';
import type { DiscoveryResult, ScannedPackage } from './package-finder.js';
import type { ScanRoot } from './scan-roots.js';

const FORMAT = 3;

/** A package as stored: entry points as `[namespace, name, target]` (targets are re-parsed on read). */
type StoredPackage = Omit<ScannedPackage, 'entryPoints'> & { readonly entryPoints: readonly [string, string, string][] };

interface CacheFile extends Omit<DiscoveryResult, 'packages'> {
  readonly format: number;
  readonly roots: readonly ScanRoot[];
  readonly packages: readonly StoredPackage[];
}

function unpack(pkg: StoredPackage): ScannedPackage {
  const entryPoints = pkg.entryPoints.flatMap(([namespace, name, target]) => {
    const parsed = parseEntryTarget(target);
    return 'error' in parsed ? [] : [{ namespace, name, target, ...parsed }];
  });
  return { ...pkg, entryPoints };
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

/** FNV-1a, twice with different seeds: a file name, not a security boundary (roots are compared on read). */
function digest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** The cache file for a set of roots (the key also covers the cache format). */
export function cacheFileFor(cacheDir: string, roots: readonly ScanRoot[]): string {
  // NOTE: not node:crypto, whose first use costs milliseconds on every warm start.
  return join(cacheDir, `plugins-${digest(JSON.stringify({ format: FORMAT, roots }))}.json`);
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
  return { packages: data.packages.map(unpack), unreadable: data.unreadable, stats: data.stats };
}

/** Writes the cache atomically (temp file + rename); failures are the caller's to log. */
export function writeCache(file: string, roots: readonly ScanRoot[], result: DiscoveryResult): void {
  const packages = result.packages.map((p) => ({ ...p, entryPoints: p.entryPoints.map((e): [string, string, string] => [e.namespace, e.name, e.target]) }));
  const data: CacheFile = { format: FORMAT, roots, unreadable: result.unreadable, stats: result.stats, packages };
  mkdirSync(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data));
  renameSync(tmp, file);
}
