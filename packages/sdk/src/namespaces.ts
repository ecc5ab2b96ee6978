/**
 * Entry point namespaces: upstream Ceilometer's strings, owned here and listed once.
 * Plugins own the names inside a namespace; the core owns the namespaces.
 */
export const Namespaces = {
  /** Pollsters of a polling namespace: `ceilometer.poll.compute`, `ceilometer.poll.central`, ... */
  poll: (ns: string) => `ceilometer.poll.${ns}`,
  /** Pollster builders (one plugin returning many pollsters from a definitions file). */
  builderPoll: (ns: string) => `ceilometer.builder.poll.${ns}`,
  /** Discoveries of a polling namespace. */
  discover: (ns: string) => `ceilometer.discover.${ns}`,
  computeVirt: 'ceilometer.compute.virt',
  hardwareInspectors: 'ceilometer.hardware.inspectors',
  samplePublisher: 'ceilometer.sample.publisher',
  eventPublisher: 'ceilometer.event.publisher',
  sampleEndpoint: 'ceilometer.sample.endpoint',
  eventTraitPlugin: 'ceilometer.event.trait_plugin',
  transformer: 'ceilometer.transformer',
  /** Storage upgrade steps run by `ceilometer-upgrade` (ours; upstream hard-codes Gnocchi). */
  upgrade: 'ceilometer.upgrade',
  /** Coordination drivers, named after the `[coordination] backend_url` scheme (ours; upstream uses tooz's own). */
  coordination: 'ceilometer.coordination',
  /** Option declarations, as oslo-config-generator's `oslo.config.opts`. */
  configOpts: 'oslo.config.opts',
} as const;

/** The polling namespaces upstream knows; others are accepted with a warning by the CLI. */
export const KNOWN_POLLING_NAMESPACES = ['compute', 'central', 'ipmi'] as const;
