/**
 * An entry point bound to the package that declares it, importing its module lazily.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PluginImportError } from '@ceilometer-ts/sdk';
import { shareHostModules } from './host-modules.js';
import type { EntryPoint } from './types.js';

/** Everything an entry point is, minus its loading state (what the cache stores). */
export interface EntryPointData {
  readonly namespace: string;
  readonly name: string;
  readonly packageName: string;
  readonly packageVersion: string;
  readonly packageDir: string;
  readonly target: string;
  readonly modulePath: string;
  readonly exportName: string;
  readonly origin: string;
  /**
   * The package would not import the host's `@ceilometer-ts/sdk` by itself (its own copy, or none):
   * the host modules are shared (`shareHostModules`) before its module is imported.
   */
  readonly needsHostSdk?: boolean;
}

/** An entry point of an installed package; `load()` imports on first call and memoises. */
export class PackageEntryPoint implements EntryPoint {
  readonly namespace: string;
  readonly name: string;
  readonly packageName: string;
  readonly packageVersion: string;
  readonly packageDir: string;
  readonly target: string;
  readonly modulePath: string;
  readonly exportName: string;
  readonly origin: string;
  readonly needsHostSdk: boolean;
  #loading: Promise<unknown> | undefined;

  constructor(data: EntryPointData) {
    this.namespace = data.namespace;
    this.name = data.name;
    this.packageName = data.packageName;
    this.packageVersion = data.packageVersion;
    this.packageDir = data.packageDir;
    this.target = data.target;
    this.modulePath = data.modulePath;
    this.exportName = data.exportName;
    this.origin = data.origin;
    this.needsHostSdk = data.needsHostSdk ?? false;
  }

  /** Absolute path of the module file. */
  get modulePathAbsolute(): string {
    return join(this.packageDir, this.modulePath);
  }

  /** Imports the module (once) and returns the export; rejects with {@link PluginImportError}. */
  load(): Promise<unknown> {
    this.#loading ??= this.#import();
    return this.#loading;
  }

  async #import(): Promise<unknown> {
    let mod: Record<string, unknown>;
    try {
      if (this.needsHostSdk) shareHostModules();
      mod = (await import(pathToFileURL(this.modulePathAbsolute).href)) as Record<string, unknown>;
    } catch (err) {
      throw new PluginImportError(this, `cannot import ${this.modulePath}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
    }
    if (!(this.exportName in mod) || mod[this.exportName] === undefined) {
      const available = Object.keys(mod).filter((k) => k !== '__esModule').sort();
      throw new PluginImportError(
        this,
        `${this.modulePath} has no export "${this.exportName}" (exports: ${available.join(', ') || 'none'})`,
      );
    }
    return mod[this.exportName];
  }

  toJSON(): EntryPointData {
    const { namespace, name, packageName, packageVersion, packageDir, target, modulePath, exportName, origin, needsHostSdk } = this;
    return { namespace, name, packageName, packageVersion, packageDir, target, modulePath, exportName, origin, ...(needsHostSdk ? { needsHostSdk } : {}) };
  }
}
