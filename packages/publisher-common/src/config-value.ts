/**
 * Reading one option with a fallback, for publishers that tests and embedders may construct
 * without a configuration.
 */
import type { ConfigView } from '@ceilometer-ts/sdk';

/** `[group] name` when declared and set, else `fallback`. */
export function configValue<T>(config: ConfigView | undefined, group: string, name: string, fallback: T): T {
  if (!config?.has(group, name)) return fallback;
  const value = config.get<T | undefined | null>(group, name);
  return value === undefined || value === null ? fallback : value;
}
