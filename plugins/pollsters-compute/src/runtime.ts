/**
 * What every compute pollster of a process shares: settings, the hypervisor inspector, the
 * per-instance metadata, the monitor_hardware.yaml `instance:` filter and the clock. Pollsters get
 * the same instance from the plugin services.
 */
import { isAbsolute } from 'node:path';
import { loadMonitorSections, type MonitorFilter } from '@ceilometer-ts/monitor-hardware';
import {
  COMPUTE_INSPECTOR_SERVICE,
  reservedMetadataOptions,
  type ComputeInspector,
  type ComputeInspectorResolver,
  type Logger,
  type PluginContext,
} from '@ceilometer-ts/sdk';
import { InstanceMetadataCache } from './instance-metadata.js';
import { computeSettings, type ComputeSettings } from './options.js';

/** Service name of the shared runtime. */
export const COMPUTE_RUNTIME_SERVICE = 'pollsters-compute.runtime';

/** Python's `time.monotonic()`: seconds of CLOCK_MONOTONIC (what upstream stamps as monotonic_time). */
export const monotonicSeconds = (): number => Number(process.hrtime.bigint()) / 1e9;

/** Shared state of the compute pollsters. */
export class ComputeRuntime {
  readonly settings: ComputeSettings;
  readonly metadata: InstanceMetadataCache;
  readonly logger: Logger;
  /** Monotonic seconds; replaceable in tests. */
  clock: () => number = monotonicSeconds;
  #filter: Promise<MonitorFilter> | undefined;

  constructor(private readonly ctx: PluginContext) {
    this.settings = computeSettings(ctx.config);
    this.metadata = new InstanceMetadataCache(reservedMetadataOptions(ctx.config));
    this.logger = ctx.logger;
  }

  /** The shared runtime of a plugin context. */
  static of(ctx: PluginContext): ComputeRuntime {
    return ctx.services.getOrCreate(COMPUTE_RUNTIME_SERVICE, () => new ComputeRuntime(ctx));
  }

  /** The configured hypervisor inspector (loaded once by the agent's resolver). */
  inspector(): Promise<ComputeInspector> {
    return this.ctx.services.require<ComputeInspectorResolver>(COMPUTE_INSPECTOR_SERVICE).inspector();
  }

  /** The `instance:` section of monitor_hardware.yaml, read once; a malformed file rejects with ConfigError. */
  instanceFilter(): Promise<MonitorFilter> {
    this.#filter ??= (async () => {
      const name = this.settings.monitorFile;
      const path = (isAbsolute(name) ? name : this.ctx.config.findFile(name)) ?? name;
      return (await loadMonitorSections(path)).instance;
    })();
    return this.#filter;
  }
}
