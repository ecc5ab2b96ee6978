import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './ports.js';
import { runServiceScript, stopService, forgetAtExit, stopAtExit } from './service-script.js';

/** A Prometheus Pushgateway for integration tests. */
export interface PushgatewayService {
  /** Base URL, e.g. `http://127.0.0.1:9091` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** The data dir of a private instance; empty for a shared one. */
  readonly dataDir: string;
  /** True when it came from `CEILO_TEST_PUSHGATEWAY_URL` (owned by the CI run, not by this test). */
  readonly shared: boolean;
  /** Deletes every group (`PUT /api/v1/admin/wipe`). */
  wipe(): Promise<void>;
  /** `GET /metrics` as text. */
  metrics(): Promise<string>;
  /** Stops a private instance and removes its data dir; a no-op for a shared one. */
  stop(): Promise<void>;
}

function service(url: string, port: number, dataDir: string, stop: () => Promise<void>): PushgatewayService {
  const base = url.replace(/\/+$/, '');
  return {
    url: base,
    port,
    dataDir,
    shared: dataDir === '',
    wipe: async () => {
      const res = await fetch(`${base}/api/v1/admin/wipe`, { method: 'PUT' });
      if (!res.ok) throw new Error(`pushgateway wipe: HTTP ${res.status} (is --web.enable-admin-api set?)`);
    },
    metrics: async () => {
      const res = await fetch(`${base}/metrics`);
      if (!res.ok) throw new Error(`pushgateway GET /metrics: HTTP ${res.status}`);
      return res.text();
    },
    stop,
  };
}

/**
 * A Pushgateway for a test: the run's shared one when `CEILO_TEST_PUSHGATEWAY_URL` is set (it must
 * have the admin API enabled for `wipe()`), otherwise a private in-memory instance started by
 * `scripts/services/start-pushgateway.sh` on a free port (ready in well under a second).
 */
export async function startPushgateway(): Promise<PushgatewayService> {
  const sharedUrl = process.env['CEILO_TEST_PUSHGATEWAY_URL'];
  if (sharedUrl) return service(sharedUrl, Number(new URL(sharedUrl).port || 80), '', async () => {});

  const dataDir = await mkdtemp(join(tmpdir(), 'ceilo-pushgw-'));
  const port = await findFreePort();
  stopAtExit(dataDir);
  let env: Record<string, string>;
  try {
    env = await runServiceScript('start-pushgateway', dataDir, { PUSHGW_PORT: String(port) });
  } catch (error) {
    await stopService(dataDir).catch(() => {});
    forgetAtExit(dataDir);
    throw error;
  }
  return service(env['PUSHGW_URL'] ?? `http://127.0.0.1:${port}`, port, dataDir, async () => {
    if (!forgetAtExit(dataDir)) return;
    await stopService(dataDir);
  });
}
