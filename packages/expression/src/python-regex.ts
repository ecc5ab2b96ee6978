/**
 * Python's `re.sub(pattern, repl, string)` for the `map_from`/`map_to` renames of rocky's
 * conversion transformers: the pattern and the replacement template are translated and checked
 * once, then applied to every occurrence.
 */

/** A pattern or template that cannot be used. */
export class PythonRegexError extends Error {
  readonly code = 'CEILO_ERR_EXPR_REGEX' as const;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PythonRegexError';
  }
}

type Part = string | { readonly group: number | string };

/** A compiled `re.sub`. */
export interface PythonSubstitution {
  readonly pattern: string;
  readonly replacement: string;
  /** Replaces every non-overlapping match, as `re.sub` with count 0. */
  apply(input: string): string;
}

/** Translates a Python pattern into a JavaScript RegExp source (named groups, `\A`, `\Z`, leading inline flags). */
function translatePattern(pattern: string): { source: string; flags: string } {
  let source = pattern;
  let flags = 'g';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1] as string) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  source = source
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  return { source, flags };
}

const TEMPLATE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };

function parseTemplate(template: string, groups: number, names: readonly string[]): Part[] {
  const parts: Part[] = [];
  let literal = '';
  const group = (g: number | string): void => {
    if (typeof g === 'number' ? g > groups : !names.includes(g)) throw new PythonRegexError(`invalid group reference ${g} in ${JSON.stringify(template)}`);
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ group: g });
  };
  for (let i = 0; i < template.length; i++) {
    const ch = template[i] as string;
    if (ch !== '\\' || i + 1 >= template.length) {
      literal += ch;
      continue;
    }
    const next = template[i + 1] as string;
    const digits = /^\d{1,2}/.exec(template.slice(i + 1));
    if (digits) {
      group(Number(digits[0]));
      i += digits[0].length;
    } else if (next === 'g') {
      const named = /^g<([^>]*)>/.exec(template.slice(i + 1));
      if (!named) throw new PythonRegexError(`missing group name after \\g in ${JSON.stringify(template)}`);
      const name = named[1] as string;
      group(/^\d+$/.test(name) ? Number(name) : name);
      i += named[0].length;
    } else if (next in TEMPLATE_ESCAPES) {
      literal += TEMPLATE_ESCAPES[next];
      i += 1;
    } else if (/[A-Za-z]/.test(next)) {
      throw new PythonRegexError(`bad escape \\${next} in ${JSON.stringify(template)}`);
    } else {
      literal += `\\${next}`;
      i += 1;
    }
  }
  if (literal) parts.push(literal);
  return parts;
}

/**
 * Compiles Python's `re.sub(pattern, replacement, ...)`, or throws PythonRegexError naming what is
 * wrong (as Python would have raised on first use).
 * @example compilePythonSub('network\\.(incoming|outgoing)\\.(bytes|packets)', 'network.\\1.\\2.rate').apply('network.incoming.bytes') === 'network.incoming.bytes.rate'
 */
export function compilePythonSub(pattern: string, replacement: string): PythonSubstitution {
  const { source, flags } = translatePattern(pattern);
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (err) {
    throw new PythonRegexError(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`, { cause: err });
  }
  const groups = (new RegExp(`${source}|`, flags.replace('g', '')).exec('') as RegExpExecArray).length - 1;
  const names = [...source.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1] as string);
  const parts = parseTemplate(replacement, groups, names);
  return Object.freeze({
    pattern,
    replacement,
    apply(input: string): string {
      return input.replace(regex, (...args: unknown[]) => {
        const hasNamed = typeof args[args.length - 1] === 'object';
        const named = (hasNamed ? args[args.length - 1] : undefined) as Record<string, string | undefined> | undefined;
        // NOTE: an unmatched group substitutes as '' (Python 3.5+).
        return parts
          .map((p) => (typeof p === 'string' ? p : typeof p.group === 'number' ? ((args[p.group] as string | undefined) ?? '') : (named?.[p.group] ?? '')))
          .join('');
      });
    },
  });
}
