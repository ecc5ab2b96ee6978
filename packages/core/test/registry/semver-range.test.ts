import { describe, expect, it } from 'vitest';
import { compareVersions, isValidRange, parseVersion, satisfies } from '../../src/registry/index.js';

describe('satisfies', () => {
  it.each([
    ['1.2.3', '^1.0.0', true], ['2.0.0', '^1.0.0', false], ['0.1.5', '^0.1.0', true], ['0.2.0', '^0.1.0', false],
    ['0.0.3', '^0.0.3', true], ['0.0.4', '^0.0.3', false], ['1.2.9', '~1.2.3', true], ['1.3.0', '~1.2.3', false],
    ['1.9.0', '~1', true], ['1.0.0', '>=1.0.0', true], ['0.9.9', '>=1.0.0', false], ['1.4.0', '>=1.2 <1.5', true],
    ['1.5.0', '>=1.2 <1.5', false], ['1.5.0', '1.x', true], ['2.0.0', '1.x', false], ['1.2.7', '1.2.*', true],
    ['3.0.0', '*', true], ['3.0.0', '', true], ['1.0.0', '^2.0.0 || ^1.0.0', true], ['3.0.0', '^2.0.0 || ^1.0.0', false],
    ['1.0.0', '1.0.0', true], ['1.0.1', '=1.0.0', false], ['1.5.0', '1.0.0 - 2.0.0', true], ['2.0.1', '1.0.0 - 2.0.0', false],
    ['2.0.0', '>1', true], ['1.9.0', '>1', false], ['1.9.0', '<=1', true], ['2.0.0', '<=1', false],
    ['2.0.0-beta.1', '^1.0.0', false], ['2.0.0-beta.1', '^2.0.0', false], ['2.0.0-beta.2', '^2.0.0-beta.1', true],
    ['2.0.0', '^2.0.0-beta.1', true], ['2.1.0-rc.1', '^2.0.0-beta.1', false], ['1.0.0', 'nonsense', false],
  ])('%s satisfies %s: %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('validates ranges and versions', () => {
    expect(isValidRange('^1.2 || >=3')).toBe(true);
    expect(isValidRange('latest')).toBe(false);
    expect(parseVersion('1.2')).toBeUndefined();
    expect(compareVersions(parseVersion('1.0.0-alpha')!, parseVersion('1.0.0-alpha.1')!)).toBeLessThan(0);
    expect(compareVersions(parseVersion('1.0.0-beta.11')!, parseVersion('1.0.0-beta.2')!)).toBeGreaterThan(0);
    expect(compareVersions(parseVersion('1.0.0-rc.1')!, parseVersion('1.0.0')!)).toBeLessThan(0);
  });
});
