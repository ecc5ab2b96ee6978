/**
 * A dynamic pollster: gathers the entries of its definition for each resource and makes samples
 * of them (upstream's DynamicPollster). An HTTP failure of an OpenStack API is a warning and no
 * samples for that resource, as upstream's RequestException; a response that does not fit the
 * definition fails the pollster's cycle, as upstream's KeyError does.
 */
import {
  makeSample,
  type Logger,
  type MetadataValue,
  type PollCycle,
  type Pollster,
  type Sample,
} from '@ceilometer-ts/sdk';
import type { DynamicPollsterDefinition } from './definition.js';
import { extractSamples, type RawSample } from './extract.js';
import { extraMetadataSource } from './extra-metadata.js';
import { gatherEntries, ResponseCache, type Entry, type GatherRuntime } from './gatherer.js';

/** Metadata as the sdk carries it (JSON values; anything else as its text). */
function toMetadata(value: unknown): MetadataValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toMetadata);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toMetadata(v)]));
  return String(value);
}

const idText = (value: unknown): string | null =>
  value === undefined || value === null ? null : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value as number);

/** A volume as a number: numbers, bools and numeric text (value_mapping gives text); undefined otherwise. */
function volumeOf(value: unknown): number | null | undefined {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/**
 * An HTTP failure of an OpenStack API (upstream's RequestException), told by its code so that this
 * module does not load the client (and got) before a pollster needs it.
 */
function isRequestError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'CEILO_ERR_OPENSTACK_HTTP' || code === 'CEILO_ERR_OPENSTACK_CONNECTION';
}

/**
 * Upstream stamps dynamic samples with `ceilometer.utils.isotime()` when each is made: whole
 * seconds and a `Z` (`2026-12-05T02:10:30Z`), not the polling cycle's timestamp.
 */
export function isotimeNow(now: Date = new Date()): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

export class DynamicPollster implements Pollster {
  readonly defaultDiscovery: string;
  readonly #cache = new ResponseCache();

  constructor(
    readonly definition: DynamicPollsterDefinition,
    private readonly runtime: GatherRuntime,
    private readonly logger: Logger,
  ) {
    this.defaultDiscovery =
      definition.kind === 'host-command' ? 'local_node' : definition.kind === 'non-openstack' ? `barbican:${definition.barbicanSecretId}` : `endpoint:${definition.endpointType ?? ''}`;
  }

  async *getSamples(cycle: PollCycle, resources: readonly unknown[]): AsyncIterable<Sample> {
    const def = this.definition;
    const warn = (message: string): void => this.logger.warn({ pollster: def.name }, `dynamic pollster ${def.name}: ${message}`);
    const extra = extraMetadataSource(def, this.runtime, cycle.signal, this.#cache, warn);
    for (const resource of resources) {
      let entries: Entry[];
      try {
        entries = await gatherEntries(def, this.runtime, { resource, names: def.baseMetadata, signal: cycle.signal });
      } catch (err) {
        if (!isRequestError(err)) throw err;
        this.logger.warn({ pollster: def.name, err }, `error [${(err as Error).message}] while loading samples for [${String(resource)}] for dynamic pollster [${def.name}]`);
        cycle.reportResourceFailure?.(resource, err);
        continue;
      }
      for (const entry of entries) {
        for (const raw of await extractSamples(def, entry, extra, warn)) {
          const sample = this.#toSample(raw, warn);
          if (sample) yield sample;
        }
      }
    }
  }

  #toSample(raw: RawSample, warn: (message: string) => void): Sample | null {
    const volume = volumeOf(raw.volume);
    const resourceId = idText(raw.resourceId);
    if (volume === undefined) {
      warn(`value ${JSON.stringify(raw.volume)} of resource ${resourceId ?? 'None'} is not a number; sample skipped`);
      return null;
    }
    if (resourceId === null) {
      warn(`an entry has no resource id (resource_id_attribute); sample skipped`);
      return null;
    }
    return makeSample({
      name: raw.name,
      type: this.definition.sampleType,
      unit: this.definition.unit,
      volume,
      user_id: idText(raw.userId),
      project_id: idText(raw.projectId),
      resource_id: resourceId,
      timestamp: isotimeNow(),
      resource_metadata: toMetadata(raw.metadata) as Record<string, MetadataValue>,
    });
  }
}
