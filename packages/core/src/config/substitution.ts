/** Python's `string.Template` pattern with oslo.config's id pattern (dots allowed, case-insensitive). */
const TEMPLATE = /\$(?:(\$)|([_a-z][._a-z0-9]*)|\{([_a-z][._a-z0-9]*)\})/gi;

/** Looks up `$name` / `$group.name` and returns its value as text, or undefined when no such option exists. */
export type ReferenceResolver = (reference: string) => string | undefined;

/** Result of substituting one value. */
export type Substitution = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

/**
 * Expands `$opt`, `${opt}` and `$group.opt` in a raw config value as oslo.config does
 * (`ConfigOpts._substitute`): `$$` and `\$` give a literal `$`, a lone `$` is left alone, and a
 * reference to an option that does not exist is an error.
 */
export function substituteReferences(raw: string, resolve: ReferenceResolver): Substitution {
  if (!raw.includes('$')) return { ok: true, value: raw };
  const text = raw.replaceAll('\\$', '$$$$');
  let missing: string | undefined;
  const value = text.replace(TEMPLATE, (match: string, escaped?: string, named?: string, braced?: string) => {
    if (escaped) return '$';
    const reference = named ?? braced ?? '';
    const resolved = resolve(reference);
    if (resolved === undefined) {
      missing ??= reference;
      return match;
    }
    return resolved;
  });
  if (missing !== undefined) return { ok: false, message: `cannot substitute $${missing}: no such option` };
  return { ok: true, value };
}

/** How Python's `str()` prints a value substituted into another option (`True`, `['a', 'b']`). */
export function pythonStr(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pythonFloat(value);
  return pythonRepr(value);
}

function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value);
}

function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  }
  return pythonStr(value);
}
