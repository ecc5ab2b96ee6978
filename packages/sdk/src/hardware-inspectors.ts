/**
 * How hardware pollsters obtain inspectors without importing the core: the polling CLI registers a
 * {@link HardwareInspectorResolver} under {@link HARDWARE_INSPECTORS_SERVICE} in the plugin
 * services, backed by the registry (`ceilometer.hardware.inspectors`, one driver per URL scheme).
 */
import type { HardwareInspector } from './hardware.js';
import type { Inspector } from './inspector.js';

/** Service name of the resolver in `PluginContext.services`. */
export const HARDWARE_INSPECTORS_SERVICE = 'hardware.inspectors';

/** Hands out the inspector for a resource URL scheme (`snmp`, `local`), loaded once and shared. */
export interface HardwareInspectorResolver {
  /**
   * The inspector for `scheme` (no `://`). Rejects with the registry's NoMatchesError when no
   * package provides it; a rejected load is retried on the next call.
   */
  inspector(scheme: string): Promise<HardwareInspector>;
  /** Closes every inspector loaded so far (sessions, sockets). */
  close(): Promise<void>;
}

/**
 * A resolver that loads each scheme's inspector once with `load` and memoises it (also used, keyed
 * by driver name, for the hypervisor inspector).
 * @example
 * services.set(HARDWARE_INSPECTORS_SERVICE, new CachingInspectorResolver(async (scheme) =>
 *   (await DriverManager.create<HardwareInspector>({ namespace: Namespaces.hardwareInspectors, name: scheme,
 *     invokeOnLoad: true, registry, context })).driver));
 */
export class CachingInspectorResolver<I extends Inspector = HardwareInspector> {
  readonly #loaded = new Map<string, Promise<I>>();

  constructor(private readonly load: (scheme: string) => Promise<I>) {}

  /** The inspector for `scheme`, loaded on first use; a failed load is retried on the next call. */
  inspector(scheme: string): Promise<I> {
    const key = scheme.toLowerCase();
    let pending = this.#loaded.get(key);
    if (!pending) {
      pending = this.load(key);
      this.#loaded.set(key, pending);
      pending.catch(() => this.#loaded.delete(key));
    }
    return pending;
  }

  /** Closes every inspector loaded so far. */
  async close(): Promise<void> {
    const all = [...this.#loaded.values()];
    this.#loaded.clear();
    await Promise.allSettled(all.map(async (p) => (await p).close?.()));
  }
}
