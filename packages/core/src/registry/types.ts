/**
 * Public types of the registry: entry points and the options shared by every manager flavour.
 * (Contract between the registry and its users: polling, pipeline, cli.)
 */
import type { ConfigView, EntryPointRef, Logger, ServiceRegistry } from '@ceilometer-ts/sdk';

/** One entry point: `(namespace, name, package, version, module, export)`. */
export interface EntryPoint extends EntryPointRef {
  /** Absolute directory of the owning package (after realpath). */
  readonly packageDir: string;
  /** Module path inside the package, e.g. `./dist/cpu.js`. */
  readonly modulePath: string;
  /** Export name; `default` when the target has no `:attr`. */
  readonly exportName: string;
  /** Where it was found: `dependencies`, `workspace`, `plugin-dir`. */
  readonly origin: string;
  /** Imports the module on first call (memoised) and returns the export. */
  load(): Promise<unknown>;
}

/** A loaded extension: stevedore's Extension, as a readonly record. */
export interface Extension<T> {
  readonly name: string;
  readonly entryPoint: EntryPoint;
  /** The export itself (class or function). */
  readonly plugin: unknown;
  /** The instance when `invokeOnLoad`, else undefined. */
  readonly obj: T | undefined;
}

/** Called when an entry point cannot be loaded; the default logs package, version, entry point, error. */
export type OnLoadFailure = (entryPoint: EntryPoint, error: Error) => void;

/** Options shared by every manager. */
export interface ManagerOptions {
  readonly namespace: string;
  /** The scanned registry; defaults to the process-wide one (`getDefaultRegistry()`). */
  readonly registry?: PluginRegistryLike;
  /** Instantiate each extension (classes through tsyringe, functions called). */
  readonly invokeOnLoad?: boolean;
  /** Positional arguments for the constructor or function (stevedore's invoke_args). */
  readonly invokeArgs?: readonly unknown[];
  /** Default: log and continue. Throw from it to abort the manager's creation. */
  readonly onLoadFailure?: OnLoadFailure;
  /** When true, an exception in `map()` rethrows instead of being logged. */
  readonly propagateMapExceptions?: boolean;
  /** What extensions get by injection; defaults to an empty config, the root logger and new services. */
  readonly context?: ExtensionContextOptions;
  readonly logger?: Logger;
}

export interface ExtensionContextOptions {
  readonly config?: ConfigView;
  readonly logger?: Logger;
  readonly services?: ServiceRegistry;
}

/** The read side of the scanned registry that managers need. */
export interface PluginRegistryLike {
  entryPoints(namespace: string): readonly EntryPoint[];
  /** Every entry point of a namespace, duplicate names included; defaults to `entryPoints`. */
  allEntryPoints?(namespace: string): readonly EntryPoint[];
  /** Logger managers fall back to when their options give none. */
  readonly logger?: Logger;
}
