/**
 * HookManager: every extension with one name, from however many packages (stevedore's
 * `HookManager`).
 */
import { allEntryPointsOf, loadExtensions, loggerOf } from './load-extensions.js';
import { ExtensionManager } from './extension-manager.js';
import type { ManagerSettings, TestManagerOptions } from './manager-base.js';
import type { Extension, ManagerOptions } from './types.js';

/** Options of {@link HookManager.create}. */
export interface HookManagerOptions extends ManagerOptions {
  readonly name: string;
  readonly onMissingNames?: (names: readonly string[]) => void;
  /** Warn when no extension has the name (default false: an unused hook is normal). */
  readonly warnOnMissingNames?: boolean;
}

/** Loads all extensions called `name`, duplicates across packages included, by package name. */
export class HookManager<T = unknown> extends ExtensionManager<T> {
  /** The hook name. */
  readonly name: string;

  constructor(extensions: readonly Extension<T>[], settings: ManagerSettings) {
    super(extensions, settings);
    this.name = settings.name ?? extensions[0]?.name ?? '';
  }

  static override async create<T = unknown>(options: HookManagerOptions): Promise<HookManager<T>> {
    const logger = loggerOf(options);
    const eps = allEntryPointsOf(options).filter((ep) => ep.name === options.name);
    const exts = await loadExtensions<T>(eps, options);
    if (exts.length === 0) {
      if (options.onMissingNames) options.onMissingNames([options.name]);
      else if (options.warnOnMissingNames) logger.warn({ ns: options.namespace, name: options.name }, `no ${options.name} hook in ${options.namespace}`);
    }
    return new HookManager<T>(exts, {
      namespace: options.namespace, propagateMapExceptions: options.propagateMapExceptions, logger, name: options.name,
    });
  }

  static override forTesting<T = unknown>(namespace: string, extensions: readonly Extension<T>[], options: TestManagerOptions = {}): HookManager<T> {
    return new HookManager<T>(extensions, { namespace, ...options });
  }
}
