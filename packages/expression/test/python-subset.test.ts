/**
 * The Python subset (`python: true`) dynamic pollster operations use: every operation shown in
 * upstream's telemetry-dynamic-pollster.rst evaluates as Python's eval would.
 */
import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionEvaluationError, ExpressionSyntaxError } from '../src/index.js';

const run = (source: string, names: Record<string, unknown>): unknown =>
  compileExpression(source, { names: Object.keys(names), python: true }).evaluate({ names });

describe('python subset: upstream documentation examples', () => {
  it.each([
    ["value.split('$')[0].strip()", { value: 'proj$user ' }, 'proj'],
    ["value.split ('$')", { value: 'a$b' }, ['a', 'b']],
    ['value[0]', { value: ['a', 'b'] }, 'a'],
    ['value.strip()', { value: '  x \n' }, 'x'],
    ["value['some_field'] if 'some_field' in value else ''", { value: { some_field: 3 } }, 3],
    ["value['some_field'] if 'some_field' in value else ''", { value: {} }, ''],
    ["value or { 'id': '' }", { value: null }, { id: '' }],
    ["value['id']", { value: { id: 'img' } }, 'img'],
    ["','.join(value)", { value: ['a', 'b'] }, 'a,b'],
    ["filter(lambda v: v.get('rel') == 'next', value)", { value: [{ rel: 'prev', href: 'p' }, { rel: 'next', href: 'n' }] }, [{ rel: 'next', href: 'n' }]],
    ['list(value)', { value: [1, 2] }, [1, 2]],
    ["value.get('href')", { value: { href: 'http://a' } }, 'http://a'],
    ["value.replace('http:', 'https:')", { value: 'http://a' }, 'https://a'],
    ["'/v3/projects/' + str(sample['project_id'])", { sample: { project_id: 'p1' } }, '/v3/projects/p1'],
    ["'/v3/domains/' + str(extra_metadata_captured['domain_id'])", { extra_metadata_captured: { domain_id: 'default' } }, '/v3/domains/default'],
    ["'get-vm --vm-name ' + str(extra_metadata_by_name['project_name']['metadata']['id'])", { extra_metadata_by_name: { project_name: { metadata: { id: 7 } } } }, 'get-vm --vm-name 7'],
    ["'aws s3api list-objects --starting-token \"' + value + '\"'", { value: 'tok' }, 'aws s3api list-objects --starting-token "tok"'],
    ['value * 1000', { value: 1.5 }, 1500],
    ['int(value) + float("0.5")', { value: '2' }, 2.5],
    ['len(value) > 1 and value[-1] or None', { value: 'abc' }, 'c'],
    ['value[1:]', { value: 'abc' }, 'bc'],
  ] as const)('%s', (source, names, expected) => {
    expect(run(source, names as Record<string, unknown>)).toEqual(expected);
  });

  it('is and not in', () => {
    expect(run('value is None', { value: null })).toBe(true);
    expect(run("'x' not in value", { value: ['y'] })).toBe(true);
    expect(run('value is not None', { value: 0 })).toBe(true);
  });

  it("raises Python's errors", () => {
    expect(() => run("value['missing']", { value: {} })).toThrow(ExpressionEvaluationError);
    expect(() => run("value['missing']", { value: {} })).toThrow(/KeyError: 'missing'/);
    expect(() => run('value[5]', { value: [1] })).toThrow(/IndexError/);
    expect(() => run('value.nope()', { value: 'a' })).toThrow(ExpressionSyntaxError);
    expect(() => run("value.keys()", { value: 'a' })).toThrow(/AttributeError: 'str' object has no attribute 'keys'/);
    expect(() => run("int('x')", { value: 1 })).toThrow(/ValueError/);
  });

  it('refuses what is not in the table, at compile time', () => {
    const refuse = (source: string, reason: RegExp): void => {
      expect(() => compileExpression(source, { names: ['value'], python: true })).toThrow(reason);
    };
    refuse("__import__('os')", /only the builtins/);
    refuse('open(value)', /only the builtins/);
    refuse('value.__class__()', /unknown method/);
    refuse('lambda v: v', /only allowed as the function argument/);
    refuse('[x for x in value]', /unexpected "for"|"for" is not allowed|expected "\]"/);
    refuse('exec', /unknown name/);
  });

  it('stays off without python: true', () => {
    expect(() => compileExpression("value.split('$')", { names: ['value'] })).toThrow(/function calls are not allowed/);
    expect(() => compileExpression("'a' in value", { names: ['value'] })).toThrow(ExpressionSyntaxError);
    expect(() => compileExpression('value[0]', { names: ['value'] })).toThrow(/subscripts are not allowed/);
  });
});
