/**
 * The base of every hardware pollster: resolves resources to hosts, fetches each host's OIDs
 * through its inspector (all hosts at once; the inspector bounds concurrency and time per host),
 * and turns each host's values into samples. A failed host is logged once per cycle and skipped.
 */
import {
  makeSample,
  resourceKey,
  type MetadataValue,
  type OidRequest,
  type PollCycle,
  type Pollster,
  type Sample,
  type SampleType,
} from '@ceilometer-ts/sdk';
import { parsePolledHost, type PolledHost } from './hardware-host.js';
import type { HostValues } from './host-values.js';
import { ALLOW_ALL, type MonitorFilter } from './monitor-filter.js';
import type { HardwareRuntime } from './runtime.js';

/** Name, type and unit of a meter. */
export interface MeterIdentity {
  readonly name: string;
  readonly type: SampleType;
  readonly unit: string;
}

/** Upstream's `source` of hardware samples (ceilometer/hardware/pollsters/util.py). */
export const HARDWARE_SAMPLE_SOURCE = 'hardware';

/** A sample for a host: metadata gets `resource_url` (credentials stripped) and the discovery's extras. */
export function hostSample(
  meter: MeterIdentity,
  host: PolledHost,
  volume: number,
  cycle: PollCycle,
  options: { readonly resourceId?: string; readonly metadata?: Readonly<Record<string, MetadataValue>> } = {},
): Sample {
  return makeSample({
    name: meter.name,
    type: meter.type,
    unit: meter.unit,
    volume,
    resource_id: options.resourceId ?? host.resourceId,
    timestamp: cycle.timestamp,
    source: HARDWARE_SAMPLE_SOURCE,
    resource_metadata: { ...options.metadata, resource_url: host.resourceUrl, ...host.extraMetadata },
  });
}

/** Pollster of one meter over hardware inspectors. */
export abstract class HardwarePollster implements Pollster {
  /** Without `resources` or `discovery` in polling.yaml: this machine (`local_host`). */
  readonly defaultDiscovery: string | null = 'local_host';

  constructor(
    readonly meter: MeterIdentity,
    protected readonly runtime: HardwareRuntime,
  ) {}

  /** OIDs this meter needs from a host. */
  protected abstract readonly request: OidRequest;

  /** Samples of one host from its values. */
  protected abstract samplesFor(host: PolledHost, values: HostValues, cycle: PollCycle): Sample[];

  protected get filter(): MonitorFilter {
    return this.runtime.filter ?? ALLOW_ALL;
  }

  async getSamples(cycle: PollCycle, resources: readonly unknown[]): Promise<Sample[]> {
    const hosts: PolledHost[] = [];
    for (const r of resources) {
      const host = parsePolledHost(r, this.runtime.settings.localHostName);
      if (host) hosts.push(host);
      else this.runtime.logger.error({ meter: this.meter.name, resource: resourceKey(r).replace(/\/\/[^@/]*@/, '//***@') }, 'Skip invalid resource');
    }
    const results = await Promise.allSettled(
      hosts.map(async (host) => this.samplesFor(host, await this.runtime.fetcher.fetch(host, this.request, cycle), cycle)),
    );
    const samples: Sample[] = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') {
        samples.push(...result.value);
        return;
      }
      cycle.reportResourceFailure?.(hosts[i]!.resourceUrl, result.reason);
      if (this.runtime.fetcher.shouldLog(hosts[i]!, cycle)) {
        const err = result.reason as Error;
        this.runtime.logger.warn({ host: hosts[i]!.resourceUrl, meter: this.meter.name, err }, `inspector call failed for host ${hosts[i]!.resourceUrl}: ${err.message}`);
      }
    });
    return samples;
  }
}
