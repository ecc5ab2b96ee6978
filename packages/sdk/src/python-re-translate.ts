/**
 * The token-by-token translation of a Python 3.11 `re` pattern, into a JavaScript RegExp source or
 * into RE2 syntax (the linear-time engine of {@link ./python-re-linear.ts}), and the facts about its
 * shape that decide whether V8's backtracking engine can run it in bounded time
 * (see {@link ./python-re.ts} for that decision and for what the translation changes).
 */
import { PythonRegexError } from './errors.js';

/** Which engine the source is written for. */
export type RegexDialect = 'js' | 're2';

/**
 * What makes backtracking slow, found while translating. V8 backtracks; its worst case grows
 * exponentially with the input for a repeated subpattern that can match one text in several
 * ways, and as a power of the input's length with the number of quantifiers that can each take
 * a varying share of it.
 */
export interface PatternShape {
  /** Position of the first quantifier that repeats a group holding a quantifier, an alternation or a varying back-reference (`(a+)+`, `(a|b)*`, `(a?){9}`), or -1. */
  readonly nestedQuantifierAt: number;
  /** Quantifiers whose count varies (`*`, `+`, `?`, `{m,n}` with m < n) and back-references to groups holding one. */
  readonly varyingQuantifiers: number;
  /** Position of the first varying quantifier, or -1. */
  readonly firstVaryingAt: number;
  /** What RE2 cannot run (back-references, lookarounds, `$` before the end, counts above 1000), and where; undefined when it can. */
  readonly re2Unsupported: { readonly what: string; readonly at: number } | undefined;
}

/** The translated source, its flags, groups and shape. */
export interface TranslatedPattern {
  readonly source: string;
  /** `i` or ''; the other Python flags are folded into the source (RE2 sources carry `(?i)` themselves). */
  readonly flags: string;
  /** The number of capturing groups of the Python pattern. */
  readonly groups: number;
  /** The group number of each named group. */
  readonly names: ReadonlyMap<string, number>;
  /**
   * RE2 only: a final non-multiline `$` became a last extra group `(\n?)\z` (RE2's `$` never
   * matches before a final line feed, Python's does); the match ends before what that group holds.
   */
  readonly trailingNewlineGroup: boolean;
  readonly shape: PatternShape;
}

/** Flags that change how a pattern is translated (Python's global inline flags). */
interface Mode {
  readonly ignoreCase: boolean;
  readonly multiline: boolean;
  readonly dotAll: boolean;
  readonly verbose: boolean;
}

/** One open group: whether its body can match in more than one way, and its number if it captures. */
interface Frame {
  choice: boolean;
  readonly capture: number | undefined;
}

/** What a quantifier would apply to. */
type Last = { readonly kind: 'none' | 'atom' | 'quantifier' } | { readonly kind: 'group'; readonly choice: boolean };

const GLOBAL_FLAGS = /^\(\?([aiLmsux]+)\)/;
const ANY = '[\\s\\S]';
const ESCAPES_KEPT = new Set(['b', 'B', 'd', 'D', 'w', 'W', 'f', 'n', 'r', 't', 'v']);
const OCTAL = /^[0-7]$/;
const RE2_MAX_REPEAT = 1000;
// JavaScript's `\s` (WhiteSpace and LineTerminator) and its complement, spelled for RE2, whose `\s`
// is ASCII without `\v`: both engines then agree on every character.
const JS_SPACE = '\\x{9}-\\x{d}\\x{20}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
const JS_NON_SPACE =
  '\\x{0}-\\x{8}\\x{e}-\\x{1f}\\x{21}-\\x{9f}\\x{a1}-\\x{167f}\\x{1681}-\\x{1fff}\\x{200b}-\\x{2027}\\x{202a}-\\x{202e}\\x{2030}-\\x{205e}\\x{2060}-\\x{2fff}\\x{3001}-\\x{fefe}\\x{ff00}-\\x{10ffff}';

function fail(pattern: string, message: string, pos: number): never {
  throw new PythonRegexError(`invalid regular expression ${JSON.stringify(pattern)}: ${message} at position ${pos}`);
}

