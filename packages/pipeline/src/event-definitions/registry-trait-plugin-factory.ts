/**
 * Trait plugins from the `ceilometer.event.trait_plugin` namespace (upstream loads them with an
 * ExtensionManager and constructs the class per field with its `parameters`).
 */
import { ExtensionManager, type PluginRegistryLike } from '@ceilometer-ts/core';
import { Namespaces, type Logger } from '@ceilometer-ts/sdk';
import { staticTraitPluginFactory, type TraitPluginClass, type TraitPluginFactory } from '@ceilometer-ts/jsonpath';

/** Where to find trait plugins. */
export interface RegistryTraitPluginFactoryOptions {
  /** Defaults to the process-wide registry. */
  readonly registry?: PluginRegistryLike;
  readonly logger?: Logger;
}

/**
 * Imports every installed trait plugin class once (import failures are logged and skipped, as
 * stevedore does) and returns a factory constructing them by name.
 */
export async function registryTraitPluginFactory(options: RegistryTraitPluginFactoryOptions = {}): Promise<TraitPluginFactory> {
  const manager = await ExtensionManager.create({
    namespace: Namespaces.eventTraitPlugin,
    invokeOnLoad: false,
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const classes: Record<string, TraitPluginClass> = {};
  for (const ext of manager.extensions) {
    if (typeof ext.plugin === 'function') classes[ext.name] = ext.plugin as TraitPluginClass;
    else options.logger?.warn({ plugin: ext.name }, `trait plugin ${ext.name} is not a class; skipped`);
  }
  return staticTraitPluginFactory(classes);
}
