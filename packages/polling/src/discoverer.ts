/**
 * Runs the discoveries polling.yaml names (`name` or `name:param`), with a per-cycle cache so a
 * discovery runs once per cycle however many pollsters and sources use it (upstream's
 * `AgentManager.discover`).
 */
import { resourceKey, type Logger, type PollCycle } from '@ceilometer-ts/sdk';
import type { PollingPartition } from './partition.js';
import type { DiscoveryEntry } from './plugins.js';

/** A discovery reference split as upstream's `_parse_discoverer` (urlparse: scheme, or the path). */
export function parseDiscoveryUrl(url: string): { readonly name: string; readonly param: string | undefined } {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  if (!scheme) return { name: stripQuery(url), param: undefined };
  let rest = url.slice(scheme[0].length);
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? '' : rest.slice(end + 2);
  }
  return { name: scheme[1]!.toLowerCase(), param: netloc + stripQuery(rest) };
}

function stripQuery(s: string): string {
  const i = s.search(/[?#]/);
  return i < 0 ? s : s.slice(0, i);
}

/** What one discovery reference gave: every resource found, and this agent's share of them. */
export interface DiscoveredShare {
  /** Resources found, before partitioning. */
  readonly found: number;
  /** The ones this agent polls (all of them without coordination or for a discovery without group id). */
  readonly resources: readonly unknown[];
}

/** One cycle's discovery results by reference (failures are remembered as empty). */
export type DiscoveryCache = Map<string, Promise<DiscoveredShare>>;

const NOTHING: DiscoveredShare = { found: 0, resources: [] };

/** Looks discoveries up by name and runs them through the cycle's cache. */
export class Discoverer {
  readonly #byName: Map<string, DiscoveryEntry>;
  readonly #warned = new Set<string>();

  constructor(
    discoveries: readonly DiscoveryEntry[],
    private readonly logger: Logger,
    /** With coordination: keeps this agent's share of what a partitioned discovery finds. */
    private readonly partition?: PollingPartition,
  ) {
    this.#byName = new Map(discoveries.map((d) => [d.name, d]));
  }

  /** Names of the discoveries available. */
  names(): readonly string[] {
    return [...this.#byName.keys()];
  }

  /**
   * Resources of every reference in `urls` this agent polls, in order. Unknown names warn once per
   * configuration. `onFailure` hears of each discovery that threw (once per reference and cycle:
   * results are cached).
   */
  async discover(urls: readonly string[], cycle: PollCycle, cache: DiscoveryCache, onFailure?: (url: string) => void): Promise<unknown[]> {
    return (await this.discoverShares(urls, cycle, cache, onFailure)).resources;
  }

  /** As `discover`, also counting what was found before partitioning (so "none found" and "none mine" differ). */
  async discoverShares(urls: readonly string[], cycle: PollCycle, cache: DiscoveryCache, onFailure?: (url: string) => void): Promise<{ found: number; resources: unknown[] }> {
    const shares = await Promise.all(urls.map((url) => this.#discoverOne(url, cycle, cache, onFailure)));
    return { found: shares.reduce((n, s) => n + s.found, 0), resources: shares.flatMap((s) => s.resources) };
  }

  #discoverOne(url: string, cycle: PollCycle, cache: DiscoveryCache, onFailure?: (url: string) => void): Promise<DiscoveredShare> {
    let pending = cache.get(url);
    if (pending) return pending;
    const { name, param } = parseDiscoveryUrl(url);
    const entry = this.#byName.get(name);
    if (!entry) {
      if (!this.#warned.has(name)) {
        this.#warned.add(name);
        this.logger.warn({ discovery: name, available: this.names() }, `Unknown discovery extension: ${name}`);
      }
      return Promise.resolve(NOTHING);
    }
    pending = (async () => {
      let found: readonly unknown[];
      try {
        found = await entry.discovery.discover(cycle, param);
      } catch (err) {
        this.logger.error({ err, discovery: name, source: cycle.sourceName }, `Unable to discover resources with ${url}: ${(err as Error).message}`);
        onFailure?.(url);
        return NOTHING;
      }
      return { found: found.length, resources: this.partition ? this.partition.ownDiscovered(name, found, resourceKey) : found };
    })();
    cache.set(url, pending);
    return pending;
  }
}
