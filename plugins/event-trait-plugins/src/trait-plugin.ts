/**
 * The trait plugin contract as @ceilometer-ts/pipeline calls it (declared here so this package
 * needs only the sdk): constructed with the definition's `parameters`, then `traitValues` per
 * notification.
 */

/** One `[path, value]` per field the definition's JSONPath matched. */
export type TraitMatch = readonly [path: string, value: unknown];

/** Upstream's `TraitPluginBase`. */
export interface TraitPlugin {
  /** Values for the trait; null entries are dropped by the caller, the first remaining one is used. */
  traitValues(matches: readonly TraitMatch[]): unknown[];
  /** True when one value per match may be returned (meter definitions with `lookup`). */
  readonly supportReturnAllValues?: boolean;
}

/** Parameters as written under `plugin: {parameters: ...}`. */
export type TraitPluginParams = Readonly<Record<string, unknown>>;

/** Thrown by a constructor refusing its parameters. */
export class TraitPluginParameterError extends Error {
  override readonly name = 'TraitPluginParameterError';
}
