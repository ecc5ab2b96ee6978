/**
 * Meter and event_type patterns of a pipeline source (upstream's `agent.Source`): `*`, `name`,
 * `storage.*`, `!disk.*`, matched with Python's fnmatch rules (case-sensitive on POSIX).
 */

/** Translates one fnmatch pattern (`*`, `?`, `[seq]`, `[!seq]`) into an anchored RegExp. */
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

/** A compiled list of source patterns answering "does this source take that name?". */
export class NamePatterns {
  readonly #deny: readonly RegExp[];
  readonly #allow: readonly RegExp[];
  readonly #onlyNegations: boolean;

  constructor(readonly patterns: readonly string[]) {
    this.#deny = patterns.filter((p) => p.startsWith('!')).map((p) => fnmatchToRegExp(p.slice(1)));
    this.#allow = patterns.filter((p) => !p.startsWith('!')).map((p) => fnmatchToRegExp(p));
    this.#onlyNegations = this.#allow.length === 0;
  }

  /** Upstream's `is_supported`: exclusions first, then inclusions; only exclusions means allow the rest. */
  matches(name: string): boolean {
    if (this.#deny.some((re) => re.test(name))) return false;
    if (this.#allow.some((re) => re.test(name))) return true;
    return this.#onlyNegations;
  }
}

/**
 * Upstream's `check_source_filtering`: returns the message of the first rule broken, or undefined.
 * `kind` is `meters` or `events`, as in upstream's messages.
 */
export function checkSourceFiltering(patterns: readonly string[], kind: string): string | undefined {
  if (patterns.length === 0) return `No ${kind} specified`;
  const included = patterns.some((p) => p[0] !== '!' && p[0] !== '*');
  const excluded = patterns.some((p) => p[0] === '!');
  if (included && excluded) return `Both included and excluded ${kind} specified`;
  if (patterns.includes('*') && included) return `Included ${kind} specified with wildcard`;
  return undefined;
}
