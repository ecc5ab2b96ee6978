import { describe, expect, it } from 'vitest';
import { PyFloat } from '@ceilometer-ts/sdk';
import { compileJsonPath, JsonPathSyntaxError } from '../src/index.js';

describe('JSONPath parser', () => {
  it.each([
    ['ctxt.user_id|ctxt.user', 'ctxt.(user_id|ctxt).user'],
    ['(ctxt.user_id)|(ctxt.user)', '(ctxt.user_id|ctxt.user)'],
    ['$.payload.host + "_" + $.payload.nodename', '($.payload.host + ("_" + $.payload.nodename))'],
    ['$.a - $.b - $.c', '($.a - ($.b - $.c))'],
    ["$.payload.metrics[?(@.name='cpu.percent')].value * 100", '($.payload.metrics.[?@.name = "cpu.percent"].value * 100)'],
    ['$.payload.glance_metadata[?key=image_id].value', '$.payload.glance_metadata.[?key = "image_id"].value'],
    ['$.payload.measurements.[*].metric.[*].name', '$.payload.measurements.[*].metric.[*].name'],
    ["payload.image_meta.'org.openstack__1__architecture'", 'payload.image_meta."org.openstack__1__architecture"'],
    ['publisher_id.`split(., 1, 1)`', 'publisher_id.`split(., 1, 1)`'],
    ['a.b-c', 'a.b-c'],
    ['a[/b, \\c]', 'a.[/b,\\c]'],
  ])('%s parses as upstream does', (expr, tree) => {
    expect(String(compileJsonPath(expr))).toBe(tree);
  });

  it.each(['$.a / 2', 'a.true', '$.a -1', 'a & b', '`nope`', "'unterminated", 'a[', '`split(x)`', '5'])('rejects %s', (expr) => {
    expect(() => compileJsonPath(expr)).toThrow(JsonPathSyntaxError);
  });

  it('names the column of a syntax error', () => {
    expect(() => compileJsonPath('$.a / 2')).toThrowErrorMatchingInlineSnapshot(`[JsonPathSyntaxError: invalid JSONPath "$.a / 2" at column 5: unexpected "/" (SORT)]`);
  });

  it('caches compiled expressions', () => {
    expect(compileJsonPath('$.payload.x')).toBe(compileJsonPath('$.payload.x'));
  });
});

describe('JSONPath evaluation', () => {
  const doc = {
    payload: { metrics: [{ name: 'cpu.percent', value: 0.12 }, { name: 'cpu.frequency', value: 2400 }], outcome: 'success', host: 'h', nodename: 'n', list: [3, 1, 2] },
    publisher_id: 'compute.host-1.example',
  };
  const values = (expr: string): unknown[] => compileJsonPath(expr).values(doc);

  it('filters lists and does arithmetic per match', () => {
    expect(values("$.payload.metrics[?(@.name='cpu.percent')].value * 100")).toEqual([new PyFloat(12)]); // Python's 12.0
    expect(values('$.payload.metrics[?(@.value > 100)].name')).toEqual(['cpu.frequency']);
  });

  it('concatenates strings and substitutes', () => {
    expect(values('$.payload.host + "_" + $.payload.nodename')).toEqual(['h_n']);
    expect(values("$.payload.outcome.`sub(/.*/, )` + 'identity.authenticate.' + $.payload.outcome")).toEqual(['identity.authenticate.success']);
  });

  it('reads ~ and sub() patterns as Python 3.11 re does (regression: a leading (?i) and (?x) were refused)', () => {
    expect(values("$.payload.metrics[?(@.name ~ '(?i)CPU\\.P')].value")).toEqual([0.12]);
    expect(values("$.payload.metrics[?(@.name ~ 'percent')].value")).toEqual([]); // re.match: anchored at the start
    expect(values('$.payload.outcome.`sub(/(?x) s  u  c/, S)`')).toEqual(['Scess']);
  });

  it('splits, sorts and measures', () => {
    expect(values('publisher_id.`split(., 1, 1)`')).toEqual(['host-1.example']);
    expect(values('publisher_id.`split(., 0, -1)`')).toEqual(['compute']);
    expect(values('payload.list.`sorted`')).toEqual([[1, 2, 3]]);
    expect(values('payload.list.`len`')).toEqual([3]);
  });

  it('reports the dotted path of each match', () => {
    expect(compileJsonPath('payload.metrics[*].name').find(doc).map((m) => m.path)).toEqual(['payload.metrics.[0].name', 'payload.metrics.[1].name']);
  });
});