/** A literal code point: `\xHH`/`\uHHHH` (two units for an astral one) in JS, `\x{H...}` in RE2. */
function codePointEscape(cp: number, dialect: RegexDialect): string {
  if (dialect === 're2') return `\\x{${cp.toString(16)}}`;
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
  readonly #names = new Map<string, number>();
  readonly #frames: Frame[] = [{ choice: false, capture: undefined }];
  readonly #groupChoice = new Map<number, boolean>();
  #last: Last = { kind: 'none' };
  #nestedAt = -1;
  #varying = 0;
  #firstVaryingAt = -1;
  #unsupported: { what: string; at: number } | undefined;
  #trailingNewlineGroup = false;

  constructor(private readonly pattern: string, private readonly mode: Mode, start: number, private readonly dialect: RegexDialect) {
    this.#pos = start;
  }

  run(): Omit<TranslatedPattern, 'flags'> {
    const p = this.pattern;
    const re2 = this.dialect === 're2';
    while (this.#pos < p.length) {
      const c = p[this.#pos]!;
      if (this.mode.verbose && /\s/.test(c)) this.#pos++;
      else if (this.mode.verbose && c === '#') this.#skipComment();
      else if (c === '\\') this.#escape();
      else if (c === '[') this.#class();
      else if (c === '(') this.#group();
      else if (c === ')') this.#close();
      else if (c === '|') this.#alternation();
      else if (c === '.') this.#atom(this.mode.dotAll ? ANY : '[^\\n]');
      else if (c === '^') this.#atom(!this.mode.multiline ? '^' : re2 ? '(?m:^)' : '(?:^|(?<=\\n))');
      else if (c === '$') this.#dollar();
      else if (c === '{') this.#brace();
      else if ('+*?'.includes(c) && p[this.#pos + 1] === '+') fail(p, 'possessive quantifiers are not supported', this.#pos);
      else if ('+*?'.includes(c)) this.#quantifier(c === '+' ? 1 : 0, c === '?' ? 1 : Infinity, c);
      else this.#atom(c);
    }
    return {
      source: this.#out,
      groups: this.#groups,
      names: this.#names,
      trailingNewlineGroup: this.#trailingNewlineGroup,
      shape: { nestedQuantifierAt: this.#nestedAt, varyingQuantifiers: this.#varying, firstVaryingAt: this.#firstVaryingAt, re2Unsupported: this.#unsupported },
    };
  }

  get #frame(): Frame {
    return this.#frames[this.#frames.length - 1]!;
  }

  #emit(text: string, advance = 1): void {
    this.#out += text;
    this.#pos += advance;
  }

  #atom(text: string, advance = 1): void {
    this.#emit(text, advance);
    this.#last = { kind: 'atom' };
  }

  #unsupportedByRe2(what: string, at: number): void {
    this.#unsupported ??= { what, at };
  }

  #skipComment(): void {
    const end = this.pattern.indexOf('\n', this.#pos);
    this.#pos = end < 0 ? this.pattern.length : end + 1;
  }

  #alternation(): void {
    this.#frame.choice = true;
    this.#emit('|');
    this.#last = { kind: 'none' };
  }

  /** Python's non-multiline `$` also matches before a final `\n`; with `(?m)` before any `\n`. */
  #dollar(): void {
    if (this.mode.multiline) return this.#atom(this.dialect === 're2' ? '(?m:$)' : '(?=\\n|(?![\\s\\S]))');
    if (this.dialect === 'js') return this.#atom('(?=\\n?(?![\\s\\S]))');
    const rest = this.pattern.slice(this.#pos + 1);
    const last = this.#frames.length === 1 && (rest === '' || (this.mode.verbose && /^(\s|#[^\n]*)*$/.test(rest)));
    if (!last) {
      this.#unsupportedByRe2('`$` before the end of the pattern', this.#pos);
      return this.#atom('$');
    }
    this.#trailingNewlineGroup = true;
    this.#atom('(\\n?)\\z');
  }

  /** `*`, `+`, `?` or `{m,n}` (already checked) at `#pos`, `length` characters, maybe lazy. */
  #quantifier(min: number, max: number, text: string, length = 1): void {
    const at = this.#pos;
    const lazy = this.pattern[at + length] === '?';
    const last = this.#last;
    if (last.kind === 'group' && last.choice && max > 1 && this.#nestedAt < 0) this.#nestedAt = at;
    if (min !== max) {
      this.#varying++;
      if (this.#firstVaryingAt < 0) this.#firstVaryingAt = at;
      this.#frame.choice = true;
    }
    if (this.dialect === 're2' && Math.max(min, max === Infinity ? 0 : max) > RE2_MAX_REPEAT) this.#unsupportedByRe2(`a repeat count above ${RE2_MAX_REPEAT}`, at);
    this.#emit(lazy ? `${text}?` : text, lazy ? length + 1 : length);
    this.#last = { kind: 'quantifier' };
  }

  /** One escape at `#pos` (a backslash). */
  #escape(): void {
    const at = this.#pos;
    const c = this.pattern[at + 1];
    if (c !== undefined && /[1-9]/.test(c) && !(OCTAL.test(c) && /^[0-7]{2}$/.test(this.pattern.slice(at + 2, at + 4)))) {
      this.#pos += 2;
      return this.#backReference(c, at);
    }
    this.#atom(this.#escapeText(false), 0);
  }

  /** The source for one escape at `#pos` (not a group reference), advancing past it. */
  #escapeText(inClass: boolean): string {
    const p = this.pattern;
    const re2 = this.dialect === 're2';
    const at = this.#pos;
    const c = p[at + 1];
    if (c === undefined) fail(p, 'bad escape (end of pattern)', at);
    this.#pos += 2;
    if (/[0-9]/.test(c)) return this.#octalEscape(c, at);
    if (c === 'A' || c === 'Z') {
      if (inClass) fail(p, `bad escape \\${c}`, at);
      if (re2) return c === 'A' ? '\\A' : '\\z';
      return c === 'A' ? '(?<![\\s\\S])' : '(?![\\s\\S])';
    }
    if (c === 'a') return codePointEscape(7, this.dialect);
    if (c === 'x' || c === 'u' || c === 'U') {
      const len = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      const hex = p.slice(this.#pos, this.#pos + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) fail(p, `incomplete escape \\${c}${hex}`, at);
      this.#pos += len;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) fail(p, `bad escape \\${c}${hex}`, at);
      return codePointEscape(cp, this.dialect);
    }
    if (c === 'b' && inClass) return codePointEscape(8, this.dialect);
    if (c === 's' || c === 'S') {
      if (!re2) return `\\${c}`;
      const set = c === 's' ? JS_SPACE : JS_NON_SPACE;
      return inClass ? set : `[${set}]`;
    }
    if (ESCAPES_KEPT.has(c)) return `\\${c}`;
    if (c === 'N') fail(p, 'named characters \\N{...} are not supported', at);
    if (/[A-Za-z]/.test(c)) fail(p, `bad escape \\${c}`, at);
    // NOTE: RE2 takes `\` before ASCII punctuation only; Python before any other character
    if (re2 && c.charCodeAt(0) > 0x7f) return codePointEscape(c.codePointAt(0)!, this.dialect);
    return `\\${c}`;
  }

  /** `\0` or octal `\ooo` (a lone `\1`..`\99` outside a class is a group reference). */
  #octalEscape(first: string, at: number): string {
    const p = this.pattern;
    const next = p.slice(this.#pos, this.#pos + 2);
    if (first === '0') {
      const oct = /^[0-7]{0,2}/.exec(next)![0];
      this.#pos += oct.length;
      return codePointEscape(parseInt(`0${oct}`, 8), this.dialect);
    }
    if (OCTAL.test(first) && /^[0-7]{2}$/.test(next)) {
      const value = parseInt(first + next, 8);
      if (value > 0o377) fail(p, `octal escape value \\${first}${next} outside of range 0-0o377`, at);
      this.#pos += 2;
      return codePointEscape(value, this.dialect);
    }
    // NOTE: outside a class `\1`..`\99` never get here (#escape reads them as group references)
    return fail(p, `bad escape \\${first}`, at);
  }

  /** `\1`..`\99` after the backslash and first digit were read. */
  #backReference(first: string, at: number): void {
    const p = this.pattern;
    const digits = /^[0-9]/.test(p[this.#pos] ?? '') ? first + p[this.#pos] : first;
    this.#pos += digits.length - 1;
    const group = Number(digits);
    if (group > this.#groups) fail(p, `invalid group reference ${digits}`, at + 1);
    // NOTE: `(?:)` ends the reference, so a digit after it stays a literal as in Python
    this.#reference(group, `\\${digits}(?:)`, at);
  }

  /** A back-reference emitted as `text`: what it matches varies when its group's does. */
  #reference(group: number, text: string, at: number): void {
    this.#unsupportedByRe2('a back-reference', at);
    // NOTE: a reference inside its own group (not closed yet) counts as varying
    const choice = this.#groupChoice.get(group) ?? true;
    if (choice) {
      this.#varying++;
      if (this.#firstVaryingAt < 0) this.#firstVaryingAt = at;
      this.#frame.choice = true;
    }
    this.#out += text;
    this.#last = { kind: 'group', choice };
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
      if (p[this.#pos] === '\\') out += this.#escapeText(true);
      else {
        const ch = p[this.#pos++]!;
        out += this.dialect === 're2' && ch === '[' ? '\\[' : ch;
      }
    }
    if (this.#pos >= p.length) fail(p, 'unterminated character set', start);
    this.#out += `${out}]`;
    this.#pos++;
    this.#last = { kind: 'atom' };
  }

  #group(): void {
    const p = this.pattern;
    const re2 = this.dialect === 're2';
    const at = this.#pos;
    const rest = p.slice(at);
    const named = /^\(\?P<([^>]*)>/.exec(rest);
    if (named) {
      const name = named[1]!;
      if (!/^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(name)) fail(p, `bad character in group name ${JSON.stringify(name)}`, at + 4);
      this.#groups++;
      this.#names.set(name, this.#groups);
      return this.#open(re2 ? `(?P<${name}>` : `(?<${name}>`, named[0].length, this.#groups);
    }
    const backref = /^\(\?P=([^)]*)\)/.exec(rest);
    if (backref) {
      const group = this.#names.get(backref[1]!);
      if (group === undefined) fail(p, `unknown group name '${backref[1]}'`, at + 4);
      this.#pos += backref[0].length;
      return this.#reference(group, `\\k<${backref[1]}>`, at);
    }
    if (rest.startsWith('(?#')) {
      const end = p.indexOf(')', at);
      if (end < 0) fail(p, 'missing ), unterminated comment', at);
      this.#pos = end + 1;
      return;
    }
    if (rest.startsWith('(?:')) return this.#open('(?:', 3, undefined);
    for (const look of ['(?=', '(?!', '(?<=', '(?<!']) {
      if (rest.startsWith(look)) {
        this.#unsupportedByRe2('a lookaround', at);
        return this.#open(look, look.length, undefined);
      }
    }
    if (rest.startsWith('(?>')) fail(p, 'atomic groups are not supported', at);
    if (rest.startsWith('(?(')) fail(p, 'conditional groups are not supported', at);
    if (/^\(\?[-aiLmsux]+:/.test(rest)) fail(p, 'scoped inline flags are not supported', at);
    if (/^\(\?[aiLmsux]+\)/.test(rest)) fail(p, 'global flags not at the start of the expression', at);
    if (rest.startsWith('(?')) fail(p, `unknown extension ${rest.slice(1, 3)}`, at);
    this.#groups++;
    this.#open('(', 1, this.#groups);
  }

  #open(text: string, advance: number, capture: number | undefined): void {
    this.#emit(text, advance);
    this.#frames.push({ choice: false, capture });
    this.#last = { kind: 'none' };
  }

  #close(): void {
    // An unbalanced `)` is left for the engine to refuse, as Python does.
    if (this.#frames.length === 1) return this.#atom(')');
    const frame = this.#frames.pop()!;
    if (frame.capture !== undefined) this.#groupChoice.set(frame.capture, frame.choice);
    if (frame.choice) this.#frame.choice = true;
    this.#emit(')');
    this.#last = { kind: 'group', choice: frame.choice };
  }

  /** `{,n}` is `{0,n}` in Python 3.11; a brace that is no quantifier is a literal in both. */
  #brace(): void {
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(this.pattern.slice(this.#pos));
    if (!m || (m[1] === '' && m[2] === '')) return this.#atom(this.dialect === 're2' ? '\\{' : '{');
    if (this.pattern[this.#pos + m[0].length] === '+') fail(this.pattern, 'possessive quantifiers are not supported', this.#pos);
    const min = m[1] === '' ? 0 : Number(m[1]);
    const max = m[2] === '' ? min : m[3] === '' ? Infinity : Number(m[3]);
    this.#quantifier(min, max, m[1] === '' ? `{0${m[2]}${m[3]}}` : m[0], m[0].length);
  }
}

/**
 * Translates a Python 3.11 `re` pattern for V8 (`js`) or RE2 (`re2`).
 * @throws PythonRegexError for a pattern Python refuses or JavaScript cannot express.
 */
export function translatePythonPattern(pattern: string, dialect: RegexDialect = 'js'): TranslatedPattern {
  let start = 0;
  let letters = '';
  for (let m = GLOBAL_FLAGS.exec(pattern); m; m = GLOBAL_FLAGS.exec(pattern.slice(start))) {
    letters += m[1];
    start += m[0].length;
  }
  if (letters.includes('L')) fail(pattern, 'bad inline flags: cannot use \'L\' flag with a str pattern', 0);
  if (letters.includes('a') && letters.includes('u')) fail(pattern, "bad inline flags: flags 'a', 'u' and 'L' are incompatible", 0);
  const mode: Mode = { ignoreCase: letters.includes('i'), multiline: letters.includes('m'), dotAll: letters.includes('s'), verbose: letters.includes('x') };
  const t = new Translator(pattern, mode, start, dialect).run();
  const flags = mode.ignoreCase ? 'i' : '';
  return dialect === 're2' ? { ...t, source: `${flags ? '(?i)' : ''}${t.source}`, flags } : { ...t, flags };
}
