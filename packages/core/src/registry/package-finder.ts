/**
 * Finds plugin packages under the scan roots by reading package.json files directly (never by
 * importing), and records the modification time of every file and folder whose change could
 * change the result, for the on-disk cache.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readPluginMetadata, type DeclaredEntryPoint, type MetadataIssue } from './package-metadata.js';
import type { ScanRoot, ScanRootKind } from './scan-roots.js';
import { expandDirGlobs, readPnpmWorkspaceGlobs } from './workspace-globs.js';

/** A package with a `ceilometer` key, as found on disk. */
export interface ScannedPackage {
  readonly name: string;
  readonly version: string;
  /** Real path of the package directory. */
  readonly dir: string;
  readonly origin: ScanRootKind;
  /** `peerDependencies['@ceilometer-ts/sdk']`, else `dependencies[...]`, when declared. */
  readonly sdkRange?: string;
  /** The field `sdkRange` comes from. */
  readonly sdkRangeField?: 'peerDependencies' | 'dependencies';
  /** The `@ceilometer-ts/sdk` the package itself would import by Node's rules; absent when none. */
  readonly sdk?: ResolvedSdk;
  readonly entryPoints: readonly DeclaredEntryPoint[];
  readonly issues: readonly MetadataIssue[];
}

/** An sdk package found from a plugin's directory. */
export interface ResolvedSdk {
  /** Real path of the package directory. */
  readonly dir: string;
  readonly version: string;
}

/** A package.json that could not be read or parsed. */
export interface UnreadablePackage {
  readonly dir: string;
  readonly message: string;
}

/** What a walk of the roots found. */
export interface DiscoveryResult {
  readonly packages: ScannedPackage[];
  readonly unreadable: UnreadablePackage[];
  /** `[path, mtimeMs]` for every file and folder consulted; -1 for an absent one. */
  readonly stats: [string, number][];
}

type PackageJson = Record<string, unknown>;

const SDK = '@ceilometer-ts/sdk';

const depNames = (json: PackageJson, field: string): string[] => {
  const deps = json[field];
  return typeof deps === 'object' && deps !== null ? Object.keys(deps) : [];
};

class Walk {
  readonly #stats = new Map<string, number>();
  readonly #seen = new Set<string>();
  readonly packages: ScannedPackage[] = [];
  readonly unreadable: UnreadablePackage[] = [];

  stats(): [string, number][] {
    return [...this.#stats];
  }

  mtime(path: string): number {
    let t = this.#stats.get(path);
    if (t === undefined) {
      t = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;
      this.#stats.set(path, t);
    }
    return t;
  }

  /** Reads a package once (by real path); returns its package.json when it is new. */
  visit(realDir: string, origin: ScanRootKind): PackageJson | undefined {
    if (this.#seen.has(realDir)) return undefined;
    this.#seen.add(realDir);
    const file = join(realDir, 'package.json');
    if (this.mtime(file) === -1) return undefined;
    let json: PackageJson;
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      json = parsed as PackageJson;
    } catch (err) {
      this.unreadable.push({ dir: realDir, message: `cannot read package.json: ${(err as Error).message}` });
      return undefined;
    }
    if ('ceilometer' in json) this.#record(realDir, origin, json);
    return json;
  }

  #record(dir: string, origin: ScanRootKind, json: PackageJson): void {
    const name = typeof json['name'] === 'string' ? json['name'] : basename(dir);
    const version = typeof json['version'] === 'string' ? json['version'] : '0.0.0';
    const declared = (field: string): unknown => {
      const deps = json[field];
      return typeof deps === 'object' && deps !== null ? (deps as Record<string, unknown>)[SDK] : undefined;
    };
    const sdkRangeField = (['peerDependencies', 'dependencies'] as const).find((f) => typeof declared(f) === 'string');
    const range = sdkRangeField === undefined ? {} : { sdkRange: declared(sdkRangeField) as string, sdkRangeField };
    const sdk = this.#sdkFrom(dir);
    const { entryPoints, issues } = readPluginMetadata(json['ceilometer']);
    this.packages.push({ name, version, dir, origin, ...range, ...(sdk ? { sdk } : {}), entryPoints, issues });
  }

