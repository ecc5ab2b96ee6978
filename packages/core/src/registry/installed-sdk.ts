/**
 * The `@ceilometer-ts/sdk` this process runs with (the host's copy): its version, for the plugins'
 * peer range check, and its directory, to tell a plugin's second copy from it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** The host's sdk package. */
export interface InstalledSdk {
  readonly version: string;
  /** Real path of the package directory; undefined when the sdk cannot be resolved. */
  readonly dir: string | undefined;
}

let cached: InstalledSdk | undefined;

/** The sdk as resolved from the core (read once); version `0.0.0` and no dir if it cannot be found. */
export function installedSdk(): InstalledSdk {
  if (cached === undefined) {
    try {
      const file = createRequire(import.meta.url).resolve('@ceilometer-ts/sdk/package.json');
      const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
      cached = { version: typeof version === 'string' ? version : '0.0.0', dir: dirname(file) };
    } catch {
      cached = { version: '0.0.0', dir: undefined };
    }
  }
  return cached;
}

/** Version of the host's sdk; `0.0.0` if it cannot be found. */
export function installedSdkVersion(): string {
  return installedSdk().version;
}
