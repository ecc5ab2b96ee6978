/**
 * Python 3.11 `re` patterns as JavaScript RegExps, for the places upstream configuration holds
 * Python regular expressions (meters.yaml `event_type`, jsonpath-rw-ext `~` and `sub()`, rocky's
 * `map_from`). The pattern is translated token by token so that what differs between the two
 * engines means what Python means:
 * - `(?P<n>...)`, `(?P=n)`, `(?#...)`; leading inline flags `(?imsx)` (also repeated), `(?a)`/`(?u)`
 *   accepted and `(?L)` refused as for str patterns;
 * - `\A`, `\Z` (the very end, even with `(?m)`), `^`/`$` (Python's `$` also matches before a final
 *   line feed; with `(?m)` both see only `\n` as a line end), `.` (everything but `\n`, so `\r` too);
 * - `(?x)` verbose patterns (blanks and `#` comments outside classes are dropped);
 * - `{,n}` (Python reads it as `{0,n}`), a leading `]` in a class (literal), `\a`, `\U`, octal escapes.
 * What JavaScript cannot do (atomic groups, possessive quantifiers, conditionals, scoped flags,
 * `\N{...}`) and what Python refuses (bad escapes, global flags after the start) throw
 * {@link PythonRegexError}. `\d`, `\w`, `\b` stay ASCII (Python's are Unicode for str patterns).
 */
import { PythonRegexError } from './errors.js';

/** Flags that change how a pattern is translated (Python's global inline flags). */
interface Mode {
  readonly ignoreCase: boolean;
  readonly multiline: boolean;
  readonly dotAll: boolean;
  readonly verbose: boolean;
}

const GLOBAL_FLAGS = /^\(\?([aiLmsux]+)\)/;
const ANY = '[\\s\\S]';
const ESCAPES_KEPT = new Set(['b', 'B', 'd', 'D', 's', 'S', 'w', 'W', 'f', 'n', 'r', 't', 'v']);
const OCTAL = /^[0-7]$/;

function fail(pattern: string, message: string, pos: number): never {
  throw new PythonRegexError(`invalid regular expression ${JSON.stringify(pattern)}: ${message} at position ${pos}`);
}

/** `\xHH`/`\uHHHH` (two units for an astral code point) for a literal code point. */
function codePointEscape(cp: number): string {
  return [...String.fromCodePoint(cp)].map((ch) => {
    const units = [];
    for (let i = 0; i < ch.length; i++) units.push(`\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`);
    return units.join('');
  }).join('');
}

class Translator {
  #pos = 0;
  #out = '';
  #groups = 0;

  constructor(private readonly pattern: string, private readonly mode: Mode, start: number) {
    this.#pos = start;
  }

