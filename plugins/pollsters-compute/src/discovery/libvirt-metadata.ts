/**
 * `libvirt_metadata` discovery (upstream's `discover_libvirt_polling`): every domain carrying
 * Nova's metadata element becomes an instance. Unlike upstream it needs no Keystone: Nova is asked
 * only for the flavor id (when the metadata lacks it and credentials are configured, cached) and,
 * with `[compute] fetch_extra_metadata`, for the server's metadata.
 */
import { createHash } from 'node:crypto';
import type { ComputeInstance, InstanceFlavor, Logger, MetadataValue, NovaDomainMetadata, VirtDomain } from '@ceilometer-ts/sdk';
import { LIBVIRT_POWER_STATE, LIBVIRT_STATUS } from './libvirt-state.js';
import type { NovaPort, NovaRecord } from './nova-port.js';
import { BoundedCache } from './bounded-cache.js';

/** What the mapping needs besides the domain. */
export interface LibvirtMetadataOptions {
  /** `[DEFAULT] host`. */
  readonly host: string;
  readonly fetchExtraMetadata: boolean;
  readonly logger: Logger;
  /** The Nova port, null without credentials. */
  nova(): Promise<NovaPort | null>;
}

/** Nova's hostId: sha224 of project id + host, hex (nova/api/openstack/compute/views/servers.py). */
export function novaHostId(projectId: string, host: string): string {
  return createHash('sha224').update(projectId + host, 'utf8').digest('hex');
}

/** Upstream's 4096-entry caches ("4096 resources on a compute should be enough"). */
const CACHE_SIZE = 4096;

/** Maps domains to instances, caching Nova answers. */
export class LibvirtMetadataDiscovery {
  readonly #flavorIds = new BoundedCache<string, string | null>(CACHE_SIZE);
  readonly #servers = new BoundedCache<string, NovaRecord | null>(CACHE_SIZE);
  readonly #warned = new BoundedCache<string, true>(CACHE_SIZE);

  constructor(private readonly options: LibvirtMetadataOptions) {}

  /** Last cycle's instances by domain uuid, with what they were made from. */
  #previous = new Map<string, { readonly from: VirtDomain; readonly instance: ComputeInstance }>();

  async instances(domains: readonly VirtDomain[], signal?: AbortSignal): Promise<ComputeInstance[]> {
    const out: ComputeInstance[] = [];
    const current = new Map<string, { readonly from: VirtDomain; readonly instance: ComputeInstance }>();
    for (const domain of domains) {
      // The same instance object while nothing it is made from changed: the pollsters' metadata
      // cache (keyed by instance object) then holds across cycles.
      const previous = this.#previous.get(domain.uuid);
      const instance = previous && sameSource(previous.from, domain) ? previous.instance : await this.#instance(domain, signal);
      if (!instance) continue;
      current.set(domain.uuid, { from: domain, instance });
      out.push(instance);
    }
    this.#previous = current;
    return out;
  }

  async #instance(domain: VirtDomain, signal?: AbortSignal): Promise<ComputeInstance | undefined> {
    const { logger, host } = this.options;
    const nova = domain.nova;
    if (!nova) {
      logger.debug({ domain: domain.name, uuid: domain.uuid }, `domain ${domain.name} (${domain.uuid}) has no Nova metadata: not an instance, skipped`);
      return undefined;
    }
    const missing = missingFields(domain, nova);
    if (missing.length > 0) {
      const message = `Fail to get domain uuid ${domain.uuid} metadata: metadata was missing expected attributes (${missing.join(', ')})`;
      if (this.#warned.get(domain.uuid)) logger.debug({ uuid: domain.uuid }, message);
      else {
        this.#warned.set(domain.uuid, true);
        logger.warn({ uuid: domain.uuid }, `${message}; said once per domain`);
      }
      return undefined;
    }
    const flavorXml = nova.flavor!;
    const projectId = nova.projectId!;
    const server = this.options.fetchExtraMetadata ? await this.#server(domain.uuid, signal) : undefined;
    const flavor: Record<string, MetadataValue> = {
      id: flavorXml.id || (await this.#flavorId(flavorXml.name, server, signal)),
      name: flavorXml.name,
      vcpus: flavorXml.vcpus,
      ram: flavorXml.memory,
      disk: flavorXml.disk,
      ephemeral: flavorXml.ephemeral,
      swap: flavorXml.swap,
    };
    if (flavorXml.extraSpecs) flavor.extra_specs = flavorXml.extraSpecs;
    const serverMetadata = server?.metadata && typeof server.metadata === 'object' ? (server.metadata as Record<string, string>) : {};
    return {
      id: domain.uuid,
      name: nova.name!,
      instanceName: domain.name,
      host,
      hostId: novaHostId(projectId, host),
      tenantId: projectId,
      userId: nova.userId,
      status: LIBVIRT_STATUS[domain.state] ?? '',
      vmState: LIBVIRT_POWER_STATE[domain.state] ?? null,
      flavor: flavor as unknown as InstanceFlavor,
      image: nova.rootImageId ? { id: nova.rootImageId } : null,
      ...(nova.imageMeta ? { imageMeta: nova.imageMeta } : {}),
      metadata: serverMetadata,
      properties: { os_type: domain.osType, architecture: domain.arch },
    };
  }

  /** The flavor id: from the fetched server, else by name from Nova (cached), else the name (upstream's fallback). */
  async #flavorId(name: string, server: NovaRecord | null | undefined, signal?: AbortSignal): Promise<string> {
    const fromServer = server?.flavor && typeof server.flavor === 'object' ? (server.flavor as NovaRecord).id : undefined;
    if (typeof fromServer === 'string' && fromServer) return fromServer;
    const cached = this.#flavorIds.get(name);
    if (cached !== undefined) return cached ?? name;
    const nova = await this.options.nova();
    if (!nova) return name;
    try {
      const id = await nova.flavorIdByName(name, signal);
      this.#flavorIds.set(name, id);
      return id ?? name;
    } catch (err) {
      this.options.logger.warn({ err, flavor: name }, `cannot look up the id of flavor ${name} in Nova: ${(err as Error).message}; using its name`);
      return name;
    }
  }

  async #server(uuid: string, signal?: AbortSignal): Promise<NovaRecord | null> {
    const cached = this.#servers.get(uuid);
    if (cached !== undefined) return cached;
    const nova = await this.options.nova();
    if (!nova) return null;
    try {
      const server = await nova.server(uuid, signal);
      this.#servers.set(uuid, server);
      return server;
    } catch (err) {
      this.options.logger.warn({ err, uuid }, `cannot read server ${uuid} from Nova: ${(err as Error).message}`);
      return null;
    }
  }
}

/** What upstream's lookups need (its AttributeError cases). */
function missingFields(domain: VirtDomain, nova: NovaDomainMetadata): string[] {
  const missing: string[] = [];
  if (!nova.flavor) missing.push('flavor');
  if (!nova.userId) missing.push('owner/user');
  if (!nova.projectId) missing.push('owner/project');
  if (nova.name === null) missing.push('name');
  if (!domain.arch) missing.push('os/type@arch');
  return missing;
}

/** Whether two descriptions of a domain make the same instance (Nova's metadata is kept by the inspector while the XML is unchanged). */
function sameSource(a: VirtDomain, b: VirtDomain): boolean {
  return a.nova === b.nova && a.state === b.state && a.name === b.name && a.osType === b.osType && a.arch === b.arch;
}
