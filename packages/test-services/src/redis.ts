import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './ports.js';
import { runServiceScript, stopService, forgetAtExit, stopAtExit } from './service-script.js';

/** A private Redis 7 for integration tests. */
export interface RedisService {
  /** `redis://127.0.0.1:PORT/0` (with `:password@` when one was asked for): a `[coordination] backend_url`. */
  readonly url: string;
  readonly port: number;
  /** With `sentinel: true`: `redis://127.0.0.1:SENTINEL_PORT/0?sentinel=ceilo` (the master is this server). */
  readonly sentinelUrl?: string;
  /** With `tls: true`: the CA that signed the server's certificate (the URL names it in `ssl_ca_certs`). */
  readonly caFile?: string;
  readonly dataDir: string;
  /** Stops the server and removes its data dir (idempotent). */
  stop(): Promise<void>;
  /** Stops the server only (SIGTERM; the port closes, clients see connection refused). */
  down(): Promise<void>;
  /** Starts a stopped server again on the same port and data dir (empty: persistence is off). */
  up(): Promise<void>;
  /** `down()`, `downMs` of outage (default 0), then `up()`: the backend outage of coordination tests. */
  restart(options?: { readonly downMs?: number }): Promise<void>;
}

/** Options for {@link startRedis}. */
export interface StartRedisOptions {
  /** Listen on this port (default: a free one). */
  readonly port?: number;
  /** Require this password (`--requirepass`); the URL then carries it. */
  readonly password?: string;
  /** TLS only, with a throw-away CA: `url` is `rediss://...?ssl_ca_certs=...`. */
  readonly tls?: boolean;
  /** Also run a Sentinel watching this server as master `ceilo` (`sentinelUrl`). */
  readonly sentinel?: boolean;
}

/**
 * A private Redis started by `scripts/services/start-redis.sh` in a temporary data dir (ready in
 * well under a second, persistence off). Each test file starts its own: outage tests stop and
 * restart it under running agents.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ceilo-redis-'));
  const port = options.port ?? (await findFreePort());
  const env: Record<string, string> = { REDIS_PORT: String(port) };
  if (options.password !== undefined) env['REDIS_PASSWORD'] = options.password;
  if (options.tls) env['REDIS_TLS'] = '1';
  if (options.sentinel) env['REDIS_SENTINEL_PORT'] = String(await findFreePort());
  const start = (): Promise<Record<string, string>> => runServiceScript('start-redis', dataDir, env, { timeoutMs: 30_000 });
  stopAtExit(dataDir);
  let printed: Record<string, string>;
  try {
    printed = await start();
  } catch (error) {
    await stopService(dataDir).catch(() => {});
    forgetAtExit(dataDir);
    throw error;
  }
  const down = async (): Promise<void> => {
    await stopService(dataDir, false);
  };
  const up = async (): Promise<void> => {
    await start();
  };
  return {
    url: printed['REDIS_URL'] ?? `redis://127.0.0.1:${port}/0`,
    port,
    ...(printed['REDIS_SENTINEL_URL'] ? { sentinelUrl: printed['REDIS_SENTINEL_URL'] } : {}),
    ...(printed['REDIS_CA_FILE'] ? { caFile: printed['REDIS_CA_FILE'] } : {}),
    dataDir,
    stop: async () => {
      if (!forgetAtExit(dataDir)) return;
      await stopService(dataDir);
    },
    down,
    up,
    restart: async ({ downMs = 0 } = {}) => {
      await down();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await up();
    },
  };
}
