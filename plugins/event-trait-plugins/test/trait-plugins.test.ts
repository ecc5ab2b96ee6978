import { describe, expect, it } from 'vitest';
import { BitfieldTraitPlugin, MapTraitPlugin, SplitterTraitPlugin, TimedeltaPlugin, TraitPluginParameterError } from '../src/index.js';

describe('split', () => {
  it('returns a segment per match, as upstream', () => {
    expect(new SplitterTraitPlugin({}).traitValues([['publisher_id', 'compute.host-1.example']])).toEqual(['compute']);
    expect(new SplitterTraitPlugin({ segment: 1, max_split: 1 }).traitValues([['p', 'compute.host-1.example']])).toEqual(['host-1.example']);
    expect(new SplitterTraitPlugin({ separator: '-', segment: -1 }).traitValues([['p', 'a-b-c']])).toEqual(['c']);
    expect(new SplitterTraitPlugin({ segment: 5 }).traitValues([['p', 'a.b']])).toEqual([null]);
    expect(new SplitterTraitPlugin({}).traitValues([['q', 12.5]])).toEqual(['12']);
    expect(new SplitterTraitPlugin().supportReturnAllValues).toBe(true);
  });
});

describe('bitfield', () => {
  const plugin = new BitfieldTraitPlugin({
    initial_bitfield: 16,
    flags: [{ path: 'payload.a', bit: 0 }, { path: 'payload.b', bit: 1, value: 1 }, { path: 'payload.c', bit: 2, value: 'x' }],
  });
  it('sets bits for present fields and matching values', () => {
    expect(plugin.traitValues([['payload.a', 'anything'], ['payload.b', 1.0], ['payload.c', 'y']])).toEqual([16 | 1 | 2]);
    expect(plugin.traitValues([['payload.b', true], ['payload.c', 'x']])).toEqual([16 | 2 | 4]);
    expect(plugin.traitValues([])).toEqual([16]);
  });
  it('refuses malformed flags', () => {
    expect(() => new BitfieldTraitPlugin({ flags: [{ bit: 1 }] })).toThrow(TraitPluginParameterError);
  });
});

describe('timedelta', () => {
  const plugin = new TimedeltaPlugin({});
  it('gives the seconds between two timestamps', () => {
    expect(plugin.traitValues([['payload.created_at', '2024-05-01 12:00:00+00:00'], ['payload.launched_at', '2024-05-01T12:00:34.512000']])).toEqual([34.512]);
    expect(plugin.traitValues([['a', '2024-05-01T14:00:00+02:00'], ['b', '2024-05-01T11:00:00Z']])).toEqual([3600]);
    // upstream's `$` also matches before a trailing line feed (regression: the old copy refused it)
    expect(plugin.traitValues([['a', '2024-05-01T12:00:00\n'], ['b', '2024-05-01T12:00:01']])).toEqual([1]);
  });
  it('gives nothing without exactly two parseable timestamps', () => {
    expect(plugin.traitValues([['a', '2024-05-01T12:00:00']])).toEqual([null]);
    expect(plugin.traitValues([['a', 'soon'], ['b', '2024-05-01T12:00:00']])).toEqual([null]);
  });
});

describe('map', () => {
  it('maps values, with a default and optional case folding', () => {
    const plugin = new MapTraitPlugin({ values: { ACTIVE: 'up', error: 'down', '1': 'one' }, default: 'unknown', case_sensitive: false });
    expect(plugin.traitValues([['s', 'active'], ['s', 'ERROR'], ['s', 'other'], ['n', 1]])).toEqual(['up', 'down', 'unknown', 'one']);
    expect(new MapTraitPlugin({ values: { A: 1 } }).traitValues([['s', 'a']])).toEqual([null]);
  });
  it('requires values', () => {
    expect(() => new MapTraitPlugin({})).toThrowErrorMatchingInlineSnapshot(`[TraitPluginParameterError: The 'values' parameter is required for the map trait plugin]`);
    expect(() => new MapTraitPlugin({ values: ['a'] })).toThrow(/needs to be a dict/);
  });
});
