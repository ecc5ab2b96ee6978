/**
 * The version of `@ceilometer-ts/sdk` this process runs with, for the plugins' peer range check.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let cached: string | undefined;

/** Version of the sdk as resolved from the core (read once); `0.0.0` if it cannot be found. */
export function installedSdkVersion(): string {
  if (cached === undefined) {
    try {
      const file = createRequire(import.meta.url).resolve('@ceilometer-ts/sdk/package.json');
      const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
      cached = typeof version === 'string' ? version : '0.0.0';
    } catch {
      cached = '0.0.0';
    }
  }
  return cached;
}
