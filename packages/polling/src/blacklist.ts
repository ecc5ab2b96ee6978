/**
 * Resources a pollster failed on for good (PollsterPermanentError), per source and pollster,
 * kept until the agent restarts or reloads polling.yaml.
 */
import { resourceKey } from '@ceilometer-ts/sdk';

/** The permanent-failure list of one agent configuration. */
export class Blacklist {
  readonly #entries = new Map<string, Set<string>>();

  /** Adds resources for a source and pollster. */
  add(source: string, pollster: string, resources: readonly unknown[]): void {
    const key = `${source}-${pollster}`;
    let set = this.#entries.get(key);
    if (!set) this.#entries.set(key, (set = new Set()));
    for (const r of resources) set.add(resourceKey(r));
  }

  has(source: string, pollster: string, resource: unknown): boolean {
    return this.#entries.get(`${source}-${pollster}`)?.has(resourceKey(resource)) ?? false;
  }

  /** The blacklisted resource keys of a source and pollster (looked up once per pollster run, not per resource). */
  keysOf(source: string, pollster: string): ReadonlySet<string> | undefined {
    return this.#entries.get(`${source}-${pollster}`);
  }

  /** How many resources are blacklisted in total. */
  get size(): number {
    let n = 0;
    for (const set of this.#entries.values()) n += set.size;
    return n;
  }
}
