import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './ports.js';
import { runServiceScript, stopService, forgetAtExit, stopAtExit } from './service-script.js';

/** A private npm registry (Verdaccio 6.8) for tests that publish and install packages. */
export interface VerdaccioService {
  /** Registry URL with a trailing slash, e.g. `http://127.0.0.1:4873/`. */
  readonly url: string;
  readonly port: number;
  /** The data dir (config, storage, log). */
  readonly dataDir: string;
  /**
   * A private npm userconfig for this registry (registry and a dummy token, which npm needs before
   * it publishes): `npm --userconfig <npmrc>` never reads or writes ~/.npmrc.
   */
  readonly npmrc: string;
  /** Seconds the install (0 when cached) and the start took, as the script measured them. */
  readonly installSeconds: number;
  readonly startSeconds: number;
  /** Stops the registry and removes its data dir. */
  stop(): Promise<void>;
}

/**
 * Starts a private Verdaccio through `scripts/services/start-verdaccio.sh` on a free port: the
 * workspace's scopes (`@ceilometer-ts/*`, `ceilometer-ts`, `ceilometer-ts-*`, `@example/*`) are
 * local, everything else is read through from registry.npmjs.org. Verdaccio is installed once into
 * `CEILO_TOOL_CACHE_DIR` (about 15 s cold); a warm start takes well under 2 s.
 */
export async function startVerdaccio(): Promise<VerdaccioService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ceilo-verdaccio-'));
  const port = await findFreePort();
  stopAtExit(dataDir);
  let env: Record<string, string>;
  try {
    env = await runServiceScript('start-verdaccio', dataDir, { VERDACCIO_PORT: String(port) }, { timeoutMs: 300_000 });
  } catch (error) {
    await stopService(dataDir).catch(() => {});
    forgetAtExit(dataDir);
    throw error;
  }
  return {
    url: env['VERDACCIO_URL'] ?? `http://127.0.0.1:${port}/`,
    port,
    dataDir,
    npmrc: env['VERDACCIO_NPMRC'] ?? join(dataDir, 'npmrc'),
    installSeconds: Number(env['VERDACCIO_INSTALL_S'] ?? 0),
    startSeconds: Number(env['VERDACCIO_START_S'] ?? 0),
    stop: async () => {
      if (!forgetAtExit(dataDir)) return;
      await stopService(dataDir);
    },
  };
}
