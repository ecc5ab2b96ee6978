/**
 * Upstream's attribute paths (`value_attribute`, `*_id_attribute`, `metadata_fields`,
 * `response_entries_key`, `next_sample_url_attribute`): `a.b.c` read key by key (`.` is the object
 * itself), then `| operation` steps over `value`, in the safe expression language instead of eval.
 */
import { compileExpression, toPyValue, type CompiledExpression } from '@ceilometer-ts/expression';
import { AttributeMissingError, DynamicPollsterError } from './errors.js';

/** Names every operation of an attribute path sees. */
const OPERATION_NAMES = ['value'];

/** A compiled attribute path. */
export class AttributePath {
  private constructor(
    readonly source: string,
    /** Keys read one after the other; empty for `.` (the object itself). */
    readonly keys: readonly string[],
    readonly operations: readonly CompiledExpression[],
  ) {}

  /** Compiles `source`; throws ExpressionSyntaxError or an Error naming the step that does not use `value`. */
  static compile(source: string): AttributePath {
    const [head = '', ...steps] = source.split('|');
    const key = head.trim();
    const operations = steps.map((step) => {
      // Upstream refuses an operation that does not mention `value` (it could not depend on the data).
      if (!step.includes('value')) throw new Error(`the operation "${step.trim()}" must use the [value] variable`);
      return compileExpression(step.trim(), { names: OPERATION_NAMES, python: true });
    });
    return new AttributePath(source, key === '.' ? [] : key.split('.'), operations);
  }

  /** Reads the path from `object`; AttributeMissingError when a key is absent, as Python's KeyError. */
  read(object: unknown): unknown {
    let value: unknown = object;
    for (const key of this.keys) value = getItem(value, key, this.source);
    for (const operation of this.operations) value = operation.evaluate({ names: { value: toPyValue(value) } });
    return value;
  }
}

/** `operator.getitem(value, key)` with a str key, as Python raises. */
function getItem(value: unknown, key: string, source: string): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (Object.hasOwn(value, key)) return (value as Record<string, unknown>)[key];
    throw new AttributeMissingError(`KeyError: '${key}' (attribute "${source}")`);
  }
  const type = value === null || value === undefined ? 'NoneType' : Array.isArray(value) ? 'list' : typeof value;
  throw new DynamicPollsterError(`TypeError: cannot read '${key}' of a ${type} (attribute "${source}")`);
}
