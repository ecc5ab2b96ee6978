/**
 * Python 3.11 `re` patterns for the places upstream configuration holds Python regular expressions
 * (meters.yaml `event_type`, jsonpath-rw-ext `~` and `sub()`, rocky's `map_from`), run so that no
 * input can hold the event loop.
 *
 * The pattern is translated token by token (python-re-translate.ts) so that what differs between
 * the engines means what Python means:
 * - `(?P<n>...)`, `(?P=n)`, `(?#...)`; leading inline flags `(?imsx)` (also repeated), `(?a)`/`(?u)`
 *   accepted and `(?L)` refused as for str patterns;
 * - `\A`, `\Z` (the very end, even with `(?m)`), `^`/`$` (Python's `$` also matches before a final
 *   line feed; with `(?m)` both see only `\n` as a line end), `.` (everything but `\n`, so `\r` too);
 * - `(?x)` verbose patterns (blanks and `#` comments outside classes are dropped);
 * - `{,n}` (Python reads it as `{0,n}`), a leading `]` in a class (literal), `\a`, `\U`, octal escapes.
 * What JavaScript cannot do (atomic groups, possessive quantifiers, conditionals, scoped flags,
 * `\N{...}`) and what Python refuses (bad escapes, global flags after the start) throw
 * {@link PythonRegexError}. `\d`, `\w`, `\b` stay ASCII and `\s` is JavaScript's (Python's are
 * Unicode for str patterns).
 *
 * Bounded time (python-re-engine.ts): V8 backtracks, so `(a+)+$` on 30 `a`s and a `b` takes
 * seconds. While translating, the shape of the pattern is measured; V8 runs it only when its
 * backtracking is bounded (no quantifier repeating a group that can match in several ways; at
 * most one varying quantifier for `re.match`, none for `re.search`/`re.sub`), which is every
 * pattern upstream ships and keeps V8's speed on the hot path. Any other pattern runs on RE2
 * (`re2js`, linear time, same matches); one that also needs what RE2 lacks (back-references,
 * lookarounds, `$` before the end) is refused with a PythonRegexError when it is loaded.
 */
import { PythonRegexError } from './errors.js';
import { backtrackingRisk, boundedEngine, v8RegExp, type BoundedEngine } from './python-re-engine.js';
import { translatePythonPattern } from './python-re-translate.js';

export { translatePythonPattern, type PatternShape, type RegexDialect, type TranslatedPattern } from './python-re-translate.js';

/**
 * A Python pattern as a V8 RegExp with extra JS flags (`g`, `y`), for a pattern whose backtracking
 * is bounded however it is used; operator-supplied patterns go through {@link compilePythonRegex},
 * {@link compilePythonMatch} or `compilePythonSub`, which run the others on RE2.
 * @throws PythonRegexError for a pattern Python refuses, JavaScript cannot express or V8 could
 * backtrack on for long.
 */
export function pythonRegExp(pattern: string, jsFlags = ''): RegExp {
  const t = translatePythonPattern(pattern);
  const risk = backtrackingRisk(t.shape, 'search');
  if (risk !== undefined) throw new PythonRegexError(`invalid regular expression ${JSON.stringify(pattern)}: unbounded in a RegExp: ${risk}; compile it with compilePythonRegex`);
  return v8RegExp(pattern, t, jsFlags);
}

/** A compiled Python pattern with `re.match`. */
export interface PythonMatcher {
  readonly pattern: string;
  /** `re.match`: a match anchored at the start of `text`, or null. */
  match(text: string): RegExpExecArray | null;
}

/** A compiled Python pattern with `re.match` and `re.search`. */
export interface PythonRegex extends PythonMatcher {
  /** `re.search`: the first match anywhere in `text`, or null. */
  search(text: string): RegExpExecArray | null;
}

function matcherOn(pattern: string, engine: BoundedEngine): (text: string) => RegExpExecArray | null {
  if (engine.kind === 're2') return (text) => engine.regex.match(text);
  const sticky = v8RegExp(pattern, engine.translated, 'y');
  return (text) => {
    sticky.lastIndex = 0;
    return sticky.exec(text);
  };
}

function searcherOn(pattern: string, engine: BoundedEngine): (text: string) => RegExpExecArray | null {
  if (engine.kind === 're2') return (text) => engine.regex.search(text);
  const anywhere = v8RegExp(pattern, engine.translated);
  return (text) => anywhere.exec(text);
}

/**
 * Compiles a Python pattern once for `re.match` only (a meters.yaml `event_type`, a jsonpath `~`
 * filter): one varying quantifier anchored at the start stays on V8.
 * @throws PythonRegexError for a pattern Python refuses, JavaScript cannot express, or no engine
 * can run in bounded time.
 */
export function compilePythonMatch(pattern: string): PythonMatcher {
  return Object.freeze({ pattern, match: matcherOn(pattern, boundedEngine(pattern, 'match')) });
}

/**
 * Compiles a Python pattern once for `re.match` and `re.search`.
 * @throws PythonRegexError for a pattern Python refuses, JavaScript cannot express, or no engine
 * can run in bounded time.
 */
export function compilePythonRegex(pattern: string): PythonRegex {
  const match = matcherOn(pattern, boundedEngine(pattern, 'match'));
  const search = searcherOn(pattern, boundedEngine(pattern, 'search'));
  return Object.freeze({ pattern, match, search });
}

/**
 * The engine the compile functions choose for `use` of `pattern`: `v8` (bounded backtracking) or
 * `re2` (linear time, slower per match on short texts).
 * @throws PythonRegexError as they do.
 */
export function pythonRegexEngine(pattern: string, use: 'match' | 'search'): 'v8' | 're2' {
  return boundedEngine(pattern, use).kind;
}
