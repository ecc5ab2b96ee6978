/**
 * The plugin registry: scans the roots (or reads the fresh on-disk cache), checks each package's
 * metadata and sdk range, and indexes entry points by namespace. Nothing is imported here.
 */
import { performance } from 'node:perf_hooks';
import { silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { PackageEntryPoint } from './entry-point.js';
import { installedSdk } from './installed-sdk.js';
import { discoverPackages, type DiscoveryResult, type ScannedPackage } from './package-finder.js';
import type { RegistryProblem } from './problems.js';
import { cacheDisabledByEnv, cacheFileFor, readFreshCache, resolveCacheDir, writeCache } from './scan-cache.js';
import type { ScanRoot } from './scan-roots.js';
import { isValidRange, satisfies } from './semver-range.js';
import type { EntryPoint, PluginRegistryLike } from './types.js';

/** Options of {@link PluginRegistry.scan}. */
export interface ScanOptions {
  readonly roots: readonly ScanRoot[];
  /** Use the on-disk cache (default true; `CEILOMETER_PLUGIN_CACHE=0` also turns it off). */
  readonly cache?: boolean;
  /** Where cache files go; default from `CEILOMETER_PLUGIN_CACHE_DIR`, `XDG_CACHE_HOME`, `~/.cache`. */
  readonly cacheDir?: string;
  readonly logger?: Logger;
  /** Environment for the cache variables; defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The sdk version plugins' peer ranges are checked against; defaults to the installed sdk. */
  readonly sdkVersion?: string;
}

/** How a registry came to be: for `ceilometer-plugins list` and debugging slow starts. */
export interface ScanInfo {
  readonly roots: readonly ScanRoot[];
  readonly cacheUsed: boolean;
  readonly cacheFile: string | undefined;
  readonly durationMs: number;
  /** The host's sdk version, which plugins' ranges must accept. */
  readonly sdkVersion: string;
  /** Real path of the host's sdk; plugins resolving another copy get this one instead. */
  readonly sdkDir: string | undefined;
}

const byPackage = (a: ScannedPackage, b: ScannedPackage): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0;

function sdkRangeAccepts(range: string, version: string): boolean | 'invalid' {
  const r = range.startsWith('workspace:') ? range.slice('workspace:'.length) : range;
  if (range.startsWith('workspace:') && ['*', '^', '~', ''].includes(r)) return true;
  if (!isValidRange(r)) return 'invalid';
  return satisfies(version, r);
}

/** Scanned plugin packages and their entry points by namespace. */
export class PluginRegistry implements PluginRegistryLike {
  /** Packages with a `ceilometer` key, sorted by name (those failing the sdk check included). */
  readonly packages: readonly ScannedPackage[];
  readonly problems: readonly RegistryProblem[];
  readonly info: ScanInfo;
  readonly logger: Logger;
  readonly #all = new Map<string, EntryPoint[]>();
  readonly #resolved = new Map<string, EntryPoint[]>();

  private constructor(found: DiscoveryResult, info: ScanInfo, logger: Logger, extra: readonly EntryPoint[] = []) {
    this.logger = logger;
    this.info = info;
    this.packages = [...found.packages].sort(byPackage);
    const problems: RegistryProblem[] = found.unreadable.map((u) => ({
      kind: 'unreadable-package', packageName: u.dir.split(/[\\/]/).slice(-1)[0] ?? u.dir, packageVersion: 'unknown',
      packageDir: u.dir, message: `${u.dir}: ${u.message}`,
    }));
    const eps: EntryPoint[] = [];
    for (const pkg of this.packages) {
      const id = { packageName: pkg.name, packageVersion: pkg.version, packageDir: pkg.dir };
      for (const issue of pkg.issues) {
        problems.push({ kind: 'invalid-metadata', ...id, path: issue.path, message: `${pkg.name}@${pkg.version}: ${issue.path}: ${issue.message}` });
      }
      // A copy other than the host's is never loaded (the host modules are shared instead), so the
      // package must accept the host's version.
      const secondCopy = pkg.sdk !== undefined && pkg.sdk.dir !== info.sdkDir ? pkg.sdk : undefined;
      const wanted = pkg.sdkRange ?? (secondCopy ? `^${secondCopy.version}` : undefined);
      if (wanted !== undefined) {
        const ok = sdkRangeAccepts(wanted, info.sdkVersion);
        if (ok !== true) {
          const what = pkg.sdkRange !== undefined ? `${pkg.sdkRangeField ?? 'peerDependencies'}["@ceilometer-ts/sdk"] "${wanted}"` : `its own @ceilometer-ts/sdk ${secondCopy?.version ?? ''} (range "${wanted}")`;
          const why = ok === 'invalid' ? 'is not a valid range' : `does not accept the installed ${info.sdkVersion}`;
          const copy = secondCopy ? `; a second copy, sdk ${secondCopy.version}, is installed at ${secondCopy.dir} (plugins always get the host's sdk, ${info.sdkDir ?? 'not found'})` : '';
          problems.push({
            kind: 'sdk-range', ...id, wanted, installed: info.sdkVersion, ...(secondCopy ? { secondCopy: secondCopy.dir } : {}),
            message: `${pkg.name}@${pkg.version}: ${what} ${why}${copy}; its entry points are disabled (install a version built for sdk ${info.sdkVersion})`,
          });
          continue;
        }
      }
      const needsHostSdk = info.sdkDir !== undefined && pkg.sdk?.dir !== info.sdkDir;
      for (const d of pkg.entryPoints) {
        eps.push(new PackageEntryPoint({ ...d, packageName: pkg.name, packageVersion: pkg.version, packageDir: pkg.dir, origin: pkg.origin, ...(needsHostSdk ? { needsHostSdk } : {}) }));
      }
    }
    for (const ep of [...eps, ...extra]) {
      const list = this.#all.get(ep.namespace) ?? [];
      list.push(ep);
      this.#all.set(ep.namespace, list);
    }
    for (const [ns, list] of this.#all) {
      const byName = new Map<string, EntryPoint[]>();
      for (const ep of list) byName.set(ep.name, [...(byName.get(ep.name) ?? []), ep]);
      const kept = new Set<EntryPoint>();
      for (const [name, candidates] of byName) {
        const first = candidates[0] as EntryPoint;
        kept.add(first);
        if (candidates.length > 1) {
          const refs = candidates.map(({ namespace, name: n, packageName, packageVersion, target }) => ({ namespace, name: n, packageName, packageVersion, target }));
          problems.push({
            kind: 'duplicate-name', packageName: first.packageName, packageVersion: first.packageVersion, packageDir: first.packageDir,
            namespace: ns, name, candidates: refs, kept: refs[0] as (typeof refs)[number],
            message: `${ns}: "${name}" is declared by ${refs.map((r) => `${r.packageName}@${r.packageVersion}`).join(' and ')}; using ${first.packageName}@${first.packageVersion}`,
          });
        }
      }
      this.#resolved.set(ns, list.filter((ep) => kept.has(ep)));
    }
    this.problems = problems;
  }

  /** Scans the roots, using the on-disk cache when it is enabled and fresh. */
  static async scan(options: ScanOptions): Promise<PluginRegistry> {
    const started = performance.now();
    const env = options.env ?? process.env;
    const logger = options.logger ?? silentLogger;
    const useCache = options.cache !== false && !cacheDisabledByEnv(env);
    const cacheFile = useCache ? cacheFileFor(options.cacheDir ?? resolveCacheDir(env), options.roots) : undefined;
    let found = cacheFile === undefined ? undefined : readFreshCache(cacheFile, options.roots);
    const cacheUsed = found !== undefined;
    if (!found) {
      found = discoverPackages(options.roots);
      if (cacheFile !== undefined) {
        try {
          writeCache(cacheFile, options.roots, found);
        } catch (err) {
          logger.debug({ err, cacheFile }, 'cannot write the plugin scan cache');
        }
      }
    }
    const info: ScanInfo = {
      roots: options.roots, cacheUsed, cacheFile, sdkVersion: options.sdkVersion ?? installedSdk().version, sdkDir: installedSdk().dir,
      durationMs: performance.now() - started,
    };
    const registry = new PluginRegistry(found, info, logger);
    for (const p of registry.problems) logger.warn({ pkg: p.packageName, version: p.packageVersion, problem: p.kind }, p.message);
    logger.debug({ packages: registry.packages.length, cacheUsed, durationMs: info.durationMs }, 'plugin scan done');
    return registry;
  }

  /** A registry made from given entry points (tests, embedding); duplicates are resolved as in a scan. */
  static fromEntryPoints(entryPoints: readonly EntryPoint[], options: { logger?: Logger } = {}): PluginRegistry {
    const info: ScanInfo = { roots: [], cacheUsed: false, cacheFile: undefined, durationMs: 0, sdkVersion: installedSdk().version, sdkDir: installedSdk().dir };
    return new PluginRegistry({ packages: [], unreadable: [], stats: [] }, info, options.logger ?? silentLogger, entryPoints);
  }

  /** A registry with nothing in it. */
  static empty(): PluginRegistry {
    return PluginRegistry.fromEntryPoints([]);
  }

  /** Whether the result came from the on-disk cache. */
  get cacheUsed(): boolean {
    return this.info.cacheUsed;
  }

  /** Namespaces with at least one entry point, sorted. */
  namespaces(): string[] {
    return [...this.#resolved.keys()].sort();
  }

  /** Entry points of a namespace, one per name (duplicates resolved), by package name. */
  entryPoints(namespace: string): readonly EntryPoint[] {
    return this.#resolved.get(namespace) ?? [];
  }

  /** Every entry point of a namespace, duplicates included (HookManager, DriverManager). */
  allEntryPoints(namespace: string): readonly EntryPoint[] {
    return this.#all.get(namespace) ?? [];
  }

  /** The entry point the registry uses for `namespace`/`name`. */
  find(namespace: string, name: string): EntryPoint | undefined {
    return this.entryPoints(namespace).find((ep) => ep.name === name);
  }
}
