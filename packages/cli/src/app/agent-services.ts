/**
 * The plugin context the agents hand their extensions: configuration, the root logger, and the
 * shared services, among them the hardware inspector resolver (plugins import only the sdk, so they
 * reach inspectors by URL scheme through this service). `ceilometer-plugins check` builds the same.
 */
import { DriverManager, type ExtensionContextOptions, type PluginRegistryLike } from '@ceilometer-ts/core';
import { CachingInspectorResolver, HARDWARE_INSPECTORS_SERVICE, MapServiceRegistry, Namespaces, type ConfigView, type HardwareInspector, type Logger } from '@ceilometer-ts/sdk';

/** The context and what must be closed at the end. */
export interface AgentServices {
  readonly services: MapServiceRegistry;
  readonly context: ExtensionContextOptions & { readonly config: ConfigView; readonly logger: Logger; readonly services: MapServiceRegistry };
  /** Closes the inspectors the resolver made. */
  close(): Promise<void>;
}

/** Services and context as the polling agent registers them. */
export function createAgentServices(registry: PluginRegistryLike, config: ConfigView, logger: Logger): AgentServices {
  const services = new MapServiceRegistry();
  const context = { config, logger, services };
  const inspectors = new CachingInspectorResolver(
    async (scheme) => (await DriverManager.create<HardwareInspector>({ namespace: Namespaces.hardwareInspectors, name: scheme, invokeOnLoad: true, registry, context })).driver,
  );
  services.set(HARDWARE_INSPECTORS_SERVICE, inspectors);
  return { services, context, close: () => inspectors.close() };
}
