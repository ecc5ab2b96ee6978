/**
 * NameDispatchExtensionManager: loads everything once, calls extensions by name per call
 * (stevedore's `NameDispatchExtensionManager`).
 */
import { loadExtensions, loggerOf, registryOf, warnIfEmpty } from './load-extensions.js';
import { callMethod, ManagerBase, type MapFunction, type TestManagerOptions } from './manager-base.js';
import type { DispatchManagerOptions } from './dispatch-extension-manager.js';
import type { Extension } from './types.js';

/** Loads all extensions; `map(names, fn, ...args)` calls the named ones, in the order of `names`. */
export class NameDispatchExtensionManager<T = unknown> extends ManagerBase<T> {
  static async create<T = unknown>(options: DispatchManagerOptions<T>): Promise<NameDispatchExtensionManager<T>> {
    const logger = loggerOf(options);
    const eps = registryOf(options).entryPoints(options.namespace);
    warnIfEmpty(options, eps, logger);
    const exts = await loadExtensions<T>(eps, options, undefined, options.checkFunc);
    return new NameDispatchExtensionManager<T>(exts, { namespace: options.namespace, propagateMapExceptions: options.propagateMapExceptions, logger });
  }

  static forTesting<T = unknown>(namespace: string, extensions: readonly Extension<T>[], options: TestManagerOptions = {}): NameDispatchExtensionManager<T> {
    return new NameDispatchExtensionManager<T>(extensions, { namespace, ...options });
  }

  /** Calls `fn(ext, ...args)` for each name that is loaded; unknown names are ignored (debug log). */
  async map<A extends unknown[], R>(names: Iterable<string>, fn: MapFunction<T, A, R>, ...args: A): Promise<R[]> {
    const selected: Extension<T>[] = [];
    for (const name of names) {
      const ext = this.get(name);
      if (ext) selected.push(ext);
      else this.logger.debug({ ns: this.namespace, ep: name }, `missing extension ${name} ignored`);
    }
    return this.invokeEach(selected, fn, args);
  }

  /** Calls `ext.obj[method](...args)` for each named extension. */
  async mapMethod<R = unknown>(names: Iterable<string>, method: string, ...args: unknown[]): Promise<R[]> {
    return (await this.map(names, callMethod<T>(method), ...args)) as R[];
  }
}
