/**
 * The plugin context the agents hand their extensions: configuration, the root logger, and the
 * shared services, among them the inspector resolvers (plugins import only the sdk, so they reach
 * hardware inspectors by URL scheme, and the hypervisor inspector named by
 * `[DEFAULT] hypervisor_inspector`, through these services). `ceilometer-plugins check` builds the same.
 */
import { DriverManager, type ExtensionContextOptions, type PluginRegistryLike } from '@ceilometer-ts/core';
import {
  CachingInspectorResolver,
  COMPUTE_INSPECTOR_SERVICE,
  HARDWARE_INSPECTORS_SERVICE,
  MapServiceRegistry,
  Namespaces,
  type ComputeInspector,
  type ComputeInspectorResolver,
  type ConfigView,
  type HardwareInspector,
  type Logger,
} from '@ceilometer-ts/sdk';

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
  // One hypervisor inspector per agent, loaded on first use so agents without compute pollsters never load it.
  const hypervisors = new CachingInspectorResolver<ComputeInspector>(
    async (name) => (await DriverManager.create<ComputeInspector>({ namespace: Namespaces.computeVirt, name, invokeOnLoad: true, registry, context })).driver,
  );
  const compute: ComputeInspectorResolver = {
    inspector: () => hypervisors.inspector(hypervisorInspectorName(config)),
  };
  services.set(COMPUTE_INSPECTOR_SERVICE, compute);
  return {
    services,
    context,
    close: async () => {
      await Promise.all([inspectors.close(), hypervisors.close()]);
    },
  };
}

/** `[DEFAULT] hypervisor_inspector` (upstream's default `libvirt`). */
function hypervisorInspectorName(config: ConfigView): string {
  const name = config.has('DEFAULT', 'hypervisor_inspector') ? config.get<unknown>('DEFAULT', 'hypervisor_inspector') : undefined;
  return typeof name === 'string' && name !== '' ? name : 'libvirt';
}
