/**
 * Meter name matching as upstream's `agent.Source`: shell-style globs (Python's `fnmatch`),
 * `*` for every meter and `!pattern` for exclusions; the checks on mixing them; and the support
 * rule (deny first, then allow, and "only exclusions" means allow the rest).
 */

const regexCache = new Map<string, RegExp>();

/** Python `fnmatch.fnmatchcase`: `*`, `?`, `[seq]`, `[!seq]`; everything else literal. */
export function fnmatch(name: string, pattern: string): boolean {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${translateGlob(pattern)}$`, 's');
    regexCache.set(pattern, re);
  }
  return re.test(name);
}

/** Whether a pattern contains glob syntax (so it cannot name one meter). */
export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

function translateGlob(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, j).replace(/\\/g, '\\\\').replace(/]/g, '\\]');
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      else if (body.startsWith('^')) body = `\\${body}`;
      out += `[${body}]`;
      i = j;
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return out;
}

/**
 * Upstream's `check_source_filtering` rules, returning the problem or undefined:
 * at least one entry; included and excluded names cannot be mixed; `*` cannot be mixed with
 * included names. `kind` is the field name used in the message (`meters`).
 */
export function checkSourceFiltering(entries: readonly string[], kind: string): string | undefined {
  if (entries.length === 0) return `No ${kind} specified`;
  const included = entries.some((e) => e[0] !== '!' && e[0] !== '*');
  if (included && entries.some((e) => e[0] === '!')) return `Both included and excluded ${kind} specified`;
  if (entries.includes('*') && included) return `Included ${kind} specified with wildcard`;
  return undefined;
}

/** Whether `name` is selected by the entries (upstream's `Source.is_supported`). */
export function isSupported(entries: readonly string[], name: string): boolean {
  if (entries.some((e) => e[0] === '!' && fnmatch(name, e.slice(1)))) return false;
  if (entries.some((e) => e[0] !== '!' && fnmatch(name, e))) return true;
  return entries.every((e) => e.startsWith('!'));
}

/** A compiled meter selection for one source. */
export class MeterMatcher {
  constructor(readonly entries: readonly string[]) {}
  matches(meter: string): boolean {
    return isSupported(this.entries, meter);
  }
  /** Names listed literally (no glob, no `!`): those a missing pollster can be reported for. */
  literalNames(): readonly string[] {
    return this.entries.filter((e) => e[0] !== '!' && !isGlob(e));
  }
}
