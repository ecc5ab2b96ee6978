/**
 * NamedExtensionManager: only the named extensions (stevedore's `NamedExtensionManager`).
 */
import { loadExtensions, loggerOf, registryOf } from './load-extensions.js';
import { ExtensionManager } from './extension-manager.js';
import type { ManagerSettings, TestManagerOptions } from './manager-base.js';
import type { Extension, ManagerOptions } from './types.js';

/** Options of {@link NamedExtensionManager.create}. */
export interface NamedManagerOptions extends ManagerOptions {
  /** Names to load; nothing else is imported. */
  readonly names: readonly string[];
  /** Order extensions as in `names` (default: registry order, by package name). */
  readonly nameOrder?: boolean;
  /** Told the names that did not load (absent, or failed); replaces the warning. */
  readonly onMissingNames?: (names: readonly string[]) => void;
  /** Warn about missing names when there is no `onMissingNames` (default true). */
  readonly warnOnMissingNames?: boolean;
}

/**
 * Loads the extensions whose names are listed, filtering by name before any import.
 * @example
 * await NamedExtensionManager.create<Pollster>({ namespace: Namespaces.poll('central'), names: ['cpu'], nameOrder: true, invokeOnLoad: true });
 */
export class NamedExtensionManager<T = unknown> extends ExtensionManager<T> {
  /** Requested names that are not loaded. */
  readonly missingNames: readonly string[];

  constructor(extensions: readonly Extension<T>[], settings: ManagerSettings & { readonly missingNames?: readonly string[] }) {
    super(extensions, settings);
    this.missingNames = Object.freeze([...(settings.missingNames ?? [])]);
  }

  static override async create<T = unknown>(options: NamedManagerOptions): Promise<NamedExtensionManager<T>> {
    const logger = loggerOf(options);
    const wanted = new Set(options.names);
    // NOTE: filter names before import so unused plugins never run.
    const eps = registryOf(options).entryPoints(options.namespace).filter((ep) => wanted.has(ep.name));
    let exts = await loadExtensions<T>(eps, options);
    const loaded = new Set(exts.map((e) => e.name));
    const missing = [...wanted].filter((n) => !loaded.has(n));
    if (missing.length > 0) {
      if (options.onMissingNames) options.onMissingNames(missing);
      else if (options.warnOnMissingNames !== false) {
        logger.warn({ ns: options.namespace, names: missing }, `could not load ${missing.join(', ')} from ${options.namespace}`);
      }
    }
    if (options.nameOrder) {
      const order = [...new Set(options.names)];
      exts = [...exts].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    }
    return new NamedExtensionManager<T>(exts, {
      namespace: options.namespace, propagateMapExceptions: options.propagateMapExceptions, logger, missingNames: missing,
    });
  }

  static override forTesting<T = unknown>(namespace: string, extensions: readonly Extension<T>[], options: TestManagerOptions = {}): NamedExtensionManager<T> {
    return new NamedExtensionManager<T>(extensions, { namespace, ...options });
  }
}
