/**
 * Loading pollsters, pollster builders and discoveries from the registry for the polling
 * namespaces (`ceilometer.poll.<ns>`, `ceilometer.builder.poll.<ns>`, `ceilometer.discover.<ns>`),
 * as upstream's AgentManager. The manager factory is passed in (`ExtensionManager.create`), so
 * this file depends only on the registry's types.
 */
import { ConfigError, ExtensionLoadError, Namespaces, describeEntryPoint, type Discovery, type Logger, type Pollster, type PollsterBuilder } from '@ceilometer-ts/sdk';
import type { Extension, ManagerOptions } from '@ceilometer-ts/core';
import type { DiscoveryEntry, PollsterEntry } from './plugins.js';

/** `(opts) => ExtensionManager.create(opts)`. */
export type CreateManager = <T>(options: ManagerOptions) => Promise<{ readonly extensions: readonly Extension<T>[] }>;

/** What was loaded. */
export interface LoadedPollingPlugins {
  readonly pollsters: readonly PollsterEntry[];
  readonly discoveries: readonly DiscoveryEntry[];
}

/** Options of {@link loadPollingPlugins}. */
export interface LoadPollingPluginsOptions {
  readonly namespaces: readonly string[];
  readonly createManager: CreateManager;
  readonly logger: Logger;
  /** Passed through to every manager (registry, context). */
  readonly managerOptions?: Omit<ManagerOptions, 'namespace'>;
}

/**
 * Loads everything for the namespaces (duplicates dropped with a warning). An extension that
 * fails to load is logged and skipped (ExtensionLoadError quietly, at debug).
 */
export async function loadPollingPlugins(options: LoadPollingPluginsOptions): Promise<LoadedPollingPlugins> {
  const { logger } = options;
  const namespaces = [...new Set(options.namespaces)];
  if (namespaces.length !== options.namespaces.length) {
    logger.warn({ namespaces: options.namespaces }, `Duplicated values: ${options.namespaces.join(', ')} found in polling namespaces, auto de-duplicated`);
  }
  const load = <T>(namespace: string): Promise<readonly Extension<T>[]> =>
    options
      .createManager<T>({
        ...options.managerOptions,
        namespace,
        invokeOnLoad: true,
        onLoadFailure: (ep, error) => {
          if (error instanceof ExtensionLoadError || error.cause instanceof ExtensionLoadError) {
            logger.debug({ ep: ep.name }, `Skip loading extension for ${ep.name}: ${error.message}`);
          } else logger.error({ err: error, ep: describeEntryPoint(ep) }, `Failed to import extension for ${ep.name}: ${error.message}`);
        },
      })
      .then((m) => m.extensions);

  const pollsters: PollsterEntry[] = [];
  const discoveries: DiscoveryEntry[] = [];
  for (const ns of namespaces) {
    const before = pollsters.length + discoveries.length;
    for (const ext of await load<Pollster>(Namespaces.poll(ns))) {
      if (ext.obj) pollsters.push({ name: ext.name, pollster: ext.obj, entryPoint: ext.entryPoint });
    }
    for (const ext of await load<PollsterBuilder>(Namespaces.builderPoll(ns))) {
      try {
        for (const built of (await ext.obj?.buildPollsters()) ?? []) pollsters.push({ name: built.name, pollster: built.pollster, entryPoint: ext.entryPoint });
      } catch (err) {
        // A builder's own configuration (definitions file, monitor file) is operator input: a bad
        // file stops the agent with file:line, like polling.yaml does.
        if (err instanceof ConfigError || (err as { code?: unknown }).code === 'CEILO_ERR_CONFIG_INVALID') throw err;
        logger.error({ err, ep: describeEntryPoint(ext.entryPoint) }, `pollster builder ${ext.name} failed: ${(err as Error).message}`);
      }
    }
    for (const ext of await load<Discovery>(Namespaces.discover(ns))) {
      if (ext.obj) discoveries.push({ name: ext.name, discovery: ext.obj, entryPoint: ext.entryPoint });
    }
    if (pollsters.length + discoveries.length === before) logger.warn({ namespace: ns }, `nothing installed for polling namespace ${ns}`);
  }
  // One info line per package@version (what operators look for), every extension at debug.
  const byPackage = new Map<string, { pollsters: string[]; discoveries: string[] }>();
  const entryOf = (key: string) => byPackage.get(key) ?? byPackage.set(key, { pollsters: [], discoveries: [] }).get(key)!;
  for (const p of pollsters) {
    logger.debug({ pollster: p.name, ep: p.entryPoint ? describeEntryPoint(p.entryPoint) : undefined }, `loaded pollster ${p.name}`);
    entryOf(p.entryPoint ? `${p.entryPoint.packageName}@${p.entryPoint.packageVersion}` : '(built in)').pollsters.push(p.name);
  }
  for (const d of discoveries) {
    logger.debug({ discovery: d.name, ep: d.entryPoint ? describeEntryPoint(d.entryPoint) : undefined }, `loaded discovery ${d.name}`);
    entryOf(d.entryPoint ? `${d.entryPoint.packageName}@${d.entryPoint.packageVersion}` : '(built in)').discoveries.push(d.name);
  }
  for (const [pkg, loaded] of byPackage) {
    logger.info(
      { pkg, pollsters: loaded.pollsters.length, discoveries: loaded.discoveries },
      `loaded ${loaded.pollsters.length} pollster(s) and ${loaded.discoveries.length} discovery(ies) from ${pkg}`,
    );
  }
  if (pollsters.length === 0) logger.warn({ namespaces }, `No valid pollsters can be loaded from ${namespaces.join(', ')} namespaces`);
  return { pollsters, discoveries };
}