  /** The sdk a module of the package at `dir` would import (its nested copy, a hoisted one, ...). */
  #sdkFrom(dir: string): ResolvedSdk | undefined {
    const found = this.resolve(dir, SDK);
    const real = found === undefined ? undefined : this.real(found);
    if (real === undefined) return undefined;
    const file = join(real, 'package.json');
    this.mtime(file);
    try {
      const version = (JSON.parse(readFileSync(file, 'utf8')) as PackageJson)['version'];
      return { dir: real, version: typeof version === 'string' ? version : '0.0.0' };
    } catch {
      return { dir: real, version: '0.0.0' };
    }
  }

  /** Node's lookup of `name` from `fromDir`: `node_modules/name` in it and each ancestor. */
  resolve(fromDir: string, name: string): string | undefined {
    const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
    for (let d = fromDir; ; d = dirname(d)) {
      if (basename(d) !== 'node_modules') {
        const nm = join(d, 'node_modules');
        if (this.mtime(nm) !== -1 && (scope === undefined || this.mtime(join(nm, scope)) !== -1)) {
          const candidate = join(nm, name);
          if (existsSync(join(candidate, 'package.json'))) return candidate;
        }
      }
      if (dirname(d) === d) return undefined;
    }
  }

  real(path: string): string | undefined {
    try {
      return realpathSync.native(path);
    } catch {
      return undefined;
    }
  }

  dependencies(appDir: string): void {
    const root = this.real(appDir);
    if (root === undefined) return;
    const rootJson = this.visit(root, 'dependencies');
    if (!rootJson) return;
    const queue: [string, PackageJson, boolean][] = [[root, rootJson, true]];
    for (let item = queue.shift(); item; item = queue.shift()) {
      const [dir, json, isRoot] = item;
      const fields = ['dependencies', 'optionalDependencies', 'peerDependencies', ...(isRoot ? ['devDependencies'] : [])];
      for (const dep of new Set(fields.flatMap((f) => depNames(json, f)))) {
        const found = this.resolve(dir, dep);
        const real = found === undefined ? undefined : this.real(found);
        const depJson = real === undefined ? undefined : this.visit(real, 'dependencies');
        if (real !== undefined && depJson) queue.push([real, depJson, false]);
      }
    }
  }

  workspace(rootDir: string): void {
    const yamlFile = join(rootDir, 'pnpm-workspace.yaml');
    let globs: string[] = [];
    if (this.mtime(yamlFile) !== -1) {
      globs = readPnpmWorkspaceGlobs(readFileSync(yamlFile, 'utf8'));
    } else {
      const pkgFile = join(rootDir, 'package.json');
      if (this.mtime(pkgFile) === -1) return;
      try {
        const ws = (JSON.parse(readFileSync(pkgFile, 'utf8')) as PackageJson)['workspaces'];
        const list = Array.isArray(ws) ? ws : (ws as { packages?: unknown } | undefined)?.packages;
        if (Array.isArray(list)) globs = list.filter((g): g is string => typeof g === 'string');
      } catch {
        return;
      }
    }
    for (const rel of expandDirGlobs(rootDir, globs, (d) => this.mtime(d))) {
      const real = this.real(join(rootDir, rel));
      if (real !== undefined) this.visit(real, 'workspace');
    }
  }

  pluginDir(dir: string): void {
    const nm = basename(dir) === 'node_modules' ? dir : join(dir, 'node_modules');
    const entries = (d: string): string[] => {
      if (this.mtime(d) === -1) return [];
      try {
        return readdirSync(d).filter((n) => !n.startsWith('.')).sort();
      } catch {
        return [];
      }
    };
    for (const name of entries(nm)) {
      const paths = name.startsWith('@') ? entries(join(nm, name)).map((n) => join(nm, name, n)) : [join(nm, name)];
      for (const p of paths) {
        const real = this.real(p);
        if (real !== undefined) this.visit(real, 'plugin-dir');
      }
    }
  }
}

/** Walks every root in order; a package reached from several roots counts once (by real path). */
export function discoverPackages(roots: readonly ScanRoot[]): DiscoveryResult {
  const walk = new Walk();
  for (const root of roots) {
    if (root.kind === 'dependencies') walk.dependencies(root.dir);
    else if (root.kind === 'workspace') walk.workspace(root.dir);
    else walk.pluginDir(root.dir);
  }
  return { packages: walk.packages, unreadable: walk.unreadable, stats: walk.stats() };
}
