import { existsSync } from 'node:fs';
import type { KeystoneService } from './keystone.js';
import { findFreePort } from './ports.js';
import { readServiceEnv, startPrivateService } from './private-service.js';
import { runServiceScript } from './service-script.js';

/** How tests authenticate against the Gnocchi: services.md §5. */
export type GnocchiAuthMode = 'basic' | 'keystone';

/** The answer of {@link GnocchiService.request}: status and the parsed JSON body (undefined when empty or not JSON). */
export interface GnocchiResponse {
  readonly status: number;
  readonly body: unknown;
}

/** A real Gnocchi 4.4 (API + metricd, indexer on PostgreSQL, file storage) for integration tests. */
export interface GnocchiService {
  /** `http://127.0.0.1:PORT` (no `/v1`). */
  readonly url: string;
  readonly port: number;
  /** The data dir (what restart-gnocchi.sh takes). */
  readonly dir: string;
  /** Everything start-gnocchi.sh printed. */
  readonly env: Readonly<Record<string, string>>;
  readonly authMode: GnocchiAuthMode;
  /** The Keystone of a keystone-mode Gnocchi. */
  readonly keystone?: KeystoneService;
  /** True when it came from `CEILO_TEST_GNOCCHI_ENV` (owned by the run: no restart, no stop). */
  readonly shared: boolean;
  /**
   * Headers of an admin request: `Authorization: Basic base64("admin:")` in basic mode (the password is
   * ignored; only user admin has the admin role), an admin token in keystone mode.
   */
  adminHeaders(): Promise<Record<string, string>>;
  /**
   * One admin REST call (`path` from `/v1/...`), JSON in and out. DELETE is sent without
   * `Accept: application/json` (Gnocchi answers 406 to it even on success).
   */
  request(method: string, path: string, body?: unknown): Promise<GnocchiResponse>;
  /** Stops the API and metricd in place (the indexer and storage stay): outage tests. */
  stopApi(): Promise<void>;
  /** Starts them again on the same port and data; resolves once the API answers. */
  startApi(): Promise<void>;
  /** Stops a private instance and its PostgreSQL; a no-op for a shared one. */
  stop(): Promise<void>;
}

/** Options of {@link startGnocchi}. */
export interface StartGnocchiOptions {
  /** Always start a private instance (outage tests stop and restart it). */
  readonly private?: boolean;
  /** A private instance in keystone mode behind this Keystone (metric endpoint registered in its catalog). */
  readonly keystone?: KeystoneService;
  /** More start-gnocchi.sh settings (GNOCCHI_METRICD, GNOCCHI_DEFAULT_POLICIES, GNOCCHI_API_PROCESSES, ...). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Why a real Gnocchi cannot run here (the Debian packages are missing), or undefined. */
export function gnocchiUnavailable(): string | undefined {
  for (const path of ['/usr/bin/gnocchi-upgrade', '/usr/bin/gnocchi-metricd', '/usr/bin/uwsgi', '/usr/lib/postgresql/15/bin/initdb']) {
    if (!existsSync(path)) return `${path} not found (scripts/ensure-debian-packages.sh installs Gnocchi 4.4, uwsgi and PostgreSQL 15)`;
  }
  return undefined;
}

function basicAdmin(): Record<string, string> {
  return { authorization: `Basic ${Buffer.from('admin:').toString('base64')}` };
}

function unsupported(what: string): () => Promise<void> {
  return () => Promise.reject(new Error(`${what} needs a private Gnocchi: startGnocchi({ private: true })`));
}

function service(
  env: Readonly<Record<string, string>>,
  shared: boolean,
  keystone: KeystoneService | undefined,
  controls: Pick<GnocchiService, 'stopApi' | 'startApi' | 'stop'>,
): GnocchiService {
  const url = env['GNOCCHI_URL']!;
  const authMode: GnocchiAuthMode = env['GNOCCHI_AUTH_MODE'] === 'keystone' ? 'keystone' : 'basic';
  const adminHeaders = async (): Promise<Record<string, string>> => {
    if (authMode === 'basic' || !keystone) return basicAdmin();
    return { 'x-auth-token': (await keystone.token()).token };
  };
  return {
    url,
    port: Number(env['GNOCCHI_PORT']),
    dir: env['GNOCCHI_DIR']!,
    env,
    authMode,
    keystone,
    shared,
    adminHeaders,
    request: async (method, path, body) => {
      const headers: Record<string, string> = { ...(await adminHeaders()) };
      if (method !== 'DELETE') headers['accept'] = 'application/json';
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed };
    },
    ...controls,
  };
}

/**
 * A Gnocchi for a test: the run's shared one (basic auth) when `CEILO_TEST_GNOCCHI_ENV` names its
 * service.env (scripts/test-all.sh), else a private one from `scripts/services/start-gnocchi.sh` on a
 * free port with its own PostgreSQL: about 3-5 s with the DB cache, 7-9 s without; 700 MB RSS.
 * Archive policies and resource types are global: tests on the shared one use names of their own.
 */
export async function startGnocchi(options: StartGnocchiOptions = {}): Promise<GnocchiService> {
  const sharedEnv = process.env['CEILO_TEST_GNOCCHI_ENV'];
  if (sharedEnv && !options.private && !options.keystone) {
    const env = await readServiceEnv(sharedEnv);
    return service(env, true, undefined, { stopApi: unsupported('stopApi'), startApi: unsupported('startApi'), stop: async () => {} });
  }
  const port = await findFreePort();
  // PG_PORT empty: its own PostgreSQL, whatever the caller's environment says (unless options.env names one)
  const env: Record<string, string> = { PG_PORT: '', ...options.env, GNOCCHI_PORT: String(port) };
  if (options.keystone) Object.assign(env, { GNOCCHI_AUTH_MODE: 'keystone', KEYSTONE_DIR: options.keystone.dir });
  const started = await startPrivateService('start-gnocchi', env);
  const restart = async (mode: 'stop' | 'start'): Promise<void> => {
    await runServiceScript('restart-gnocchi', started.dataDir, {}, { args: [mode] });
  };
  return service(started.env, false, options.keystone, {
    stopApi: () => restart('stop'),
    startApi: () => restart('start'),
    stop: started.stop,
  });
}
