/**
 * The process-wide registry managers use when their options name none (stevedore's class-level
 * cache): the cli scans once at startup and sets it.
 */
import { PluginRegistry } from './plugin-registry.js';
import type { PluginRegistryLike } from './types.js';

let current: PluginRegistryLike | undefined;

/** The registry set by {@link setDefaultRegistry}, else an empty one (managers then warn per namespace). */
export function getDefaultRegistry(): PluginRegistryLike {
  current ??= PluginRegistry.empty();
  return current;
}

/** Sets (or with `undefined`, resets) the process-wide registry. */
export function setDefaultRegistry(registry: PluginRegistryLike | undefined): void {
  current = registry;
}
