/**
 * Reading a transformer's `parameters:` block: the registry hands them over as `invokeArgs`
 * (`[parameters]`); tests may pass the parameters object itself.
 */
import { SAMPLE_TYPES, type SampleType } from '@ceilometer-ts/sdk';
import { TransformerParameterError } from './errors.js';

/** What the constructor receives: the manager's invokeArgs (`[parameters]`) or the parameters. */
export type TransformerArgs = readonly unknown[] | Readonly<Record<string, unknown>> | undefined;

/** A plain mapping of parameters. */
export type Parameters = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Parameters {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parameters mapping out of the constructor argument (missing or null: empty, as rocky's kwargs). */
export function parametersOf(transformer: string, args: TransformerArgs): Parameters {
  const value = Array.isArray(args) ? args[0] : args;
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new TransformerParameterError(transformer, 'parameters', `expected a mapping, got ${typeof value}`);
  return value;
}

/** A nested mapping parameter (`source`, `target`, `map_from`); missing or null is empty. */
export function mappingParam(transformer: string, params: Parameters, key: string, path = key): Parameters {
  const value = params[key];
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new TransformerParameterError(transformer, path, `expected a mapping, got ${JSON.stringify(value)}`);
  return value;
}

/** An optional string parameter. */
export function stringParam(transformer: string, params: Parameters, key: string, path = key): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new TransformerParameterError(transformer, path, `expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** An optional sample type (`gauge`, `delta`, `cumulative`). */
export function typeParam(transformer: string, params: Parameters, key: string, path = key): SampleType | undefined {
  const value = stringParam(transformer, params, key, path);
  if (value === undefined) return undefined;
  if (!(SAMPLE_TYPES as readonly string[]).includes(value)) {
    throw new TransformerParameterError(transformer, path, `expected one of ${SAMPLE_TYPES.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as SampleType;
}

/** An optional number; numeric strings are accepted as Python's float() would. */
export function numberParam(transformer: string, params: Parameters, key: string, path = key): number | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new TransformerParameterError(transformer, path, `expected a number, got ${JSON.stringify(value)}`);
  return n;
}
