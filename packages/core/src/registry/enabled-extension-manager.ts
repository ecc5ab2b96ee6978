/**
 * EnabledExtensionManager: the extensions a check function accepts (stevedore's
 * `EnabledExtensionManager`).
 */
import { ExtensionManager } from './extension-manager.js';
import { loadExtensions, loggerOf, registryOf, warnIfEmpty } from './load-extensions.js';
import type { TestManagerOptions } from './manager-base.js';
import type { Extension, ManagerOptions } from './types.js';

/** Options of {@link EnabledExtensionManager.create}. */
export interface EnabledManagerOptions<T = unknown> extends ManagerOptions {
  /** Called with each loaded extension (after `invokeOnLoad`); false leaves it out. */
  readonly checkFunc: (ext: Extension<T>) => boolean;
}

/** Loads every extension, then keeps those `checkFunc` accepts. */
export class EnabledExtensionManager<T = unknown> extends ExtensionManager<T> {
  static override async create<T = unknown>(options: EnabledManagerOptions<T>): Promise<EnabledExtensionManager<T>> {
    const logger = loggerOf(options);
    const eps = registryOf(options).entryPoints(options.namespace);
    warnIfEmpty(options, eps, logger);
    const exts = await loadExtensions<T>(eps, options, undefined, options.checkFunc);
    return new EnabledExtensionManager<T>(exts, { namespace: options.namespace, propagateMapExceptions: options.propagateMapExceptions, logger });
  }

  static override forTesting<T = unknown>(namespace: string, extensions: readonly Extension<T>[], options: TestManagerOptions = {}): EnabledExtensionManager<T> {
    return new EnabledExtensionManager<T>(extensions, { namespace, ...options });
  }
}
