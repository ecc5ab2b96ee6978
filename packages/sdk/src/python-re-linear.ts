/**
 * The linear-time engine for the Python patterns V8 could backtrack on for seconds: RE2 (through
 * `re2js`, a pure-JavaScript port), which runs in time proportional to pattern times input and
 * picks the same match as a backtracking engine (leftmost, then the first alternative, greedy or
 * lazy as written). It works on code points, as Python does. Matches come back shaped as V8's.
 */
import { RE2JS, type Matcher } from 're2js';
import { PythonRegexError } from './errors.js';
import type { TranslatedPattern } from './python-re-translate.js';

/** A pattern compiled for RE2, answering as a RegExp would. */
export class LinearRegex {
  readonly #re: RE2JS;
  readonly #groups: number;
  readonly #trailingNewlineGroup: boolean;

  /** @throws PythonRegexError when RE2 refuses the translated source. */
  constructor(readonly pattern: string, readonly translated: TranslatedPattern) {
    try {
      this.#re = RE2JS.compile(translated.source);
    } catch (err) {
      throw new PythonRegexError(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`, { cause: err });
    }
    this.#groups = translated.groups;
    this.#trailingNewlineGroup = translated.trailingNewlineGroup;
  }

  /** `re.match`: anchored at the start of `text`. */
  match(text: string): RegExpExecArray | null {
    const m = this.#re.matcher(text);
    return m.lookingAt() ? this.#result(m, text) : null;
  }

  /** `re.search`: the first match anywhere. */
  search(text: string): RegExpExecArray | null {
    const m = this.#re.matcher(text);
    return m.find() ? this.#result(m, text) : null;
  }

  /** Every non-overlapping match, left to right, as `re.finditer` (an empty match may follow a non-empty one). */
  *matches(text: string): Generator<RegExpExecArray> {
    const m = this.#re.matcher(text);
    while (m.find()) yield this.#result(m, text);
  }

  #result(m: Matcher, text: string): RegExpExecArray {
    const start = m.start(0);
    // NOTE: the `(\n?)\z` that stands for a final `$` is not part of Python's match
    const end = m.end(0) - (this.#trailingNewlineGroup ? (m.group(this.#groups + 1) ?? '').length : 0);
    const groups: (string | undefined)[] = [text.slice(start, end)];
    for (let g = 1; g <= this.#groups; g++) groups.push(m.group(g) ?? undefined);
    // NOTE: V8's exec arrays also hold undefined for groups that did not take part
    return Object.assign(groups, { index: start, input: text, groups: undefined }) as RegExpExecArray;
  }
}
