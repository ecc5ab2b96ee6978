/**
 * `[polling] identity_name_discovery` (upstream master's polling manager with `cache_utils`):
 * project and user names of polled samples from Keystone (`GET /v3/projects/<id>`,
 * `GET /v3/users/<id>`), kept in a bounded cache whose entries expire (upstream's dict cache keeps
 * names 600 s). An unknown id (404) or a failed lookup is kept as null for the same time, so a
 * missing project costs one call per expiry, not one per sample; a failure is logged once per id.
 */
import type { Logger, Sample } from '@ceilometer-ts/sdk';
import type { KeystoneApi } from './keystone-api.js';

/** Options of {@link IdentityNameResolver}. */
export interface IdentityNameOptions {
  /** How long a name is kept (default 600 s, upstream's `CACHE_DURATION`). */
  readonly ttlMs?: number;
  /** At most this many ids per kind (projects, users); the oldest go first (default 10,000). */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

type Kind = 'projects' | 'users';

interface Entry {
  readonly name: Promise<string | null>;
  readonly at: number;
}

/** Resolves ids to names with a bounded, expiring cache; one lookup in flight per id. */
export class IdentityNameResolver {
  readonly #ttl: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #caches: Record<Kind, Map<string, Entry>> = { projects: new Map(), users: new Map() };

  constructor(private readonly keystone: KeystoneApi, private readonly logger: Logger, options: IdentityNameOptions = {}) {
    this.#ttl = options.ttlMs ?? 600_000;
    this.#max = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** The name of project `id`, or null. */
  projectName(id: string): Promise<string | null> {
    return this.#name('projects', id);
  }

  /** The name of user `id`, or null. */
  userName(id: string): Promise<string | null> {
    return this.#name('users', id);
  }

  /** The samples with `project_name` and `user_name` set (null without an id or a name), as upstream's manager does. */
  async annotate(samples: readonly Sample[]): Promise<Sample[]> {
    return Promise.all(
      samples.map(async (s) => ({
        ...s,
        project_name: s.project_id ? await this.projectName(s.project_id) : null,
        user_name: s.user_id ? await this.userName(s.user_id) : null,
      })),
    );
  }

  /** Entries cached now, per kind (tests, metrics). */
  size(kind: Kind): number {
    return this.#caches[kind].size;
  }

  #name(kind: Kind, id: string): Promise<string | null> {
    const cache = this.#caches[kind];
    const now = this.#now();
    const hit = cache.get(id);
    if (hit && now - hit.at < this.#ttl) return hit.name;
    cache.delete(id);
    while (cache.size >= this.#max) cache.delete(cache.keys().next().value!);
    const name = this.#lookup(kind, id);
    cache.set(id, { name, at: now });
    return name;
  }

  async #lookup(kind: Kind, id: string): Promise<string | null> {
    try {
      const record = kind === 'projects' ? await this.keystone.project(id) : await this.keystone.user(id);
      if (record === null) this.logger.warn(`Could not find ${kind === 'projects' ? 'project' : 'user'}: ${id}.`);
      return typeof record?.['name'] === 'string' ? record['name'] : null;
    } catch (err) {
      this.logger.warn({ err }, `Found '${(err as Error).message}' while resolving uuid ${id} to name`);
      return null;
    }
  }
}
