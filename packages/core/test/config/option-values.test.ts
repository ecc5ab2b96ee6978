import type { OptionDeclaration, OptionType } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { convertOptionValue, convertTypedValue } from '../../src/config/index.js';

const decl = (type: OptionType, extra: Partial<OptionDeclaration> = {}): OptionDeclaration => ({
  group: 'DEFAULT',
  name: 'x',
  type,
  help: 'x',
  ...extra,
});
const value = (type: OptionType, raw: string, extra?: Partial<OptionDeclaration>) => {
  const result = convertOptionValue(decl(type, extra), raw);
  return result.ok ? result.value : `error: ${result.message}`;
};

describe('convertOptionValue', () => {
  it('accepts oslo boolean spellings in any case', () => {
    for (const raw of ['true', 'True', '1', 'on', 'YES']) expect(value('boolean', raw)).toBe(true);
    for (const raw of ['false', '0', 'Off', 'no']) expect(value('boolean', raw)).toBe(false);
    expect(value('boolean', 'y')).toMatch(/^error: expected a boolean/);
    expect(value('boolean', '')).toMatch(/^error/);
  });

  it('parses integers like Python int() and treats empty as unset', () => {
    expect(value('integer', ' 42 ')).toBe(42);
    expect(value('integer', '-3')).toBe(-3);
    expect(value('integer', '1_000')).toBe(1000);
    expect(value('integer', '')).toBeUndefined();
    expect(value('integer', '1.5')).toBe('error: expected an integer, got "1.5"');
    expect(value('integer', '5', { choices: ['1', '5'] })).toBe(5);
    expect(value('integer', '4', { choices: ['1', '5'] })).toBe('error: expected one of [1, 5], got "4"');
  });

  it('parses floats and ports', () => {
    expect(value('float', '1e3')).toBe(1000);
    expect(value('float', '.5')).toBe(0.5);
    expect(value('float', 'abc')).toBe('error: expected a floating point number, got "abc"');
    expect(value('port', '0')).toBe(0);
    expect(value('port', '65536')).toBe('error: should be less than or equal to 65535, got "65536"');
    expect(value('port', '80', { min: 1024 })).toBe('error: should be greater than or equal to 1024, got "80"');
  });

  it('splits lists and dicts as oslo does', () => {
    expect(value('list', ' a , b,,c ,')).toEqual(['a', 'b', '', 'c']);
    expect(value('list', '')).toEqual([]);
    expect(value('dict', 'a:1, b : 2')).toEqual({ a: '1', b: '2' });
    expect(value('dict', 'a,b:1')).toEqual({ 'a,b': '1' });
    expect(value('dict', 'a:1,b')).toBe('error: expected NAME:VALUE pairs separated by ",", got "a:1,b"');
    expect(value('dict', 'a:1,a:2')).toBe('error: duplicate key a, got "a:1,a:2"');
  });

  it('checks URIs, host addresses and durations', () => {
    expect(value('uri', 'rabbit://openstack:secret@123@127.0.0.1:5672/')).toBe('rabbit://openstack:secret@123@127.0.0.1:5672/');
    expect(value('uri', 'http://[::1]:5000/v3')).toBe('http://[::1]:5000/v3');
    expect(value('uri', '127.0.0.1:5672')).toMatch(/^error: expected a URI/);
    expect(value('hostaddress', 'compute-1.example.org')).toBe('compute-1.example.org');
    expect(value('hostaddress', '10.0.0.1')).toBe('10.0.0.1');
    expect(value('hostaddress', 'fe80::1')).toBe('fe80::1');
    expect(value('hostaddress', '10.0.0.300')).toMatch(/^error: expected an IP address or host name/);
    expect(value('hostaddress', '-bad-')).toMatch(/^error/);
    expect(value('duration', '600')).toBe(600);
    expect(value('duration', '30s')).toBe(30);
    expect(value('duration', '5m')).toBe(300);
    expect(value('duration', '1h 30m')).toBe(5400);
    expect(value('duration', 'soon')).toBe('error: expected a duration (seconds, or like 30s, 5m, 1h), got "soon"');
    expect(value('duration', '10m', { max: 300 })).toBe('error: should be less than or equal to 300, got "10m"');
  });

  it('checks string choices exactly', () => {
    expect(value('string', 'naive', { choices: ['naive'] })).toBe('naive');
    expect(value('string', 'Naive', { choices: ['naive'] })).toBe('error: expected one of [naive], got "Naive"');
  });
});

describe('convertTypedValue', () => {
  it('validates typed defaults and overrides', () => {
    expect(convertTypedValue(decl('integer', { min: 1 }), 0)).toEqual({ ok: false, message: 'should be greater than or equal to 1, got "0"' });
    expect(convertTypedValue(decl('boolean'), 'yes')).toEqual({ ok: true, value: true });
    expect(convertTypedValue(decl('list'), ['a'])).toEqual({ ok: true, value: ['a'] });
    expect(convertTypedValue(decl('multistring'), 'a')).toEqual({ ok: true, value: ['a'] });
    expect(convertTypedValue(decl('boolean'), 1)).toEqual({ ok: false, message: 'expected a boolean, got "1"' });
  });
});
