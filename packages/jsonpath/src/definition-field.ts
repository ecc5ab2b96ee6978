/**
 * Upstream's `declarative.Definition`: one field of a meter or event definition, or one attribute
 * of a gnocchi_resources.yaml resource. Its configuration
 * is a JSONPath, a list of them (tried as a union), an integer literal, or
 * `{fields: ..., plugin: name | {name, parameters}}`.
 */
import { isPyDict } from '@ceilometer-ts/sdk';
import { compileJsonPath, type JsonPath, type JsonPathMatch } from './compile.js';
import { JsonPathEvaluationError, JsonPathSyntaxError } from './errors.js';
import { DefinitionError, DefinitionEvaluationError } from './definition-error.js';
import type { TraitPlugin, TraitPluginFactory } from './trait-plugin.js';

/** A field of a definition, ready to be evaluated against notification bodies or sample dicts. */
export class DefinitionField {
  readonly #getter: JsonPath | number | boolean;
  readonly #plugin: TraitPlugin | undefined;
  readonly #pluginName: string | undefined;

  /**
   * @param name the field's name, for messages.
   * @throws DefinitionError with `path` inside the field's configuration.
   */
  constructor(readonly name: string, cfg: unknown, plugins: TraitPluginFactory) {
    let fields: unknown = cfg;
    if (isPyDict(cfg)) {
      if (!Object.hasOwn(cfg, 'fields')) throw new DefinitionError(`The field 'fields' is required for ${name}`);
      fields = cfg['fields'];
      if (Object.hasOwn(cfg, 'plugin')) {
        [this.#pluginName, this.#plugin] = makePlugin(name, cfg['plugin'], plugins);
      }
    }
    if (Array.isArray(fields)) {
      fields = fields.length === 1 ? fields[0] : fields.map((f) => `(${String(f)})`).join('|');
    }
    if (typeof fields === 'boolean' || (typeof fields === 'number' && Number.isInteger(fields))) {
      this.#getter = fields;
      return;
    }
    const at = isPyDict(cfg) ? ['fields'] : [];
    if (typeof fields !== 'string') {
      throw new DefinitionError(`Parse error in JSONPath specification '${String(fields)}' for ${name}: expected a JSONPath string or an integer`, at);
    }
    try {
      this.#getter = compileJsonPath(fields);
    } catch (err) {
      if (!(err instanceof JsonPathSyntaxError)) throw err;
      throw new DefinitionError(`Parse error in JSONPath specification '${fields}' for ${name}: ${err.message}`, at, { cause: err });
    }
  }

  /** True when the field is a constant (an integer in the definition). */
  get isLiteral(): boolean {
    return typeof this.#getter !== 'object';
  }

  /**
   * The field's value in `body`: the first non-null match (after the plugin, if any), or null.
   * A literal field returns its constant.
   */
  parse(body: unknown): unknown {
    if (typeof this.#getter !== 'object') return this.#getter;
    const values = this.#values(body, false);
    return values.length > 0 ? values[0] : null;
  }

  /**
   * {@link parse} with "nothing" as undefined: what upstream's gnocchi publisher keeps of an
   * attribute (`if value is not None: attrs[name] = value`).
   */
  first(document: unknown): unknown {
    const value = this.parse(document);
    return value === null ? undefined : value;
  }

  /**
   * Every value (nulls included) for meters with `lookup`. A literal field returns its constant,
   * not a list, exactly as upstream.
   * @throws DefinitionEvaluationError when the plugin cannot return several values.
   */
  parseAll(body: unknown): unknown {
    if (typeof this.#getter !== 'object') return this.#getter;
    return this.#values(body, true);
  }

  #values(body: unknown, all: boolean): unknown[] {
    const getter = this.#getter as JsonPath;
    let matches: JsonPathMatch[];
    try {
      matches = getter.find(body);
    } catch (err) {
      if (!(err instanceof JsonPathEvaluationError)) throw err;
      throw new DefinitionEvaluationError(`field ${this.name}: ${err.message}`, { cause: err });
    }
    if (!all) matches = matches.filter((m) => m.value !== null && m.value !== undefined);
    if (!this.#plugin) return matches.map((m) => m.value);
    if (all && !this.#plugin.supportReturnAllValues) {
      throw new DefinitionEvaluationError(`Plugin ${this.#pluginName ?? '?'} don't allows to return multiple values (field ${this.name})`);
    }
    const out = this.#plugin.traitValues(matches.map((m) => [m.path, m.value] as const));
    return out.filter((v) => v !== null && v !== undefined);
  }
}

function makePlugin(field: string, cfg: unknown, plugins: TraitPluginFactory): [string, TraitPlugin] {
  let name: unknown;
  let params: unknown = {};
  if (typeof cfg === 'string') {
    name = cfg;
  } else if (isPyDict(cfg)) {
    if (!Object.hasOwn(cfg, 'name')) throw new DefinitionError(`Plugin specified, but no plugin name supplied for ${field}`, ['plugin']);
    name = cfg['name'];
    params = cfg['parameters'] ?? {};
  } else {
    throw new DefinitionError(`Plugin specified, but no plugin name supplied for ${field}`, ['plugin']);
  }
  if (typeof name !== 'string') throw new DefinitionError(`plugin name must be a string for ${field}`, ['plugin', 'name']);
  if (!isPyDict(params)) throw new DefinitionError(`plugin parameters must be a mapping for ${field}`, ['plugin', 'parameters']);
  try {
    return [name, plugins.create(name, params)];
  } catch (err) {
    const known = plugins.names ? ` (available: ${plugins.names.join(', ') || 'none'})` : '';
    throw new DefinitionError(`No plugin named ${name} available for ${field}${known}: ${(err as Error).message}`, ['plugin'], { cause: err });
  }
}
