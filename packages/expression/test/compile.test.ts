import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionEvaluationError, ExpressionSyntaxError } from '../src/index.js';

const SAMPLE_NAMES = ['name', 'type', 'unit', 'volume', 'resource_metadata', 'resource_id'];

function evalScale(source: string, names: Record<string, unknown> = {}): unknown {
  return compileExpression(source, { names: SAMPLE_NAMES }).evaluate({ names });
}

function syntaxError(source: string, options = { names: SAMPLE_NAMES, meterReferences: false }): ExpressionSyntaxError {
  try {
    compileExpression(source, options);
  } catch (err) {
    expect(err).toBeInstanceOf(ExpressionSyntaxError);
    return err as ExpressionSyntaxError;
  }
  throw new Error(`expected ${source} to be rejected`);
}

function evalError(source: string, names: Record<string, unknown> = {}): ExpressionEvaluationError {
  try {
    evalScale(source, names);
  } catch (err) {
    expect(err).toBeInstanceOf(ExpressionEvaluationError);
    return err as ExpressionEvaluationError;
  }
  throw new Error(`expected ${source} to fail`);
}

describe('compileExpression: rocky default scales', () => {
  const cpuUtil = '100.0 / (10**9 * (resource_metadata.cpu_number or 1))';

  it('evaluates the cpu_util scale with and without cpu_number', () => {
    expect(evalScale(cpuUtil, { resource_metadata: { cpu_number: 4 } })).toBe(2.5e-8);
    expect(evalScale(cpuUtil, { resource_metadata: {} })).toBe(1e-7);
    expect(evalScale(cpuUtil, { resource_metadata: { cpu_number: 0 } })).toBe(1e-7);
  });

  it('evaluates the weighted scale of rocky tests (nested missing keys are falsy)', () => {
    const s =
      '(resource_metadata.user_metadata.autoscaling_weight or 1.0)* (resource_metadata.non.existent or 1.0)* (100.0 / (10**9 * (resource_metadata.cpu_number or 1)))';
    expect(evalScale(s, { resource_metadata: { cpu_number: 4, user_metadata: { autoscaling_weight: 1.1 } } })).toBeCloseTo(2.75e-8, 20);
    expect(evalScale(s, { resource_metadata: { cpu_number: 4, user_metadata: {} } })).toBe(2.5e-8);
  });

  it('evaluates volume-based unit conversions', () => {
    expect(evalScale('volume / ((10**6) * 60)', { volume: 1200000000 })).toBe(20);
    expect(evalScale('(volume * 1.8) + 32', { volume: 36 })).toBeCloseTo(96.8);
    expect(evalScale('1.0 / 1024')).toBe(1 / 1024);
  });
});

describe('compileExpression: Python semantics', () => {
  it.each([
    ['7 / 2', 3.5],
    ['7 // 2', 3],
    ['-7 // 2', -4],
    ['7 % 3', 1],
    ['-7 % 3', 2],
    ['7 % -3', -2],
    ['2 ** 3 ** 2', 512],
    ['-2 ** 2', -4],
    ['2 ** -1', 0.5],
    ['1e3 + 1_000 + .5 + 5.', 2005.5],
    ['1 + 2 * 3 - 4 / 2', 5],
    ['(1 + 2) * 3', 9],
    ['True + 1', 2],
    ['+3', 3],
    ['1 < 2 < 3', true],
    ['3 > 2 > 2', false],
    ['1 == 1.0', true],
    ['1 != 1', false],
    ["'a' == 'a'", true],
    ["'a' == 1", false],
    ['None == None', true],
    ['0 or 5', 5],
    ['2 or 5', 2],
    ['0 and 5', 0],
    ['2 and 5', 5],
    ['not 0', true],
    ['not 1 == 2', true],
    ['1 if 0 else 2', 2],
    ['None or 0 or 7', 7],
  ])('%s = %s', (source, expected) => {
    expect(evalScale(source)).toBe(expected);
  });

  it('reads sample fields and nested metadata; missing keys are None', () => {
    expect(evalScale('resource_metadata.flavor.vcpus', { resource_metadata: { flavor: { vcpus: 2 } } })).toBe(2);
    expect(evalScale('resource_metadata.missing.deeper', { resource_metadata: {} })).toBeNull();
    expect(evalScale("resource_metadata.status == 'active'", { resource_metadata: { status: 'active' } })).toBe(true);
    expect(evalScale('resource_metadata.constructor', { resource_metadata: {} })).toBeNull();
  });

  it('raises what Python raises', () => {
    expect(evalError('1 / 0').pythonType).toBe('ZeroDivisionError');
    expect(evalError('volume // 0', { volume: 3 }).pythonType).toBe('ZeroDivisionError');
    expect(evalError('1 % 0').pythonType).toBe('ZeroDivisionError');
    expect(evalError('0 ** -1').pythonType).toBe('ZeroDivisionError');
    expect(evalError('resource_metadata.missing * 2', { resource_metadata: {} }).message).toBe(
      "TypeError: unsupported operand type(s) for *: 'NoneType' and 'int'",
    );
    expect(evalError("1 < 'a'").pythonType).toBe('TypeError');
    expect(evalError('volume.x', { volume: 1 }).message).toBe("AttributeError: 'int' object has no attribute 'x'");
    expect(evalError('10.0 ** 400').pythonType).toBe('OverflowError');
    expect(evalError("-'a'").pythonType).toBe('TypeError');
  });
});

