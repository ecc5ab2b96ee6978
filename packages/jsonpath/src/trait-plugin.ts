/**
 * Trait plugins (`ceilometer.event.trait_plugin`): turn the values a definition's fields matched
 * into the value(s) of a trait or sample field. Used by event definitions and, as upstream does,
 * by meter definitions (`plugin: timedelta`).
 */
import { didYouMean } from '@ceilometer-ts/sdk';

/**
 * One configured plugin instance (a new one per field definition, made with its `parameters`).
 * Upstream's `TraitPluginBase`.
 */
export interface TraitPlugin {
  /**
   * Upstream's `trait_values(match_list)`: `matches` holds `[path, value]` per non-null match
   * (possibly none); `null`/`undefined` results are dropped, the first remaining one is the value.
   */
  traitValues(matches: readonly (readonly [string, unknown])[]): unknown[];
  /** True when the plugin may return one value per match (meters with `lookup`); default false. */
  readonly supportReturnAllValues?: boolean;
}

/** A plugin class as packages export it: constructed with the definition's `parameters` object. */
export type TraitPluginClass = new (params: Readonly<Record<string, unknown>>) => TraitPlugin;

/** Makes plugin instances by entry point name. */
export interface TraitPluginFactory {
  /**
   * A new instance of plugin `name` configured with `params`.
   * @throws Error when there is no such plugin or the parameters are refused.
   */
  create(name: string, params: Readonly<Record<string, unknown>>): TraitPlugin;
  /** The names available (for error messages). */
  readonly names?: readonly string[];
}

/** A factory over a fixed set of plugin classes (tests, embedding without a registry). */
export function staticTraitPluginFactory(classes: Readonly<Record<string, TraitPluginClass>>): TraitPluginFactory {
  const names = Object.keys(classes).sort();
  return {
    names,
    create(name, params) {
      const cls = Object.hasOwn(classes, name) ? classes[name] : undefined;
      if (!cls) throw new Error(`no trait plugin named "${name}" (available: ${names.join(', ') || 'none'})${didYouMean(name, names)}`);
      return new cls(params);
    },
  };
}

/** A factory that knows no plugins: definitions naming one are reported and skipped. */
export const noTraitPlugins: TraitPluginFactory = staticTraitPluginFactory({});
