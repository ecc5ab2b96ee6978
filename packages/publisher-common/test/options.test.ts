import type { ConfigView } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { configValue, DEFAULT_TELEMETRY_SECRET, listHttpPublisherOptions, telemetrySecret } from '../src/index.js';

const config = (values: Record<string, unknown>): ConfigView =>
  ({ has: (g: string, n: string) => `${g}.${n}` in values, get: (g: string, n: string) => values[`${g}.${n}`] }) as unknown as ConfigView;

describe('options', () => {
  it('declares [DEFAULT] max_parallel_requests', () => {
    expect(listHttpPublisherOptions()).toMatchObject([{ group: 'DEFAULT', name: 'max_parallel_requests', default: 64 }]);
  });

  it('configValue falls back when undeclared, unset or null', () => {
    expect(configValue(undefined, 'DEFAULT', 'host', 'h')).toBe('h');
    expect(configValue(config({ 'DEFAULT.host': null }), 'DEFAULT', 'host', 'h')).toBe('h');
    expect(configValue(config({ 'DEFAULT.host': 'x' }), 'DEFAULT', 'host', 'h')).toBe('x');
  });

  it('telemetrySecret: upstream default when undeclared, empty when set to None', () => {
    expect(telemetrySecret(undefined)).toBe(DEFAULT_TELEMETRY_SECRET);
    expect(telemetrySecret(config({ 'publisher.telemetry_secret': null }))).toBe('');
    expect(telemetrySecret(config({ 'publisher.telemetry_secret': 's' }))).toBe('s');
  });
});
