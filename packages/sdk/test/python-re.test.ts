import { describe, expect, it } from 'vitest';
import { PythonRegexError, compilePythonMatch, compilePythonRegex, compilePythonSub, pythonRegExp } from '@ceilometer-ts/sdk';
import { PYTHON_RE_CASES, type PythonReCase } from './fixtures/python-re-cases.js';

function answer([how, pattern, template, text]: PythonReCase): unknown {
  try {
    if (how === 'sub') return compilePythonSub(pattern, template!).apply(text);
    const m = how === 'match' ? compilePythonMatch(pattern).match(text) : compilePythonRegex(pattern).search(text);
    return m === null ? null : [...m].map((g) => g ?? null);
  } catch (err) {
    if (err instanceof PythonRegexError) return 'error';
    throw err;
  }
}

describe('Python 3.11 re, translated', () => {
  it.each(PYTHON_RE_CASES)('%s %j (template %j) on %j answers as Python', (...c) => {
    expect(answer(c)).toEqual(c[4]);
  });

  it.each([
    ['(?>a)', 'atomic groups are not supported'],
    ['a*+', 'possessive quantifiers are not supported'],
    ['a{2}+', 'possessive quantifiers are not supported'],
    ['(?i:a)b', 'scoped inline flags are not supported'],
    ['(?(1)a|b)', 'conditional groups are not supported'],
    ['\\N{DIGIT ONE}', 'named characters \\N{...} are not supported'],
  ])('refuses %j, which JavaScript cannot express, with a code', (pattern, reason) => {
    expect(() => pythonRegExp(pattern)).toThrow(expect.objectContaining({ code: 'CEILO_ERR_PYTHON_REGEX', message: expect.stringContaining(reason) }));
  });

  it('names the pattern and the position in the message', () => {
    expect(() => pythonRegExp('ab\\q')).toThrow('invalid regular expression "ab\\\\q": bad escape \\q at position 2');
    expect(() => compilePythonSub('(a)', '\\2')).toThrow('invalid group reference 2 in "\\\\2"');
  });

  it('re.match anchors at the start every time (a sticky RegExp reused)', () => {
    const re = compilePythonRegex('b');
    expect(re.match('ab')).toBeNull();
    expect(re.match('ba')?.[0]).toBe('b');
    expect(re.match('ba')?.[0]).toBe('b');
    expect(re.search('ab')?.index).toBe(1);
  });
});
