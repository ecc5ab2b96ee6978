/** The walkthrough parser: every block marked and used, or the page is refused. */
import { describe, expect, it } from 'vitest';
import { compareOutput, parseWalkthrough, WalkthroughFormatError } from './walkthrough.js';

const page = (...lines: string[]): string => lines.join('\n');

describe('parseWalkthrough', () => {
  it('reads file, run and output blocks in order, with their fence line', () => {
    const steps = parseWalkthrough(
      page('# t', '<!-- file: a/b.json -->', '```json', '{}', '```', 'text', '<!-- run -->', '', '```sh', 'echo hi', '```', '<!-- output: compare fields 1 3 -->', '```console', 'hi x y', '```'),
    );
    expect(steps).toEqual([
      { kind: 'file', path: 'a/b.json', text: '{}\n', line: 3 },
      { kind: 'run', text: 'echo hi\n', line: 9 },
      { kind: 'output', fields: [1, 3], text: 'hi x y\n', line: 13 },
    ]);
  });

  it.each([
    ['an unmarked block', page('text', '```sh', 'ls', '```'), /:2: code block without a walkthrough marker/],
    ['a marker followed by text', page('<!-- run -->', 'text', '```sh', 'ls', '```'), /:1: marker not followed by a code block/],
    ['a marker at the end', page('```sh', 'x', '```', '<!-- run -->'), /code block without a walkthrough marker|marker not followed/],
    ['an unknown marker', page('<!-- exec -->', '```sh', 'ls', '```'), /unknown walkthrough marker <!-- exec -->/],
    ['a file outside the work dir', page('<!-- file: ../x -->', '```', 'x', '```'), /must stay inside the work dir/],
    ['an unclosed block', page('<!-- run -->', '```sh', 'ls'), /never closed/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseWalkthrough(text, 'p.md')).toThrow(WalkthroughFormatError);
    expect(() => parseWalkthrough(text, 'p.md')).toThrow(message);
  });
});

describe('compareOutput', () => {
  it('matches lines with spaces collapsed, in any order, and reports what is missing or extra', () => {
    expect(compareOutput('a  b\nc d\n', 'c d\na b\n', null)).toEqual({ missing: [], unexpected: [] });
    expect(compareOutput('a b\n', 'a c\nz\n', null)).toEqual({ missing: ['a b'], unexpected: ['a c', 'z'] });
  });

  it('compares only the named fields and the field count', () => {
    expect(compareOutput('m 1.5 min host\n', 'm 99 min other\n', [1, 3])).toEqual({ missing: [], unexpected: [] });
    expect(compareOutput('m 1.5 min host\n', 'm 99 min\n', [1, 3]).missing).toEqual(['m 1.5 min host']);
  });
});
