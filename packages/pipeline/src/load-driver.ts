/**
 * Loading one pipeline plugin by name (stevedore's DriverManager, invoked on load), shared by the
 * registry-backed publisher and transformer factories.
 */
import { DriverManager, type ExtensionContextOptions, type PluginRegistryLike } from '@ceilometer-ts/core';
import type { Logger } from '@ceilometer-ts/sdk';

/** Where plugins come from and what they get by injection. */
export interface DriverSourceOptions {
  /** Defaults to the process-wide registry. */
  readonly registry?: PluginRegistryLike;
  /** Config, logger and services the plugin gets by injection. */
  readonly context?: ExtensionContextOptions;
  readonly logger?: Logger;
}

/**
 * The entry point `name` of `namespace`, constructed with `invokeArgs`.
 * @throws NoMatchesError when no installed package provides it.
 */
export async function loadDriver<T>(namespace: string, name: string, invokeArgs: readonly unknown[], options: DriverSourceOptions): Promise<T> {
  const manager = await DriverManager.create<T>({
    namespace,
    name,
    invokeOnLoad: true,
    invokeArgs: [...invokeArgs],
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return manager.driver;
}