describe('compileExpression: meter references', () => {
  const options = { meterReferences: true };

  it('reads the volume of $(meter) and fields of $(meter).x', () => {
    const e = compileExpression('100.0 * $(memory.usage) / $(memory)', options);
    expect(e.meters).toEqual(['memory.usage', 'memory']);
    expect(e.evaluate({ meters: { memory: { volume: 1024 }, 'memory.usage': { volume: 512 } } })).toBe(50);
    const m = compileExpression('$(cpu) * $(cpu).resource_metadata.cpu_number', options);
    expect(m.evaluate({ meters: { cpu: { volume: 3, resource_metadata: { cpu_number: 2 } } } })).toBe(6);
    expect(compileExpression('$(class) + $(_class_ESC) + $(a-b)', options).meters).toEqual(['class', '_class_ESC', 'a-b']);
  });

  it('refuses meter references where not allowed, and bare names in arithmetic', () => {
    expect(syntaxError('$(cpu) * 2').message).toBe('invalid expression "$(cpu) * 2": meter reference $(cpu) is not allowed here at column 1');
    expect(syntaxError('memory * 2', { names: [], meterReferences: true }).message).toBe(
      'invalid expression "memory * 2": unknown name "memory" (refer to meters as $(meter.name)) at column 1',
    );
  });
});

describe('compileExpression: rejected at load', () => {
  it.each([
    ["float('nan') * 2", 6, 'function calls are not allowed ("(")'],
    ['__import__("os")', 11, 'function calls are not allowed ("(")'],
    ['__import__ + 1', 1, 'unknown name "__import__" (known names: name, type, unit, volume, resource_metadata, resource_id)'],
    ['volume[0]', 7, 'subscripts are not allowed ("[")'],
    ['lambda x', 1, '"lambda" is not allowed'],
    ['1 in volume', 3, '"in" is not allowed'],
    ['volume +', 9, 'unexpected end of expression'],
    ['(volume', 8, 'expected ")" to close the "(" at column 1'],
    ['volume = 1', 8, 'unexpected character "="'],
    ['volume; 1', 7, 'unexpected character ";"'],
    ['', 1, 'empty expression'],
    ['1 if volume', 12, 'expected "else" for the "if" at column 3'],
    ['012', 1, 'leading zeros in decimal integer literal "012"'],
    ['$(cpu', 1, 'malformed meter reference, expected $(meter.name)'],
    ['volume.', 8, 'expected an attribute name after ".", got the end of the expression'],
    ["'abc", 1, 'unterminated string literal'],
    ['2 ~ 3', 3, 'unexpected character "~"'],
    ['1 2', 3, 'unexpected "2"'],
  ])('%j is rejected at column %i', (source, column, reason) => {
    const err = syntaxError(source);
    expect(err.code).toBe('CEILO_ERR_EXPR_SYNTAX');
    expect(err.column).toBe(column);
    expect(err.reason).toBe(reason);
    expect(err.message).toBe(`invalid expression ${JSON.stringify(source)}: ${reason} at column ${column}`);
  });
});
