/**
 * No Python pattern can hold the event loop: shapes V8 would backtrack on for seconds run on RE2
 * (linear time), and those RE2 cannot run either are refused when they are compiled.
 */
import { describe, expect, it } from 'vitest';
import { PythonRegexError, compilePythonMatch, compilePythonRegex, compilePythonSub, translatePythonPattern } from '@ceilometer-ts/sdk';
import { LinearRegex } from '../src/python-re-linear.js';
import { PYTHON_RE_CASES } from './fixtures/python-re-cases.js';

/** Milliseconds `fn` takes. */
function timed(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

// `(a+)+$` on 30 `a`s and a `b` takes V8 (and Python) over a minute; RE2 well under a millisecond.
const EVIL = 'a'.repeat(30) + 'b';
const LONG = 'a'.repeat(100_000) + '\nb';
const BOUND_MS = 250;

describe('Python patterns run in bounded time', () => {
  it.each([
    ['(a+)+$', EVIL],
    ['(a|a)*b', 'a'.repeat(40)],
    ['(a?){30}a{30}', 'a'.repeat(30)],
    ['(\\w+\\s?)*$', 'an ordinary sentence that ends badly!'.repeat(3)],
    ['a.*b.*c', LONG],
    ['\\s+$', `x${' '.repeat(100_000)}x`],
  ])('re.match, re.search and re.sub with %j are quick', (pattern, text) => {
    const re = compilePythonRegex(pattern);
    const sub = compilePythonSub(pattern, 'x');
    expect(timed(() => re.match(text))).toBeLessThan(BOUND_MS);
    expect(timed(() => re.search(text))).toBeLessThan(BOUND_MS);
    expect(timed(() => sub.apply(text))).toBeLessThan(BOUND_MS);
  });

  it('answers as Python on a pathological pattern (and fast)', () => {
    expect(compilePythonRegex('(a+)+$').search(EVIL)).toBeNull();
    expect([...compilePythonRegex('(a+)+$').search(`b${'a'.repeat(30)}\n`)!]).toEqual(['a'.repeat(30), 'a'.repeat(30)]);
    expect(compilePythonSub('(a+)+$', '!').apply('baa\n')).toBe('b!\n');
  });

  it.each([
    ['(a+)+\\1', 'a back-reference at position 5'],
    ['(?=x)(a+)+$', 'a lookaround at position 0'],
    ['(a+)+$b', '`$` before the end of the pattern at position 5'],
    ['(a{1,2000})+', 'a repeat count above 1000 at position 2'],
  ])('refuses %j at compile, naming the risk and what keeps it off RE2', (pattern, missing) => {
    expect(() => compilePythonRegex(pattern)).toThrow(PythonRegexError);
    expect(() => compilePythonRegex(pattern)).toThrow('could hold the agent for seconds on a long input: the quantifier at position');
    expect(() => compilePythonRegex(pattern)).toThrow(`and ${missing} keeps it off the linear-time engine`);
  });

  it('keeps upstream\'s lookahead event type on V8: one quantifier anchored by re.match is bounded', () => {
    const re = compilePythonMatch('compute.instance.(?!create.start|update).*');
    expect(re.match('compute.instance.delete.end')?.[0]).toBe('compute.instance.delete.end');
    expect(timed(() => re.match(`compute.instance.${'x'.repeat(100_000)}`))).toBeLessThan(BOUND_MS);
    // searching it would be quadratic, and RE2 has no lookahead
    expect(() => compilePythonRegex('compute.instance.(?!create.start|update).*')).toThrow('a lookaround at position 17');
  });

  it('RE2 answers every case of the Python table it can run as Python does', () => {
    let ran = 0;
    for (const [how, pattern, template, text, expected] of PYTHON_RE_CASES) {
      let translated;
      try {
        translated = translatePythonPattern(pattern, 're2');
      } catch (err) {
        if (!(err instanceof PythonRegexError)) throw err;
        expect(expected, pattern).toBe('error');
        continue;
      }
      if (translated.shape.re2Unsupported !== undefined || expected === 'error') continue;
      const re = new LinearRegex(pattern, translated);
      if (how === 'sub') {
        // the template is checked by compilePythonSub's own cases; here only where the matches are
        const spans = [...re.matches(text)].map((m) => [m.index, m[0]]);
        const v8 = [...text.matchAll(new RegExp(translatePythonPattern(pattern).source, `g${translated.flags}`))].map((m) => [m.index, m[0]]);
        expect(spans, `${pattern} on ${JSON.stringify(text)}`).toEqual(v8);
      } else {
        const m = re[how](text);
        expect(m === null ? null : [...m].map((g) => g ?? null), `${how} ${pattern} on ${JSON.stringify(text)}`).toEqual(expected);
      }
      ran++;
    }
    expect(ran).toBeGreaterThan(60);
  });

  it('known difference of RE2: a group that can match empty inside a repeat keeps its last non-empty text', () => {
    // Python answers ['aab', ''] (one more, empty, iteration); the whole match is the same
    expect([...compilePythonRegex('(a*?)+b').search('aab')!]).toEqual(['aab', 'aa']);
  });
});
