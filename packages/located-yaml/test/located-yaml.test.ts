import { describe, expect, it } from 'vitest';
import { ConfigError } from '@ceilometer-ts/sdk';
import { formatYamlPath, loadLocatedYaml, parseLocatedYaml } from '../src/index.js';

const text = `---
sources:
    - name: a
      interval: 60
      meters:
        - cpu
    - name: b
      interval: 5m
`;

describe('parseLocatedYaml', () => {
  it('returns plain values and the line of keys and items', () => {
    const doc = parseLocatedYaml(text, 'polling.yaml');
    expect(doc.value).toEqual({ sources: [{ name: 'a', interval: 60, meters: ['cpu'] }, { name: 'b', interval: '5m' }] });
    expect(doc.lineOf(['sources'])).toBe(2);
    expect(doc.lineOf(['sources', 1])).toBe(7);
    expect(doc.lineOf(['sources', 1, 'interval'])).toBe(8);
    expect(doc.lineOf(['sources', 0, 'meters'])).toBe(5);
    expect(doc.lineOf(['sources', 0, 'meters', 0])).toBe(6);
    // missing: nearest ancestor
    expect(doc.lineOf(['sources', 1, 'meters'])).toBe(7);
    expect(doc.issue(['sources', 1, 'interval'], 'bad')).toEqual({ file: 'polling.yaml', line: 8, path: 'sources[1].interval', message: 'bad' });
  });

  it('behaves like PyYAML safe_load (YAML 1.1, duplicate keys, empty document)', () => {
    expect(parseLocatedYaml('a: yes\nb: 0755\na: 2\n', 'f').value).toEqual({ a: 2, b: 493 });
    expect(parseLocatedYaml('', 'f').value).toBeNull();
  });

  it('reports syntax errors with file and line', () => {
    try {
      parseLocatedYaml('a: [1, 2\nb: c\n', 'x.yaml');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues[0]).toMatchObject({ file: 'x.yaml', line: 2, path: '(syntax)' });
    }
  });

  it('reports a missing file', async () => {
    await expect(loadLocatedYaml('/nonexistent/p.yaml')).rejects.toThrow('/nonexistent/p.yaml:?: (file): file not found');
  });
});

describe('formatYamlPath', () => {
  it('formats keys and indexes', () => {
    expect(formatYamlPath(['sources', 1, 'interval'])).toBe('sources[1].interval');
    expect(formatYamlPath(['a.b', 0])).toBe('["a.b"][0]');
    expect(formatYamlPath([])).toBe('(root)');
  });
});

describe('PyYAML boolean parity', () => {
  it('reads yes/no/on/off/true/false as booleans but y/n as strings, as PyYAML safe_load', () => {
    const { value } = parseLocatedYaml('a: y\nb: n\nc: yes\nd: On\ne: Y\nf: FALSE\nn: 1\n', 'x.yaml');
    expect(value).toEqual({ a: 'y', b: 'n', c: true, d: true, e: 'Y', f: false, n: 1 });
  });
});

describe('alias bombs', () => {
  const bomb = [
    'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]',
    'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    '',
  ].join('\n');

  it('refuses them as a config error naming file and line (regression: a bare ReferenceError)', () => {
    expect(() => parseLocatedYaml(bomb, 'pipeline.yaml')).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: pipeline.yaml:2: (aliases): aliases expand to more than 1000 nodes (a YAML alias bomb?); refused]`,
    );
    expect(() => parseLocatedYaml(bomb, 'pipeline.yaml')).toThrow(expect.objectContaining({ code: 'CEILO_ERR_CONFIG_INVALID' }));
  });

  it('still reads ordinary aliases and merge keys, locating merged keys at the merge', () => {
    const doc = parseLocatedYaml('base: &base\n  interval: 60\nsrc:\n  <<: *base\n  name: x\n', 'polling.yaml');
    expect(doc.value).toEqual({ base: { interval: 60 }, src: { interval: 60, name: 'x' } });
    expect(doc.lineOf(['src', 'interval'])).toBe(4);
  });
});
