/**
 * One reading of the hypervisor per polling cycle: `list --all --uuid --name` and `domstats --raw`
 * (every statistics group the driver supports) in ONE virsh round trip, plus the XML of the
 * domains whose description is not cached or has changed, fetched in one more round trip.
 *
 * XML cache: a domain's description is kept until its fingerprint from the bulk statistics changes
 * (name, state, vCPU maximum, balloon maximum, NIC and disk counts: what a resize, hot-plug, start
 * or stop changes) or it is older than {@link XML_MAX_AGE_MS} (a change the fingerprint cannot see,
 * such as a rename in Nova's metadata, shows within that time).
 */
import type { Logger } from '@ceilometer-ts/sdk';
import { describeDomain, type DomainDescription } from './domain-description.js';
import { virshCommand, virshCommandError } from './virsh-output.js';
import { parseDomainList, parseDomstatsRaw, type RawStats } from './virsh-parsers.js';
import { LibvirtUnavailableError, type VirshSession } from './virsh-session.js';

/** Longest time a domain's XML is reused without being read again. */
export const XML_MAX_AGE_MS = 10 * 60 * 1000;

export interface DomainReading {
  readonly uuid: string;
  readonly name: string;
  readonly stats: RawStats;
  readonly description: DomainDescription;
}

export interface HypervisorSnapshot {
  readonly byUuid: ReadonlyMap<string, DomainReading>;
}

const FINGERPRINT_KEYS = ['state.state', 'vcpu.maximum', 'balloon.maximum', 'net.count', 'block.count'];

function fingerprint(name: string, stats: RawStats): string {
  return [name, ...FINGERPRINT_KEYS.map((k) => String(stats.get(k) ?? ''))].join('|');
}

interface CachedXml {
  readonly fingerprint: string;
  readonly description: DomainDescription;
  readonly readAt: number;
}

/** Counters for tests and benchmarks. */
export interface SnapshotStats {
  bulkReads: number;
  xmlReads: number;
}

export class HypervisorReader {
  readonly stats: SnapshotStats = { bulkReads: 0, xmlReads: 0 };
  readonly #session: VirshSession;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #xml = new Map<string, CachedXml>();

  constructor(session: VirshSession, logger: Logger, now: () => number = Date.now) {
    this.#session = session;
    this.#logger = logger;
    this.#now = now;
  }

  /** Reads every domain's statistics, and the XML of those not cached. */
  async read(): Promise<HypervisorSnapshot> {
    const [list, domstats] = await this.#session.run(['list --all --uuid --name', 'domstats --raw']);
    for (const result of [list!, domstats!]) {
      if (result.errors.length > 0) throw new LibvirtUnavailableError(`libvirt at ${this.#session.uri}: ${result.command}: ${result.errors.join('; ')}`);
    }
    this.stats.bulkReads += 1;
    const uuidByName = parseDomainList(list!.output);
    const statsByName = parseDomstatsRaw(domstats!.output);
    const now = this.#now();
    const entries: { uuid: string; name: string; stats: RawStats; fingerprint: string }[] = [];
    for (const [name, uuid] of uuidByName) {
      // A domain created between the two commands has no statistics yet: next cycle.
      const stats = statsByName.get(name);
      if (stats) entries.push({ uuid, name, stats, fingerprint: fingerprint(name, stats) });
    }
    const stale = entries.filter((e) => {
      const cached = this.#xml.get(e.uuid);
      return !cached || cached.fingerprint !== e.fingerprint || now - cached.readAt > XML_MAX_AGE_MS;
    });
    if (stale.length > 0) await this.#readXml(stale, now);
    const live = new Set(entries.map((e) => e.uuid));
    for (const uuid of this.#xml.keys()) if (!live.has(uuid)) this.#xml.delete(uuid);
    const byUuid = new Map<string, DomainReading>();
    for (const e of entries) {
      const cached = this.#xml.get(e.uuid);
      if (cached) byUuid.set(e.uuid, { uuid: e.uuid, name: e.name, stats: e.stats, description: cached.description });
    }
    return { byUuid };
  }

  async #readXml(stale: readonly { uuid: string; fingerprint: string }[], now: number): Promise<void> {
    const results = await this.#session.run(stale.map((e) => virshCommand('dumpxml', e.uuid)));
    this.stats.xmlReads += stale.length;
    stale.forEach((entry, i) => {
      const result = results[i]!;
      if (result.errors.length > 0) {
        // Gone between the listing and now (deleted, migrated): skipped this cycle.
        this.#logger.debug({ uuid: entry.uuid, error: virshCommandError(result, entry.uuid).message }, 'domain vanished while reading its XML');
        this.#xml.delete(entry.uuid);
        return;
      }
      try {
        this.#xml.set(entry.uuid, { fingerprint: entry.fingerprint, description: describeDomain(result.output), readAt: now });
      } catch (err) {
        this.#logger.warn({ uuid: entry.uuid, error: (err as Error).message }, 'unreadable domain XML: domain skipped');
        this.#xml.delete(entry.uuid);
      }
    });
  }
}
