/**
 * What a plugin receives by injection: configuration, a child logger, shared services and which
 * entry point it was loaded from. Plugins take it as `@inject(PLUGIN_CONTEXT) ctx: PluginContext`.
 */
import type { ConfigView } from './options.js';
import type { EntryPointRef } from './errors.js';
import type { Logger } from './logger.js';

/** Shared services by name (an SNMP session pool, the inspector, the coordinator). */
export interface ServiceRegistry {
  /** The service registered under `name`, or undefined. */
  get<T>(name: string): T | undefined;
  /** The service registered under `name`; throws when there is none. */
  require<T>(name: string): T;
  /** Registers (or replaces) the service under `name`. */
  set<T>(name: string, service: T): void;
  /** Returns the service, creating it once with `create` if absent. */
  getOrCreate<T>(name: string, create: () => T): T;
}

/** What a plugin gets through `@inject(PLUGIN_CONTEXT)` (or `[INJECT_TOKENS] = [PLUGIN_CONTEXT]`). */
export interface PluginContext {
  readonly config: ConfigView;
  /** A child of the root logger bound to `{ pkg, ns, ep }`. */
  readonly logger: Logger;
  readonly services: ServiceRegistry;
  /** The entry point this instance came from (undefined for instances made by hand in tests). */
  readonly entryPoint?: EntryPointRef;
}

/** DI tokens. Every constructor parameter of a plugin uses an explicit `@inject(token)`. */
export const PLUGIN_CONTEXT = Symbol.for('ceilometer-ts.PluginContext');
/** DI token of the loaded configuration alone ({@link ConfigView}). */
export const CONFIG = Symbol.for('ceilometer-ts.Config');
/** DI token of the plugin's logger alone. */
export const LOGGER = Symbol.for('ceilometer-ts.Logger');
/** DI token of the agent's shared services alone ({@link ServiceRegistry}). */
export const SERVICES = Symbol.for('ceilometer-ts.Services');
/**
 * Decorator-free injection for plain-JavaScript plugins: a static property under this symbol lists
 * the tokens to inject, in constructor order (`static [INJECT_TOKENS] = [PLUGIN_CONTEXT]`).
 */
export const INJECT_TOKENS = Symbol.for('ceilometer-ts.injectTokens');
/** The manager's `invokeArgs`, for injectable classes that also take stevedore-style arguments. */
export const INVOKE_ARGS = Symbol.for('ceilometer-ts.InvokeArgs');

/** A simple Map-backed ServiceRegistry. */
export class MapServiceRegistry implements ServiceRegistry {
  readonly #services = new Map<string, unknown>();
  /** The service registered under `name`, or undefined. */
  get<T>(name: string): T | undefined {
    return this.#services.get(name) as T | undefined;
  }
  /** The service registered under `name`; throws when there is none. */
  require<T>(name: string): T {
    if (!this.#services.has(name)) throw new Error(`service "${name}" is not registered`);
    return this.#services.get(name) as T;
  }
  /** Registers (or replaces) the service under `name`. */
  set<T>(name: string, service: T): void {
    this.#services.set(name, service);
  }
  getOrCreate<T>(name: string, create: () => T): T {
    if (!this.#services.has(name)) this.#services.set(name, create());
    return this.#services.get(name) as T;
  }
}
