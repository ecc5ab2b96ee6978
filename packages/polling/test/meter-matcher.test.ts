import { describe, expect, it } from 'vitest';
import { checkSourceFiltering, fnmatch, isSupported, MeterMatcher } from '../src/index.js';

describe('fnmatch', () => {
  it('follows Python fnmatchcase', () => {
    expect(fnmatch('disk.device.read.bytes', 'disk.*')).toBe(true);
    expect(fnmatch('diskXdevice', 'disk.*')).toBe(false);
    expect(fnmatch('cpu', 'cp?')).toBe(true);
    expect(fnmatch('cpu_l3', 'cpu_l[0-9]')).toBe(true);
    expect(fnmatch('cpu_la', 'cpu_l[!0-9]')).toBe(true);
    expect(fnmatch('a]', 'a[]]')).toBe(true);
    expect(fnmatch('a[', 'a[')).toBe(true);
    expect(fnmatch('a+b', 'a+b')).toBe(true);
    expect(fnmatch('CPU', 'cpu')).toBe(false);
  });
});

describe('source meter rules', () => {
  it('checks mixing as upstream', () => {
    expect(checkSourceFiltering([], 'meters')).toBe('No meters specified');
    expect(checkSourceFiltering(['cpu', '!disk.*'], 'meters')).toBe('Both included and excluded meters specified');
    expect(checkSourceFiltering(['*', 'cpu'], 'meters')).toBe('Included meters specified with wildcard');
    expect(checkSourceFiltering(['*', '!cpu'], 'meters')).toBeUndefined();
    expect(checkSourceFiltering(['!cpu', '!disk.*'], 'meters')).toBeUndefined();
    expect(checkSourceFiltering(['cpu', 'disk.*'], 'meters')).toBeUndefined();
  });

  it('matches: deny first, then allow, only-exclusions allow the rest', () => {
    expect(isSupported(['*'], 'cpu')).toBe(true);
    expect(isSupported(['*', '!cpu'], 'cpu')).toBe(false);
    expect(isSupported(['*', '!cpu'], 'memory')).toBe(true);
    expect(isSupported(['!disk.*'], 'disk.read')).toBe(false);
    expect(isSupported(['!disk.*'], 'cpu')).toBe(true);
    expect(isSupported(['cpu', 'disk.*'], 'disk.read')).toBe(true);
    expect(isSupported(['cpu', 'disk.*'], 'memory')).toBe(false);
  });

  it('lists literal names', () => {
    expect(new MeterMatcher(['cpu', 'disk.*', '!x', 'm?']).literalNames()).toEqual(['cpu']);
  });
});
