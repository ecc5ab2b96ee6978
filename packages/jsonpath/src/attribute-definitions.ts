/**
 * A mapping of attribute names to field definitions, evaluated against one sample: the
 * `attributes` of a gnocchi_resources.yaml resource (upstream's `ResourcesDefinition`, which makes
 * one `declarative.Definition` per attribute and reads them from `sample.as_dict()`).
 */
import { isPyDict, type Sample } from '@ceilometer-ts/sdk';
import { DefinitionError } from './definition-error.js';
import { DefinitionField } from './definition-field.js';
import { noTraitPlugins, type TraitPluginFactory } from './trait-plugin.js';

/**
 * What attributes are read from: a {@link Sample} (its field names are upstream's `as_dict()`
 * keys, so it is used as it is) or any plain object of that shape.
 */
export type SampleLike = Sample | Readonly<Record<string, unknown>>;

/** Named fields, compiled once, evaluated per sample. */
export class AttributeDefinitions {
  readonly #fields: readonly DefinitionField[];

  /**
   * @param cfg the mapping of attribute names to fields (a JSONPath, a list of them, an integer,
   *   or `{fields, plugin}`); undefined or null is no attributes, as upstream's `.get('attributes', {})`.
   * @param plugins trait plugins for `plugin:` fields (upstream passes `ceilometer.event.trait_plugin`).
   * @throws DefinitionError whose `path` starts with the attribute's name.
   */
  constructor(cfg: unknown, plugins: TraitPluginFactory = noTraitPlugins) {
    if (cfg === undefined || cfg === null) {
      this.#fields = [];
      return;
    }
    if (!isPyDict(cfg)) throw new DefinitionError('attributes must be a mapping of names to fields');
    this.#fields = Object.entries(cfg).map(([name, fieldCfg]) => {
      try {
        return new DefinitionField(name, fieldCfg, plugins);
      } catch (err) {
        if (err instanceof DefinitionError) throw new DefinitionError(err.message, [name, ...err.path], { cause: err.cause });
        throw err;
      }
    });
  }

  /** The attribute names, in definition order. */
  get names(): string[] {
    return this.#fields.map((f) => f.name);
  }

  /**
   * Each attribute's first non-null value in `sample`; attributes with none are left out, as
   * upstream's `sample_attributes` leaves them out.
   * @throws DefinitionEvaluationError when a field's evaluation fails (`sub()` on a non-string).
   */
  evaluate(sample: SampleLike): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of this.#fields) {
      const value = field.first(sample);
      if (value !== undefined) out[field.name] = value;
    }
    return out;
  }
}
