/**
 * Compiled JSONPath expressions, cached by text (upstream's `Definition.GETTERS_CACHE`): meters.yaml
 * and event_definitions.yaml repeat the same paths many times.
 */
import { Datum } from './datum.js';
import type { JsonPathNode } from './nodes.js';
import { parseJsonPath } from './parser.js';

/** One value a path found, with the dotted path that reached it (what trait plugins receive). */
export interface JsonPathMatch {
  readonly value: unknown;
  readonly path: string;
}

/** A compiled expression. */
export class JsonPath {
  readonly #root: JsonPathNode;

  constructor(readonly expression: string, root: JsonPathNode) {
    this.#root = root;
  }

  /** Every match in `document`, in upstream's order (nulls included). */
  find(document: unknown): JsonPathMatch[] {
    return this.#root.find(new Datum(document)).map((d) => ({ value: d.value, path: d.path }));
  }

  /** The values only. */
  values(document: unknown): unknown[] {
    return this.#root.find(new Datum(document)).map((d) => d.value);
  }

  /**
   * The first match that is not null, or undefined: how upstream reads one value from a path
   * (`declarative.Definition.parse` without a plugin).
   */
  first(document: unknown): unknown {
    for (const d of this.#root.find(new Datum(document))) {
      if (d.value !== null && d.value !== undefined) return d.value;
    }
    return undefined;
  }

  /** The parsed tree, rendered (tests and debugging). */
  toString(): string {
    return String(this.#root);
  }
}

const CACHE = new Map<string, JsonPath>();
const CACHE_LIMIT = 4096;

/**
 * Compiles an expression (cached per text).
 * @throws JsonPathSyntaxError for an expression jsonpath-rw-ext would not parse.
 */
export function compileJsonPath(expression: string): JsonPath {
  let compiled = CACHE.get(expression);
  if (!compiled) {
    compiled = new JsonPath(expression, parseJsonPath(expression));
    if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
    CACHE.set(expression, compiled);
  }
  return compiled;
}
