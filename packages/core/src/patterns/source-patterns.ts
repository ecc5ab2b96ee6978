/**
 * The name patterns of upstream's `agent.Source`, shared by polling.yaml (`meters`) and
 * pipeline.yaml / event_pipeline.yaml (`meters`, `events`): shell-style globs matched with Python's
 * `fnmatch.fnmatchcase` rules, `*` for everything, `!pattern` for exclusions.
 */

/** Translates one fnmatch pattern (`*`, `?`, `[seq]`, `[!seq]`; the rest literal) into an anchored RegExp. */
export function fnmatchToRegExp(pattern: string): RegExp {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i++] as string;
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      let j = i;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i, j).replace(/[\\[\]]/g, '\\$&');
      i = j + 1;
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      else if (body.startsWith('^')) body = `\\${body}`;
      out += `[${body}]`;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

const compiled = new Map<string, RegExp>();

/** Python's `fnmatch.fnmatchcase(name, pattern)` (patterns compiled once per process). */
export function fnmatch(name: string, pattern: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = fnmatchToRegExp(pattern);
    compiled.set(pattern, re);
  }
  return re.test(name);
}

/** Whether a pattern contains glob syntax (so it cannot name one meter). */
export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/**
 * Upstream's `check_source_filtering`: the message of the first rule broken, or undefined. At
 * least one entry; included and excluded names cannot be mixed; `*` cannot be mixed with included
 * names. `kind` is the field in upstream's messages (`meters`, `events`).
 */
export function checkSourceFiltering(patterns: readonly string[], kind: string): string | undefined {
  if (patterns.length === 0) return `No ${kind} specified`;
  const included = patterns.some((p) => p[0] !== '!' && p[0] !== '*');
  if (included && patterns.some((p) => p[0] === '!')) return `Both included and excluded ${kind} specified`;
  if (patterns.includes('*') && included) return `Included ${kind} specified with wildcard`;
  return undefined;
}

/** A compiled pattern list answering upstream's `is_supported`: exclusions first, then inclusions; only exclusions means allow the rest. */
export class SourcePatterns {
  readonly #deny: readonly RegExp[];
  readonly #allow: readonly RegExp[];

  constructor(readonly patterns: readonly string[]) {
    this.#deny = patterns.filter((p) => p.startsWith('!')).map((p) => fnmatchToRegExp(p.slice(1)));
    this.#allow = patterns.filter((p) => !p.startsWith('!')).map((p) => fnmatchToRegExp(p));
  }

  matches(name: string): boolean {
    if (this.#deny.some((re) => re.test(name))) return false;
    if (this.#allow.some((re) => re.test(name))) return true;
    return this.#allow.length === 0;
  }

  /** Names listed literally (no glob, no `!`): those a missing plugin can be reported for. */
  literalNames(): readonly string[] {
    return this.patterns.filter((p) => p[0] !== '!' && !isGlob(p));
  }
}
