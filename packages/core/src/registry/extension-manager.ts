/**
 * ExtensionManager: every extension of a namespace (stevedore's `ExtensionManager`).
 */
import { loadExtensions, loggerOf, registryOf, warnIfEmpty } from './load-extensions.js';
import { callMethod, ManagerBase, type MapFunction, type TestManagerOptions } from './manager-base.js';
import { makeTestExtension, type TestExtensionOptions } from './test-extension.js';
import type { Extension, ManagerOptions } from './types.js';

/**
 * Loads all extensions of a namespace.
 * @example
 * const mgr = await ExtensionManager.create<Publisher>({ namespace: Namespaces.samplePublisher, invokeOnLoad: true });
 * await mgr.mapMethod('close');
 */
export class ExtensionManager<T = unknown> extends ManagerBase<T> {
  /** Scans nothing: reads the registry, imports every entry point of the namespace. */
  static async create<T = unknown>(options: ManagerOptions): Promise<ExtensionManager<T>> {
    const logger = loggerOf(options);
    const eps = registryOf(options).entryPoints(options.namespace);
    warnIfEmpty(options, eps, logger);
    const exts = await loadExtensions<T>(eps, options);
    return new ExtensionManager<T>(exts, { namespace: options.namespace, propagateMapExceptions: options.propagateMapExceptions, logger });
  }

  /** A manager over hand-made extensions (stevedore's `make_test_instance`). */
  static forTesting<T = unknown>(namespace: string, extensions: readonly Extension<T>[], options: TestManagerOptions = {}): ExtensionManager<T> {
    return new ExtensionManager<T>(extensions, { namespace, ...options });
  }

  /** An extension wrapping `obj` for {@link ExtensionManager.forTesting}. */
  static makeTestExtension<T>(name: string, obj: T, options?: TestExtensionOptions): Extension<T> {
    return makeTestExtension(name, obj, options);
  }

  /**
   * Calls `fn(ext, ...args)` for each extension in turn and collects the results. A failure is
   * logged and skipped unless `propagateMapExceptions`. Throws NoMatchesError when there is none.
   */
  async map<A extends unknown[], R>(fn: MapFunction<T, A, R>, ...args: A): Promise<R[]> {
    if (this.extensions.length === 0) throw this.noExtensions();
    return this.invokeEach(this.extensions, fn, args);
  }

  /** Calls `ext.obj[method](...args)` on each extension (see {@link ExtensionManager.map}). */
  async mapMethod<R = unknown>(method: string, ...args: unknown[]): Promise<R[]> {
    return (await this.map(callMethod<T>(method), ...args)) as R[];
  }
}
