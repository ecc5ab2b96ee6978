/**
 * What one host has already answered (or is answering) in the current cycle, kept in the cycle
 * cache: each scalar and each subtree is fetched once per host per cycle, however many pollsters
 * ask, and a failed host fails fast for the rest of the cycle instead of timing out again.
 */
import type { OidRequest, OidValue, OidValues } from '@ceilometer-ts/sdk';
import { isUnder, isWithin } from './oid.js';
import type { SubtreeRows } from './walk.js';

/** What one fetch brought back: the scalars it GOT and the rows of each subtree it walked, in request order. */
export interface HostAnswer {
  readonly values: ReadonlyMap<string, OidValue>;
  readonly rows: readonly SubtreeRows[];
}

/**
 * Fetches what a request misses (scalars by GET, subtrees by walk) as one promise, so a failed host
 * is one rejection that the cycle state observes whichever of the two the request asked for.
 */
export type HostFetcher = (scalars: readonly string[], subtrees: readonly string[]) => Promise<HostAnswer>;

/**
 * Marks a promise kept for later readers as handled: a reader that never comes (the pollster of the
 * other half of the answer is not in this cycle) must not turn a host failure into an
 * unhandledRejection, which ends the agent. Readers still get the rejection when they await it.
 */
function kept<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

/** Per host, per cycle. */
export class HostCycleState {
  readonly #scalars = new Map<string, Promise<ReadonlyMap<string, OidValue>>>();
  readonly #subtrees = new Map<string, Promise<SubtreeRows>>();

  /** Values for `request`, fetching only what no earlier request of this cycle fetched. */
  async read(request: OidRequest, fetch: HostFetcher): Promise<OidValues> {
    const subtrees = [...new Set(request.subtrees)];
    const scalars = [...new Set(request.scalars)];
    const missingTrees = subtrees.filter((t) => !this.#coveringTree(t));
    // a scalar under a subtree walked (or being walked) in this cycle is read from the walk
    const missingScalars = scalars.filter((s) => !this.#scalars.has(s) && !this.#coveringTree(s) && !missingTrees.some((t) => isUnder(s, t)));
    if (missingScalars.length || missingTrees.length) {
      // only promises derived from `answer` are kept, each marked handled: `answer` itself is then
      // always observed, and none is left to reject unobserved
      const answer = fetch(missingScalars, missingTrees);
      if (missingScalars.length) {
        const values = kept(answer.then((a) => a.values));
        for (const s of missingScalars) this.#scalars.set(s, values);
      }
      missingTrees.forEach((t, i) => this.#subtrees.set(t, kept(answer.then((a) => a.rows[i] ?? []))));
    }

    const out = new Map<string, OidValue>();
    for (const s of scalars) {
      const batch = this.#scalars.get(s);
      if (batch) {
        const v = (await batch).get(s);
        if (v) out.set(s, v);
        continue;
      }
      const tree = this.#coveringTree(s);
      if (tree) {
        const hit = (await tree[1]).find(([oid]) => oid === s);
        if (hit) out.set(s, hit[1]);
      }
    }
    for (const t of subtrees) {
      const [root, rowsPromise] = this.#coveringTree(t) ?? [t, Promise.resolve([] as SubtreeRows)];
      const rows = await rowsPromise;
      for (const [oid, value] of rows) {
        if (root === t || isWithin(oid, t)) out.set(oid, value);
      }
    }
    return out;
  }

  #coveringTree(oid: string): [string, Promise<SubtreeRows>] | undefined {
    const exact = this.#subtrees.get(oid);
    if (exact) return [oid, exact];
    for (const entry of this.#subtrees) {
      if (isUnder(oid, entry[0])) return entry;
    }
    return undefined;
  }
}
