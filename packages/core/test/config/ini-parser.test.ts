import { describe, expect, it } from 'vitest';
import { parseIni } from '../../src/config/index.js';

const sections = (text: string) => {
  const result = parseIni(text, 'x.conf');
  if (!result.ok) throw new Error(result.issue.message);
  return Object.fromEntries([...result.ini.sections].map(([s, keys]) => [s, Object.fromEntries([...keys].map(([k, v]) => [k, v.map((e) => `${e.line}:${e.value}`)]))]));
};
const issue = (text: string) => {
  const result = parseIni(text, 'x.conf');
  return result.ok ? undefined : result.issue;
};

describe('parseIni', () => {
  it('splits on the first of = and :, strips values and one pair of quotes', () => {
    expect(sections('[DEFAULT]\na = b:c\nd: e=f\ng = "h"  \ni = \'j\n')).toEqual({
      DEFAULT: { a: ['2:b:c'], d: ['3:e=f'], g: ['4:h'], i: ["5:'j"] },
    });
  });

  it('keeps repeated keys and joins continuation lines until a blank line', () => {
    expect(sections('[S]\nk = 1\n  more\nk = 2\n\n[s]\nk=3\n')).toEqual({ s: { k: ['2:1\nmore', '4:2', '7:3'] } });
  });

  it('reports syntax errors with the line', () => {
    expect(issue('k = v\n')).toEqual({ file: 'x.conf', line: 1, path: '(syntax)', message: 'section must be started before assignment: "k"' });
    expect(issue('[DEFAULT]\njust words\n')).toMatchObject({ line: 2, message: 'no \':\' or \'=\' found in assignment: "just words"' });
    expect(issue('  indented first\n')).toMatchObject({ line: 1, message: 'unexpected continuation line: "  indented first"' });
    expect(issue('[DEFAULT\n')).toMatchObject({ line: 1, message: 'invalid section (must end with ]): "[DEFAULT"' });
    expect(issue('[DEFAULT]\n= v\n')).toMatchObject({ line: 2, message: 'key cannot be empty: "= v"' });
  });
});
