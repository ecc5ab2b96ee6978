/**
 * One set of transformer instances per sink, apart from the sinks' own: a partitioned
 * notification agent keeps one per partition it owns, so a partition it gains starts with empty
 * caches (its first sample per resource primes them, as after a restart) and one it loses takes
 * its state away with it.
 */
import type { Transformer } from '@ceilometer-ts/sdk';

/** Transformer chains by sink name. */
export class TransformerState {
  readonly #chains: ReadonlyMap<string, readonly Transformer[]>;

  constructor(chains: ReadonlyMap<string, readonly Transformer[]>) {
    this.#chains = chains;
  }

  /** The chain of sink `sink` (empty when it has none). */
  chain(sink: string): readonly Transformer[] {
    return this.#chains.get(sink) ?? [];
  }
}
