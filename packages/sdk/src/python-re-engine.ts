/**
 * Which engine runs a Python pattern so that no input can hold the event loop: V8's RegExp when
 * the pattern's shape bounds its backtracking (no repeated group that can match in several ways;
 * at most one varying quantifier anchored at the start, none when searched), RE2 otherwise, and a
 * {@link PythonRegexError} at load when only RE2 would be bounded and RE2 cannot run the pattern.
 */
import { PythonRegexError } from './errors.js';
import { LinearRegex } from './python-re-linear.js';
import { translatePythonPattern, type PatternShape, type TranslatedPattern } from './python-re-translate.js';

/** How a pattern is used: anchored at the start (`re.match`) or anywhere (`re.search`, `re.sub`). */
export type PythonRegexUse = 'match' | 'search';

/** The engine chosen for one use of a pattern. */
export type BoundedEngine = { readonly kind: 'v8'; readonly translated: TranslatedPattern } | { readonly kind: 're2'; readonly regex: LinearRegex };

/** Why V8 could backtrack for long on this shape and use, or undefined when it cannot. */
export function backtrackingRisk(shape: PatternShape, use: PythonRegexUse): string | undefined {
  if (shape.nestedQuantifierAt >= 0) {
    return `the quantifier at position ${shape.nestedQuantifierAt} repeats a group that can match in several ways, so backtracking can take time exponential in the input's length`;
  }
  const allowed = use === 'match' ? 1 : 0;
  if (shape.varyingQuantifiers <= allowed) return undefined;
  const power = shape.varyingQuantifiers + (use === 'search' ? 1 : 0);
  return `${use === 'search' ? 'searched' : 'matched'} with ${shape.varyingQuantifiers} varying quantifier(s), the first at position ${shape.firstVaryingAt}, backtracking can take time up to the input's length to the power ${power}`;
}

/**
 * The engine for `use` of `pattern`.
 * @throws PythonRegexError for a pattern Python refuses or JavaScript cannot express, or one whose
 * backtracking is not bounded and that uses what RE2 lacks (back-references, lookarounds, ...).
 */
export function boundedEngine(pattern: string, use: PythonRegexUse): BoundedEngine {
  const translated = translatePythonPattern(pattern);
  const risk = backtrackingRisk(translated.shape, use);
  if (risk === undefined) return { kind: 'v8', translated };
  const forRe2 = translatePythonPattern(pattern, 're2');
  const missing = forRe2.shape.re2Unsupported;
  if (missing !== undefined) {
    throw new PythonRegexError(
      `invalid regular expression ${JSON.stringify(pattern)}: it could hold the agent for seconds on a long input: ${risk}, ` +
        `and ${missing.what} at position ${missing.at} keeps it off the linear-time engine; rewrite it without one or the other`,
    );
  }
  return { kind: 're2', regex: new LinearRegex(pattern, forRe2) };
}

/** The V8 RegExp of a translated pattern with extra JS flags (`g`, `y`). */
export function v8RegExp(pattern: string, translated: TranslatedPattern, jsFlags = ''): RegExp {
  try {
    return new RegExp(translated.source, [...new Set(translated.flags + jsFlags)].join(''));
  } catch (err) {
    throw new PythonRegexError(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`, { cause: err });
  }
}
