/**
 * The base of every local host pollster: resolves `local://` resources, reads through the shared
 * HostReader and turns values into samples. A meter class only says which figures it reports.
 */
import {
  ExtensionLoadError,
  type Logger,
  type PluginContext,
  type PollCycle,
  type Pollster,
  type ResourceMetadata,
  type Sample,
  type SampleType,
  makeSample,
} from '@ceilometer-ts/sdk';
import { HOST_READER_SERVICE, ProcFsReader, type HostReader } from './host-reader.js';
import { toLocalHost, type LocalHost } from './local-host.js';

/** Name of the discovery the local pollsters use by default. */
export const LOCAL_HOST_DISCOVERY = 'local_host';

/** A meter's name, type and unit (Stein's, for the hardware.* names). */
export interface MeterSpec {
  readonly name: string;
  readonly type: SampleType;
  readonly unit: string;
}

/** One value a pollster reports for a host. */
export interface HostValue {
  readonly volume: number;
  /** Appended to the host name (`<host>.<suffix>`) for per-disk and per-interface meters. */
  readonly resourceSuffix?: string;
  readonly metadata?: ResourceMetadata;
}

/** Gets the shared reader, creating the /proc one on first use. */
export function hostReader(ctx: PluginContext): HostReader {
  return ctx.services.getOrCreate<HostReader>(HOST_READER_SERVICE, () => new ProcFsReader());
}

/** Base class of the `local://` pollsters (upstream's hardware GenericHardwareDeclarativePollster). */
export abstract class LocalHostPollster implements Pollster {
  readonly defaultDiscovery: string | null = LOCAL_HOST_DISCOVERY;
  protected readonly logger: Logger;

  constructor(protected readonly ctx: PluginContext, readonly meter: MeterSpec) {
    this.logger = ctx.logger;
  }

  protected get reader(): HostReader {
    return hostReader(this.ctx);
  }

  /** Skips the pollster quietly on hosts without /proc (not Linux). */
  async setup(): Promise<void> {
    try {
      await this.reader.readText('/proc/stat');
    } catch (err) {
      throw new ExtensionLoadError(`${this.meter.name}: /proc is not readable on this host`, { cause: err });
    }
  }

  /** The values of this meter for one host; empty to emit nothing this cycle. */
  protected abstract values(cycle: PollCycle, host: LocalHost): Promise<Iterable<HostValue>>;

  async getSamples(cycle: PollCycle, resources: readonly unknown[]): Promise<Sample[]> {
    const samples: Sample[] = [];
    const hostId = this.hostId();
    const done = new Set<string>();
    for (const resource of resources) {
      const host = toLocalHost(resource, hostId);
      if (!host || done.has(host.id)) continue; // several local:// URLs are still one machine
      done.add(host.id);
      for (const value of await this.values(cycle, host)) {
        samples.push(
          makeSample({
            name: this.meter.name,
            type: this.meter.type,
            unit: this.meter.unit,
            volume: value.volume,
            resource_id: value.resourceSuffix === undefined ? host.id : `${host.id}.${value.resourceSuffix}`,
            timestamp: cycle.timestamp,
            resource_metadata: { resource_url: host.url, ...value.metadata },
          }),
        );
      }
    }
    return samples;
  }

  /** `[DEFAULT] host` when the configuration declares it (upstream's agent host name), else the host name. */
  protected hostId(): string {
    const config = this.ctx.config;
    if (config.has('DEFAULT', 'host')) {
      const host = config.get<unknown>('DEFAULT', 'host');
      if (typeof host === 'string' && host !== '') return host;
    }
    return this.reader.hostname;
  }
}

/** One value at host level. */
export function hostValue(volume: number): HostValue[] {
  return [{ volume }];
}
