/**
 * `volume.service.health` (upstream master's `VolumeServiceHealthPollster`): one gauge per Cinder
 * service, 1 when its `state` is `up`, 0 when `down`, unit `health`, resource `<binary>@<host>`,
 * metadata `binary`, `host`, `zone`, `status`. Upstream raises on any other state, which ends the
 * pollster's cycle; here that service alone fails (reported to the cycle) and the others are polled.
 */
import { INJECT_TOKENS, makeSample, PLUGIN_CONTEXT, type PluginContext, type PollCycle, type Pollster, type Sample } from '@ceilometer-ts/sdk';
import type { CinderRecord } from './discovery.js';
import { fieldsOf } from './record-metadata.js';

const SERVICE_STATE: Readonly<Record<string, number>> = { up: 1, down: 0 };
const FIELDS = ['binary', 'host', 'zone', 'status'];

export class VolumeServiceHealthPollster implements Pollster<CinderRecord> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly defaultDiscovery = 'volume_services';

  constructor(private readonly ctx?: PluginContext) {}

  *getSamples(cycle: PollCycle, resources: readonly CinderRecord[]): Iterable<Sample> {
    for (const service of resources) {
      const state = typeof service['state'] === 'string' ? service['state'].toLowerCase() : '';
      const volume = SERVICE_STATE[state];
      if (volume === undefined) {
        const error = new Error(`Unknown service state '${state}' for ${service.id}`);
        if (cycle.reportResourceFailure) cycle.reportResourceFailure(service, error);
        else this.ctx?.logger.warn(error.message);
        continue;
      }
      yield makeSample({
        name: 'volume.service.health',
        type: 'gauge',
        unit: 'health',
        volume,
        user_id: null,
        project_id: null,
        resource_id: service.id,
        timestamp: cycle.timestamp,
        resource_metadata: fieldsOf(service, FIELDS),
      });
    }
  }
}
