/**
 * The loading pipeline every manager shares: import the selected entry points (in parallel; each
 * import is memoised), then make each object in order, reporting failures through `onLoadFailure`.
 */
import { MapServiceRegistry, silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { getDefaultRegistry } from './default-registry.js';
import { instantiate } from './instantiate.js';
import { logLoadFailure } from './load-failure.js';
import { createPluginContext } from './plugin-context.js';
import type { EntryPoint, Extension, ManagerOptions, OnLoadFailure, PluginRegistryLike } from './types.js';

/** The registry a manager reads: its option, else the process-wide default. */
export function registryOf(options: ManagerOptions): PluginRegistryLike {
  return options.registry ?? getDefaultRegistry();
}

/** The manager's own logger: its option, else the registry's, else silent. */
export function loggerOf(options: ManagerOptions): Logger {
  return options.logger ?? registryOf(options).logger ?? options.context?.logger ?? silentLogger;
}

/** Every entry point of the namespace, duplicate names included. */
export function allEntryPointsOf(options: ManagerOptions): readonly EntryPoint[] {
  const registry = registryOf(options);
  return registry.allEntryPoints ? registry.allEntryPoints(options.namespace) : registry.entryPoints(options.namespace);
}

const warnedEmpty = new Set<string>();

/** Logs once per process (debug) that a namespace has no entry points at all. */
export function warnIfEmpty(options: ManagerOptions, entryPoints: readonly EntryPoint[], logger: Logger): void {
  if (entryPoints.length > 0 || warnedEmpty.has(options.namespace)) return;
  warnedEmpty.add(options.namespace);
  // NOTE: debug, as stevedore: callers that need extensions (the polling agent, DriverManager) say so themselves
  logger.debug({ ns: options.namespace }, `no extensions found in namespace ${options.namespace}`);
}

/**
 * Loads the given entry points (already filtered by name: nothing else is imported). `check`, when
 * given, sees each loaded extension and drops those it rejects (EnabledExtensionManager).
 */
export async function loadExtensions<T>(
  entryPoints: readonly EntryPoint[],
  options: ManagerOptions,
  defaultOnLoadFailure?: OnLoadFailure,
  check?: (ext: Extension<T>) => boolean,
): Promise<Extension<T>[]> {
  const logger = loggerOf(options);
  const onLoadFailure = options.onLoadFailure ?? defaultOnLoadFailure ?? logLoadFailure(logger);
  const services = options.context?.services ?? new MapServiceRegistry();
  const contextLogger = options.context?.logger ?? logger;
  const loaded = await Promise.allSettled(entryPoints.map((ep) => ep.load()));
  const extensions: Extension<T>[] = [];
  for (const [i, ep] of entryPoints.entries()) {
    const result = loaded[i] as PromiseSettledResult<unknown>;
    logger.debug({ ns: ep.namespace, ep: ep.name, pkg: ep.packageName }, 'loading extension');
    if (result.status === 'rejected') {
      onLoadFailure(ep, result.reason instanceof Error ? result.reason : new Error(String(result.reason)));
      continue;
    }
    let obj: T | undefined;
    if (options.invokeOnLoad) {
      const context = createPluginContext({ config: options.context?.config, logger: contextLogger, services, entryPoint: ep });
      try {
        obj = (await instantiate(result.value, ep, options.invokeArgs ?? [], context)) as T;
      } catch (err) {
        onLoadFailure(ep, err instanceof Error ? err : new Error(String(err)));
        continue;
      }
    }
    const ext: Extension<T> = Object.freeze({ name: ep.name, entryPoint: ep, plugin: result.value, obj });
    if (check && !check(ext)) {
      logger.debug({ ns: ep.namespace, ep: ep.name }, 'extension disabled by check function');
      continue;
    }
    extensions.push(ext);
  }
  return extensions;
}
