/**
 * DispatchExtensionManager: loads everything once, chooses extensions per call with a filter
 * (stevedore's `DispatchExtensionManager`).
 */
import { loadExtensions, loggerOf, registryOf, warnIfEmpty } from './load-extensions.js';
import { callMethod, ManagerBase, type MapFunction, type TestManagerOptions } from './manager-base.js';
import type { Extension, ManagerOptions } from './types.js';

/** Options of the dispatch managers. */
export interface DispatchManagerOptions<T = unknown> extends ManagerOptions {
  /** Which loaded extensions to keep (default: all). */
  readonly checkFunc?: (ext: Extension<T>) => boolean;
}

/** A filter deciding, per call, whether an extension takes part. */
export type DispatchFilter<T, A extends unknown[]> = (ext: Extension<T>, ...args: A) => boolean;

/** Loads all extensions; `map(filter, fn, ...args)` calls those the filter accepts for these args. */
export class DispatchExtensionManager<T = unknown> extends ManagerBase<T> {
  static async create<T = unknown>(options: DispatchManagerOptions<T>): Promise<DispatchExtensionManager<T>> {
    const logger = loggerOf(options);
    const eps = registryOf(options).entryPoints(options.namespace);
    warnIfEmpty(options, eps, logger);
    const exts = await loadExtensions<T>(eps, options, undefined, options.checkFunc);
    return new DispatchExtensionManager<T>(exts, { namespace: options.namespace, propagateMapExceptions: options.propagateMapExceptions, logger });
  }

  static forTesting<T = unknown>(namespace: string, extensions: readonly Extension<T>[], options: TestManagerOptions = {}): DispatchExtensionManager<T> {
    return new DispatchExtensionManager<T>(extensions, { namespace, ...options });
  }

  /** Calls `fn(ext, ...args)` for each extension where `filter(ext, ...args)`; NoMatchesError when empty. */
  async map<A extends unknown[], R>(filter: DispatchFilter<T, A>, fn: MapFunction<T, A, R>, ...args: A): Promise<R[]> {
    if (this.extensions.length === 0) throw this.noExtensions();
    return this.invokeEach(this.extensions.filter((e) => filter(e, ...args)), fn, args);
  }

  /** Calls `ext.obj[method](...args)` where the filter accepts. */
  async mapMethod<R = unknown>(filter: DispatchFilter<T, unknown[]>, method: string, ...args: unknown[]): Promise<R[]> {
    return (await this.map(filter, callMethod<T>(method), ...args)) as R[];
  }
}
