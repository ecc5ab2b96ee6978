/**
 * Building the {@link PluginContext} an extension receives: configuration, a child logger bound to
 * `{ pkg, ns, ep }`, the shared services and the entry point it came from.
 */
import {
  MapServiceRegistry, silentLogger,
  type ConfigView, type EntryPointRef, type Logger, type PluginContext, type ServiceRegistry,
} from '@ceilometer-ts/sdk';

/** A configuration with no options declared: `get` throws, `group` is empty. */
export function emptyConfigView(): ConfigView {
  return Object.freeze({
    get<T>(group: string, name: string): T {
      throw new Error(`option [${group}] ${name} is not declared`);
    },
    has: () => false,
    group: () => Object.freeze({}),
    files: Object.freeze([]),
    configDirs: Object.freeze([]),
    findFile: () => undefined,
  });
}

/** Inputs of {@link createPluginContext}; anything omitted gets a harmless default. */
export interface PluginContextInit {
  readonly config?: ConfigView;
  /** The root logger; the context holds a child of it. */
  readonly logger?: Logger;
  readonly services?: ServiceRegistry;
  readonly entryPoint?: EntryPointRef;
}

/** A frozen plugin context; the logger is `logger.child({ pkg, ns, ep })` when an entry point is given. */
export function createPluginContext(init: PluginContextInit = {}): PluginContext {
  const root = init.logger ?? silentLogger;
  const ep = init.entryPoint;
  return Object.freeze({
    config: init.config ?? emptyConfigView(),
    logger: ep ? root.child({ pkg: ep.packageName, ns: ep.namespace, ep: ep.name }) : root,
    services: init.services ?? new MapServiceRegistry(),
    ...(ep ? { entryPoint: ep } : {}),
  });
}