  run(): { source: string; groups: number } {
    const p = this.pattern;
    while (this.#pos < p.length) {
      const c = p[this.#pos]!;
      if (this.mode.verbose && /\s/.test(c)) this.#pos++;
      else if (this.mode.verbose && c === '#') this.#skipComment();
      else if (c === '\\') this.#out += this.#escape(false);
      else if (c === '[') this.#class();
      else if (c === '(') this.#group();
      else if (c === '.') this.#emit(this.mode.dotAll ? ANY : '[^\\n]');
      else if (c === '^') this.#emit(this.mode.multiline ? '(?:^|(?<=\\n))' : '^');
      else if (c === '$') this.#emit(this.mode.multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))');
      else if (c === '{') this.#brace();
      else if ('+*?'.includes(c) && p[this.#pos + 1] === '+') fail(p, 'possessive quantifiers are not supported', this.#pos);
      else this.#emit(c);
    }
    return { source: this.#out, groups: this.#groups };
  }

  #emit(text: string, advance = 1): void {
    this.#out += text;
    this.#pos += advance;
  }

  #skipComment(): void {
    const end = this.pattern.indexOf('\n', this.#pos);
    this.#pos = end < 0 ? this.pattern.length : end + 1;
  }

  /** One escape at `#pos` (a backslash), as JS source. */
  #escape(inClass: boolean): string {
    const p = this.pattern;
    const at = this.#pos;
    const c = p[at + 1];
    if (c === undefined) fail(p, 'bad escape (end of pattern)', at);
    this.#pos += 2;
    if (/[0-9]/.test(c)) return this.#numericEscape(c, at, inClass);
    if (c === 'A' || c === 'Z') {
      if (inClass) fail(p, `bad escape \\${c}`, at);
      return c === 'A' ? '(?<![\\s\\S])' : '(?![\\s\\S])';
    }
    if (c === 'a') return '\\x07';
    if (c === 'x' || c === 'u' || c === 'U') {
      const len = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      const hex = p.slice(this.#pos, this.#pos + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) fail(p, `incomplete escape \\${c}${hex}`, at);
      this.#pos += len;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) fail(p, `bad escape \\${c}${hex}`, at);
      return codePointEscape(cp);
    }
    if (c === 'b' && inClass) return '\\x08';
    if (ESCAPES_KEPT.has(c)) return `\\${c}`;
    if (c === 'N') fail(p, 'named characters \\N{...} are not supported', at);
    if (/[A-Za-z]/.test(c)) fail(p, `bad escape \\${c}`, at);
    return `\\${c}`;
  }

  /** `\0`, octal `\ooo`, or a group reference `\1`..`\99`. */
  #numericEscape(first: string, at: number, inClass: boolean): string {
    const p = this.pattern;
    const next = p.slice(this.#pos, this.#pos + 2);
    if (first === '0') {
      const oct = /^[0-7]{0,2}/.exec(next)![0];
      this.#pos += oct.length;
      return codePointEscape(parseInt(`0${oct}`, 8));
    }
    if (OCTAL.test(first) && /^[0-7]{2}$/.test(next)) {
      const value = parseInt(first + next, 8);
      if (value > 0o377) fail(p, `octal escape value \\${first}${next} outside of range 0-0o377`, at);
      this.#pos += 2;
      return codePointEscape(value);
    }
    if (inClass) fail(p, `bad escape \\${first}`, at);
    const digits = /^[0-9]/.test(next) ? first + next[0] : first;
    this.#pos += digits.length - 1;
    if (Number(digits) > this.#groups) fail(p, `invalid group reference ${digits}`, at + 1);
    // NOTE: `(?:)` ends the reference, so a digit after it stays a literal as in Python
    return `\\${digits}(?:)`;
  }

  #class(): void {
    const p = this.pattern;
    const start = this.#pos;
    let out = '[';
    this.#pos++;
    if (p[this.#pos] === '^') {
      out += '^';
      this.#pos++;
    }
    // Python: a `]` first in a class is a literal; in JS `[]` is the empty class
    if (p[this.#pos] === ']') {
      out += '\\]';
      this.#pos++;
    }
    while (this.#pos < p.length && p[this.#pos] !== ']') {
      if (p[this.#pos] === '\\') out += this.#escape(true);
      else out += p[this.#pos++];
    }
    if (this.#pos >= p.length) fail(p, 'unterminated character set', start);
    this.#out += `${out}]`;
    this.#pos++;
  }

  #group(): void {
    const p = this.pattern;
    const at = this.#pos;
    const rest = p.slice(at);
    const named = /^\(\?P<([^>]*)>/.exec(rest);
    if (named) {
      if (!/^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(named[1]!)) fail(p, `bad character in group name ${JSON.stringify(named[1])}`, at + 4);
      this.#groups++;
      return this.#emit(`(?<${named[1]}>`, named[0].length);
    }
    const backref = /^\(\?P=([^)]*)\)/.exec(rest);
    if (backref) return this.#emit(`\\k<${backref[1]}>`, backref[0].length);
    if (rest.startsWith('(?#')) {
      const end = p.indexOf(')', at);
      if (end < 0) fail(p, 'missing ), unterminated comment', at);
      this.#pos = end + 1;
      return;
    }
    for (const kept of ['(?:', '(?=', '(?!', '(?<=', '(?<!']) if (rest.startsWith(kept)) return this.#emit(kept, kept.length);
    if (rest.startsWith('(?>')) fail(p, 'atomic groups are not supported', at);
    if (rest.startsWith('(?(')) fail(p, 'conditional groups are not supported', at);
    if (/^\(\?[-aiLmsux]+:/.test(rest)) fail(p, 'scoped inline flags are not supported', at);
    if (/^\(\?[aiLmsux]+\)/.test(rest)) fail(p, 'global flags not at the start of the expression', at);
    if (rest.startsWith('(?')) fail(p, `unknown extension ${rest.slice(1, 3)}`, at);
    this.#groups++;
    this.#emit('(');
  }

  /** `{,n}` is `{0,n}` in Python 3.11; a brace that is no quantifier is a literal in both. */
  #brace(): void {
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(this.pattern.slice(this.#pos));
    if (!m || (m[1] === '' && m[2] === '')) return this.#emit('{');
    if (this.pattern[this.#pos + m[0].length] === '+') fail(this.pattern, 'possessive quantifiers are not supported', this.#pos);
    this.#emit(m[1] === '' ? `{0${m[2]}${m[3]}}` : m[0], m[0].length);
  }
}

/** The JS source and flags of a Python pattern, and its number of capturing groups. */
export interface TranslatedPattern {
  readonly source: string;
  /** `i` or ''; the other Python flags are folded into the source. */
  readonly flags: string;
  readonly groups: number;
}

/**
 * Translates a Python 3.11 `re` pattern (see the module comment for what changes).
 * @throws PythonRegexError for a pattern Python refuses or JavaScript cannot express.
 */
export function translatePythonPattern(pattern: string): TranslatedPattern {
  let start = 0;
  let letters = '';
  for (let m = GLOBAL_FLAGS.exec(pattern); m; m = GLOBAL_FLAGS.exec(pattern.slice(start))) {
    letters += m[1];
    start += m[0].length;
  }
  if (letters.includes('L')) fail(pattern, 'bad inline flags: cannot use \'L\' flag with a str pattern', 0);
  if (letters.includes('a') && letters.includes('u')) fail(pattern, "bad inline flags: flags 'a', 'u' and 'L' are incompatible", 0);
  const mode: Mode = { ignoreCase: letters.includes('i'), multiline: letters.includes('m'), dotAll: letters.includes('s'), verbose: letters.includes('x') };
  const { source, groups } = new Translator(pattern, mode, start).run();
  return { source, flags: mode.ignoreCase ? 'i' : '', groups };
}

/**
 * A Python pattern as a RegExp with extra JS flags (`g`, `y`).
 * @throws PythonRegexError for a pattern Python refuses or JavaScript cannot express.
 */
export function pythonRegExp(pattern: string, jsFlags = ''): RegExp {
  const t = translatePythonPattern(pattern);
  try {
    return new RegExp(t.source, [...new Set(t.flags + jsFlags)].join(''));
  } catch (err) {
    throw new PythonRegexError(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`, { cause: err });
  }
}

/** A compiled Python pattern with `re.match` and `re.search`. */
export interface PythonRegex {
  readonly pattern: string;
  /** `re.match`: a match anchored at the start of `text`, or null. */
  match(text: string): RegExpExecArray | null;
  /** `re.search`: the first match anywhere in `text`, or null. */
  search(text: string): RegExpExecArray | null;
}

/**
 * Compiles a Python pattern once for `re.match`/`re.search`.
 * @throws PythonRegexError for a pattern Python refuses or JavaScript cannot express.
 */
export function compilePythonRegex(pattern: string): PythonRegex {
  const sticky = pythonRegExp(pattern, 'y');
  const anywhere = pythonRegExp(pattern);
  return Object.freeze({
    pattern,
    match(text: string): RegExpExecArray | null {
      sticky.lastIndex = 0;
      return sticky.exec(text);
    },
    search: (text: string): RegExpExecArray | null => anywhere.exec(text),
  });
}
