/**
 * DriverManager: exactly one extension by name (stevedore's `DriverManager`).
 */
import { MultipleMatchesError, NoMatchesError } from '@ceilometer-ts/sdk';
import { allEntryPointsOf, loadExtensions, loggerOf, registryOf } from './load-extensions.js';
import { raiseLoadFailure } from './load-failure.js';
import { ExtensionManager } from './extension-manager.js';
import type { ManagerSettings, MapFunction, TestManagerOptions } from './manager-base.js';
import type { Extension, ManagerOptions } from './types.js';

/** Options of {@link DriverManager.create}. Without `onLoadFailure`, a load failure is thrown. */
export interface DriverManagerOptions extends ManagerOptions {
  readonly name: string;
}

/**
 * Loads the one extension called `name`: NoMatchesError (listing what is available) when there is
 * none, MultipleMatchesError (naming the packages) when several packages provide it.
 * @example
 * const { driver } = await DriverManager.create<Publisher>({ namespace: Namespaces.samplePublisher, name: 'file', invokeOnLoad: true, invokeArgs: [url] });
 */
export class DriverManager<T = unknown> extends ExtensionManager<T> {
  constructor(extensions: readonly Extension<T>[], settings: ManagerSettings) {
    super(extensions, settings);
    const name = settings.name ?? extensions[0]?.name ?? '';
    if (extensions.length === 0) throw new NoMatchesError(this.namespace, [name], []);
    if (extensions.length > 1) throw new MultipleMatchesError(this.namespace, name, extensions.map((e) => e.entryPoint));
  }

  static override async create<T = unknown>(options: DriverManagerOptions): Promise<DriverManager<T>> {
    const logger = loggerOf(options);
    const candidates = allEntryPointsOf(options).filter((ep) => ep.name === options.name);
    if (candidates.length === 0) {
      const available = [...new Set(registryOf(options).entryPoints(options.namespace).map((ep) => ep.name))].sort();
      throw new NoMatchesError(options.namespace, [options.name], available);
    }
    // NOTE: refuse an ambiguous driver before importing any candidate.
    if (candidates.length > 1) throw new MultipleMatchesError(options.namespace, options.name, candidates);
    const exts = await loadExtensions<T>(candidates, options, raiseLoadFailure);
    if (exts.length === 0) throw new NoMatchesError(options.namespace, [options.name], []);
    return new DriverManager<T>(exts, {
      namespace: options.namespace, propagateMapExceptions: options.propagateMapExceptions, logger, name: options.name,
    });
  }

  static override forTesting<T = unknown>(namespace: string, extensions: readonly Extension<T>[], options: TestManagerOptions = {}): DriverManager<T> {
    return new DriverManager<T>(extensions, { namespace, ...options });
  }

  /** The driver: the extension's object when invoked on load, else the export itself. */
  get driver(): T {
    const ext = this.extensions[0] as Extension<T>;
    return ext.obj !== undefined ? ext.obj : (ext.plugin as T);
  }

  /** Calls `fn(ext, ...args)` for the driver and returns its result (stevedore's `__call__`). */
  async call<A extends unknown[], R>(fn: MapFunction<T, A, R>, ...args: A): Promise<R | undefined> {
    return (await this.map(fn, ...args))[0];
  }
}
