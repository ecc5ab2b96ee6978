/**
 * The secret meter messages are signed with: `[publisher] telemetry_secret`.
 */
import type { ConfigView } from '@ceilometer-ts/sdk';

/** Upstream's default `[publisher] telemetry_secret`. */
export const DEFAULT_TELEMETRY_SECRET = 'change this for valid signing';

/** `[publisher] telemetry_secret` when the config declares it, else upstream's default. */
export function telemetrySecret(config: ConfigView | undefined): string {
  if (!config?.has('publisher', 'telemetry_secret')) return DEFAULT_TELEMETRY_SECRET;
  return config.get<string | null>('publisher', 'telemetry_secret') ?? '';
}
