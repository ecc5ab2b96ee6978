/**
 * What every hardware pollster of a process shares: settings, the OID fetcher (and its learned OID
 * sets), the monitor filter, the logger and the clock. Both builders get the same instance from
 * the plugin services.
 */
import { isAbsolute } from 'node:path';
import type { Logger, PluginContext } from '@ceilometer-ts/sdk';
import { HostFetcher } from './host-fetcher.js';
import { loadMonitorFile, type MonitorFilter } from './monitor-filter.js';
import { hardwareSettings, type HardwareSettings } from './options.js';

/** Service name of the shared runtime. */
export const HARDWARE_RUNTIME_SERVICE = 'pollsters-hardware.runtime';

/** Shared state of the hardware pollsters. */
export class HardwareRuntime {
  readonly settings: HardwareSettings;
  readonly fetcher: HostFetcher;
  readonly logger: Logger;
  /** Monotonic seconds, for rates when the agent serves no sysUpTime. Replaceable in tests. */
  clock: () => number = () => performance.now() / 1000;
  filter: MonitorFilter | undefined;
  #filterLoad: Promise<MonitorFilter> | undefined;

  constructor(private readonly ctx: PluginContext) {
    this.settings = hardwareSettings(ctx.config);
    this.fetcher = new HostFetcher(ctx.services);
    this.logger = ctx.logger;
  }

  /** The shared runtime of a plugin context. */
  static of(ctx: PluginContext): HardwareRuntime {
    return ctx.services.getOrCreate(HARDWARE_RUNTIME_SERVICE, () => new HardwareRuntime(ctx));
  }

  /** Resolves a configured file name as oslo.config does (absolute, else next to the config files). */
  findFile(name: string): string | undefined {
    return isAbsolute(name) ? name : this.ctx.config.findFile(name);
  }

  /** Loads monitor_hardware.yaml once; a malformed file rejects with ConfigError. */
  loadFilter(): Promise<MonitorFilter> {
    this.#filterLoad ??= (async () => {
      const path = this.findFile(this.settings.monitorFile) ?? this.settings.monitorFile;
      this.filter = await loadMonitorFile(path);
      return this.filter;
    })();
    return this.#filterLoad;
  }
}
