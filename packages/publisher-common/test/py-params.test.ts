import { describe, expect, it } from 'vitest';
import { boolFromString, parseQs, popParam, pyInt, urlencodeQs } from '../src/index.js';

describe('Python-style URL parameters', () => {
  it('parse_qs drops blank values and keeps repeats in order; popParam takes the last', () => {
    const params = parseQs('a=1&b=&a=2&c=x%20y');
    expect([...params]).toEqual([['a', ['1', '2']], ['c', ['x y']]]);
    expect(popParam(params, 'a')).toBe('2');
    expect(popParam(params, 'a')).toBeUndefined();
    expect(urlencodeQs(params)).toBe('c=x+y');
  });

  it('int() accepts what Python accepts', () => {
    expect(pyInt(' 10 ')).toBe(10);
    expect(pyInt('1_000')).toBe(1000);
    expect(pyInt('-3')).toBe(-3);
    expect(pyInt('1.5')).toBeUndefined();
    expect(pyInt('')).toBeUndefined();
    expect(pyInt(undefined)).toBeUndefined();
  });

  it('bool_from_string, lenient and strict', () => {
    expect(boolFromString('YES')).toBe(true);
    expect(boolFromString('maybe')).toBe(false);
    expect(boolFromString('maybe', true)).toBeUndefined();
    expect(boolFromString('off', true)).toBe(false);
    expect(boolFromString(true)).toBe(true);
  });
});
