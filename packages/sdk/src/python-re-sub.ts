/**
 * Python's `re.sub(pattern, repl, string)` with a template `repl`: the pattern runs on the engine
 * that bounds its time for searching (python-re-engine.ts: V8 or RE2), the template is parsed once as Python 3.11 parses it (`\1`, `\g<1>`,
 * `\g<name>`, `\0`/octal escapes, `\n`-style escapes, other punctuation escapes kept as written,
 * unmatched groups substituting as '') and checked against the pattern's groups, so a bad template
 * fails when the configuration is loaded, as Python would have failed on first use.
 */
import { PythonRegexError } from './errors.js';
import { boundedEngine, v8RegExp } from './python-re-engine.js';

/** A literal piece of the template, or the number of the group it inserts. */
type Part = string | { readonly group: number };

/** A compiled `re.sub`. */
export interface PythonSubstitution {
  readonly pattern: string;
  readonly replacement: string;
  /** Replaces every non-overlapping match, as `re.sub` with count 0. */
  apply(input: string): string;
}

const TEMPLATE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };

function parseTemplate(template: string, groups: number, names: ReadonlyMap<string, number>): Part[] {
  const parts: Part[] = [];
  let literal = '';
  const bad = (message: string): never => {
    throw new PythonRegexError(`${message} in ${JSON.stringify(template)}`);
  };
  const group = (g: number | string): void => {
    const n = typeof g === 'number' ? g : names.get(g);
    if (n === undefined || n > groups) bad(`invalid group reference ${g}`);
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ group: n! });
  };
  let i = 0;
  while (i < template.length) {
    const ch = template[i]!;
    if (ch !== '\\') {
      literal += ch;
      i++;
      continue;
    }
    const next = template[i + 1];
    if (next === undefined) bad('bad escape (end of pattern)');
    const rest = template.slice(i + 1);
    const octal = /^(?:0[0-7]{0,2}|[0-7]{3})/.exec(rest);
    if (octal) {
      const value = parseInt(octal[0], 8);
      if (value > 0o377) bad(`octal escape value \\${octal[0]} outside of range 0-0o377`);
      literal += String.fromCharCode(value);
      i += 1 + octal[0].length;
    } else if (/[1-9]/.test(next!)) {
      const digits = /^\d{1,2}/.exec(rest)![0];
      group(Number(digits));
      i += 1 + digits.length;
    } else if (next === 'g') {
      const named = /^g<([^>]*)>/.exec(rest);
      if (!named) bad(rest.startsWith('g<') ? 'missing >, unterminated name' : 'missing <');
      const name = named![1]!;
      if (name === '') bad('missing group name');
      group(/^\d+$/.test(name) ? Number(name) : name);
      i += 1 + named![0].length;
    } else if (next! in TEMPLATE_ESCAPES) {
      literal += TEMPLATE_ESCAPES[next!];
      i += 2;
    } else if (/[A-Za-z]/.test(next!)) {
      bad(`bad escape \\${next}`);
    } else {
      literal += `\\${next}`;
      i += 2;
    }
  }
  if (literal) parts.push(literal);
  return parts;
}

/**
 * Compiles Python's `re.sub(pattern, replacement, ...)`.
 * @throws PythonRegexError naming what is wrong with the pattern or the template.
 * @example compilePythonSub('network\\.(incoming|outgoing)\\.(bytes|packets)', 'network.\\1.\\2.rate').apply('network.incoming.bytes') === 'network.incoming.bytes.rate'
 */
export function compilePythonSub(pattern: string, replacement: string): PythonSubstitution {
  const engine = boundedEngine(pattern, 'search');
  const translated = engine.kind === 'v8' ? engine.translated : engine.regex.translated;
  const parts = parseTemplate(replacement, translated.groups, translated.names);
  const render = (groups: ArrayLike<unknown>): string =>
    parts.map((p) => (typeof p === 'string' ? p : ((groups[p.group] as string | undefined) ?? ''))).join('');
  if (engine.kind === 're2') {
    const { regex } = engine;
    return Object.freeze({
      pattern,
      replacement,
      apply(input: string): string {
        let out = '';
        let from = 0;
        for (const m of regex.matches(input)) {
          out += input.slice(from, m.index) + render(m);
          from = m.index + m[0].length;
        }
        return out + input.slice(from);
      },
    });
  }
  const regex = v8RegExp(pattern, translated, 'g');
  return Object.freeze({
    pattern,
    replacement,
    // NOTE: replace() passes the match, then groups 1..n, so the group numbers index `args` directly
    apply: (input: string): string => input.replace(regex, (...args: unknown[]) => render(args)),
  });
}
