/**
 * What every manager shares: the loaded extensions, lookups by name, and calling extensions with
 * stevedore's error policy (log and continue, unless `propagateMapExceptions`).
 */
import { NoMatchesError, silentLogger, type Logger } from '@ceilometer-ts/sdk';
import type { Extension } from './types.js';

/** How a manager instance is set up (what `create` and `forTesting` pass to constructors). */
export interface ManagerSettings {
  readonly namespace: string;
  readonly propagateMapExceptions?: boolean;
  readonly logger?: Logger;
  /** The requested name (DriverManager, HookManager). */
  readonly name?: string;
}

/** Options of `forTesting`. */
export interface TestManagerOptions {
  readonly propagateMapExceptions?: boolean;
  readonly logger?: Logger;
}

/** A function `map()` calls with each extension and the extra arguments. */
export type MapFunction<T, A extends unknown[], R> = (ext: Extension<T>, ...args: A) => R | Promise<R>;

/** Base of every manager flavour. */
export abstract class ManagerBase<T> implements Iterable<Extension<T>> {
  readonly namespace: string;
  /** Loaded extensions, in the order `map()` calls them. */
  readonly extensions: readonly Extension<T>[];
  readonly propagateMapExceptions: boolean;
  protected readonly logger: Logger;

  constructor(extensions: readonly Extension<T>[], settings: ManagerSettings) {
    this.namespace = settings.namespace;
    this.extensions = Object.freeze([...extensions]);
    this.propagateMapExceptions = settings.propagateMapExceptions ?? false;
    this.logger = settings.logger ?? silentLogger;
  }

  /** Names of the loaded extensions, in `map()` order. */
  names(): string[] {
    return this.extensions.map((e) => e.name);
  }

  /** The extension called `name` (the first, if a hook has several). */
  get(name: string): Extension<T> | undefined {
    return this.extensions.find((e) => e.name === name);
  }

  /** Every extension called `name`, in `map()` order. */
  getAll(name: string): readonly Extension<T>[] {
    return this.extensions.filter((e) => e.name === name);
  }

  has(name: string): boolean {
    return this.extensions.some((e) => e.name === name);
  }

  [Symbol.iterator](): Iterator<Extension<T>> {
    return this.extensions[Symbol.iterator]();
  }

  /** The error `map()` raises on an empty manager (stevedore's NoMatches). */
  protected noExtensions(): NoMatchesError {
    return new NoMatchesError(this.namespace, [], []);
  }

  /** Calls `fn` for each extension in turn, collecting results; failures per the map policy. */
  protected async invokeEach<A extends unknown[], R>(exts: readonly Extension<T>[], fn: MapFunction<T, A, R>, args: A): Promise<R[]> {
    const results: R[] = [];
    for (const ext of exts) {
      try {
        results.push(await fn(ext, ...args));
      } catch (err) {
        if (this.propagateMapExceptions) throw err;
        const e = err instanceof Error ? err : new Error(String(err));
        const fields = { ns: this.namespace, ep: ext.name, pkg: ext.entryPoint.packageName };
        this.logger.error({ ...fields, err: e.message }, `error calling ${this.namespace}/${ext.name}: ${e.message}`);
        this.logger.debug({ ...fields, stack: e.stack }, 'map error details');
      }
    }
    return results;
  }
}

/** A map function calling `ext.obj[method](...args)`. */
export function callMethod<T>(method: string): MapFunction<T, unknown[], unknown> {
  return (ext, ...args) => {
    const obj = ext.obj as Record<string, unknown> | undefined;
    const fn = obj?.[method];
    if (typeof fn !== 'function') throw new TypeError(`extension "${ext.name}" has no method ${method}()`);
    return (fn as (...a: unknown[]) => unknown).apply(obj, args);
  };
}
