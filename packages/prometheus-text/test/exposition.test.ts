import { describe, expect, it } from 'vitest';
import { escapeLabelValue, formatFloatValue, formatPlainValue, renderFamilies, sanitizeMetricName } from '../src/index.js';

describe('values', () => {
  it('formats values like prometheus_client (repr of the float, Go specials)', () => {
    expect([1, 0.5, 1e16, 1.5e-5, 0.0001, NaN, Infinity, -Infinity, 0].map(formatFloatValue)).toEqual([
      '1.0', '0.5', '1e+16', '1.5e-05', '0.0001', 'NaN', '+Inf', '-Inf', '0.0',
    ]);
  });

  it('formats values as JavaScript prints them for the publisher, with the same specials', () => {
    expect([1, 0.5, NaN, Infinity, -Infinity].map(formatPlainValue)).toEqual(['1', '0.5', 'NaN', '+Inf', '-Inf']);
  });
});

describe('names', () => {
  it('makes metric names valid and escapes label values', () => {
    expect(sanitizeMetricName('hardware.ipmi/fan:speed')).toBe('hardware_ipmi_fan:speed');
    expect(sanitizeMetricName('1min')).toBe('_1min');
    expect(sanitizeMetricName('')).toBe('_');
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});

describe('renderFamilies', () => {
  const families = [
    { name: 'up', help: 'a\\b\nc', type: 'gauge' as const, points: [{ labels: [['a', 'x'], ['b', 'y"']] as const, value: 1 }] },
    { name: 'n', points: [{ labels: [], value: 2, suffix: '_total' }] },
  ];

  it('writes HELP and TYPE when given, labels and values as prometheus_client', () => {
    expect(renderFamilies(families)).toBe('# HELP up a\\\\b\\nc\n# TYPE up gauge\nup{a="x",b="y\\""} 1.0\nn_total 2.0\n');
  });

  it('takes the label separator and the value spelling from the caller', () => {
    expect(renderFamilies(families.slice(0, 1), { labelSeparator: ', ', formatValue: formatPlainValue })).toContain('up{a="x", b="y\\""} 1\n');
  });
});
