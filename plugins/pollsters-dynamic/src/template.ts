/**
 * `url_path` and `host_command` templates: upstream evaluates them with Python's eval over
 * `base_metadata` and uses the text as written when that fails. We compile them in the safe
 * expression language with the same names, with the same fallback.
 */
import { compileExpression, type CompiledExpression } from '@ceilometer-ts/expression';
import { pyStr, type PyValue } from '@ceilometer-ts/sdk';

const compiled = new Map<string, CompiledExpression | null>();

function compileOnce(source: string, names: readonly string[]): CompiledExpression | null {
  const key = `${names.join(',')}\u0000${source}`;
  if (!compiled.has(key)) {
    let expression: CompiledExpression | null = null;
    try {
      expression = compileExpression(source, { names, python: true });
    } catch {
      expression = null; // not an expression: a plain path such as v1/clusters/detail
    }
    compiled.set(key, expression);
  }
  return compiled.get(key) ?? null;
}

/** The template's value over `names` as text, or `source` itself when it is not an expression or fails. */
export function renderTemplate(source: string, names: Readonly<Record<string, unknown>>): string {
  const expression = compileOnce(source, Object.keys(names));
  if (!expression) return source;
  try {
    const value = expression.evaluate({ names });
    if (typeof value === 'string') return value;
    // The expression's values (numbers, str, bool, None, dicts, lists) are the sdk's Python values too.
    return pyStr(value as PyValue);
  } catch {
    return source;
  }
}
