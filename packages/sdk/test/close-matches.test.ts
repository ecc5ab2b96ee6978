import { describe, expect, it } from 'vitest';
import { closeMatches, didYouMean, similarity } from '../src/close-matches.js';

// Expected values printed by Python 3.11's difflib (get_close_matches with the defaults, and with n=10, cutoff=0.3).
const CASES: [string, string[], string[], string[]][] = [
  ['cfg_fil', ['cfg_file', 'batch_size', 'partitioning_group_prefix'], ['cfg_file'], ['cfg_file', 'batch_size']],
  ['pollling', ['polling', 'publisher', 'notification', 'DEFAULT', 'oslo_messaging_rabbit'], ['polling'], ['polling', 'publisher', 'oslo_messaging_rabbit']],
  ['gnoci', ['gnocchi', 'notifier', 'file', 'http', 'https', 'udp', 'tcp', 'prometheus', 'test', 'opentelemetry'], ['gnocchi'], ['gnocchi', 'notifier']],
  ['comput', ['compute', 'central', 'ipmi'], ['compute'], ['compute', 'central']],
  ['apple', ['ape', 'apple', 'peach', 'puppy'], ['apple', 'ape'], ['apple', 'ape', 'puppy', 'peach']],
  ['wheel', ['while', 'what', 'whole', 'wheel', 'heel', 'hell'], ['wheel', 'heel', 'hell'], ['wheel', 'heel', 'hell', 'whole', 'while', 'what']],
  ['abc', ['xyz'], [], []],
  ['', ['a', ''], [''], ['']],
  ['unit_conversion', ['unit_conversion', 'rate_of_change', 'accumulator', 'aggregator', 'arithmetic', 'delta'], ['unit_conversion'], ['unit_conversion', 'rate_of_change', 'arithmetic']],
  ['ab', ['ba', 'ab ', 'ba '], ['ab '], ['ab ', 'ba', 'ba ']],
];

describe('closeMatches', () => {
  it.each(CASES)('%s: as difflib.get_close_matches', (word, possibilities, defaults, wide) => {
    expect(closeMatches(word, possibilities)).toEqual(defaults);
    expect(closeMatches(word, possibilities, { n: 10, cutoff: 0.3 })).toEqual(wide);
  });

  it('computes SequenceMatcher.ratio, popular characters of a long string included (autojunk)', () => {
    expect(similarity('abcd', 'bcda')).toBe(0.75);
    expect(similarity('ab'.repeat(150) + 'xyz', 'ba'.repeat(140) + 'xyq')).toBeCloseTo(0.006825938566552901, 15);
  });

  it('refuses a bad n or cutoff as difflib does', () => {
    expect(() => closeMatches('a', ['a'], { n: 0 })).toThrow(RangeError);
    expect(() => closeMatches('a', ['a'], { cutoff: 1.5 })).toThrow(RangeError);
  });
});

describe('didYouMean', () => {
  it('is a message suffix, empty when nothing is close', () => {
    expect(didYouMean('cfg_fil', ['cfg_file', 'batch_size'])).toBe('; did you mean cfg_file?');
    expect(didYouMean('pollling', ['polling', 'publisher'], (s) => `[${s}]`)).toBe('; did you mean [polling]?');
    expect(didYouMean('wheel', ['heel', 'hell', 'wheel '], undefined, 3)).toBe('; did you mean wheel , heel or hell?');
    expect(didYouMean('zzz', ['cfg_file'])).toBe('');
  });
});
