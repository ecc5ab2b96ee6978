/**
 * `map`: replaces values through a table (upstream's MapTraitPlugin, added after 19.0).
 */
import { TraitPluginParameterError, type TraitMatch, type TraitPlugin, type TraitPluginParams } from './trait-plugin.js';

/** Python's `str.casefold()`, close enough for mapping keys. */
function casefold(text: string): string {
  return text.toLowerCase().replace(/ß/g, 'ss');
}

/** Parameters: `values` (mapping, required), `default` (when no entry matches; default none), `case_sensitive` (default true). */
export class MapTraitPlugin implements TraitPlugin {
  readonly #values = new Map<string, unknown>();
  readonly default: unknown;
  readonly caseSensitive: boolean;

  constructor(params: TraitPluginParams = {}) {
    const { values, default: dflt = null, case_sensitive: caseSensitive = true } = params;
    if (values === undefined || values === null || (typeof values === 'object' && Object.keys(values).length === 0)) {
      throw new TraitPluginParameterError("The 'values' parameter is required for the map trait plugin");
    }
    if (typeof values !== 'object' || Array.isArray(values)) {
      throw new TraitPluginParameterError("The 'values' parameter needs to be a dict for the map trait plugin");
    }
    this.caseSensitive = caseSensitive !== false;
    for (const [k, v] of Object.entries(values)) this.#values.set(this.caseSensitive ? k : casefold(k), v);
    this.default = dflt;
  }

  traitValues(matches: readonly TraitMatch[]): unknown[] {
    return matches.map(([, value]) => {
      // NOTE: YAML keys arrive as strings, so numbers and booleans are looked up by their text.
      const key = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
      if (key === undefined) return this.default;
      const folded = this.caseSensitive ? key : casefold(key);
      return this.#values.has(folded) ? this.#values.get(folded) : this.default;
    });
  }
}
