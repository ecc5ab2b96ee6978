import { findFreePort } from './ports.js';
import { startPrivateService } from './private-service.js';

/** A private PostgreSQL cluster (superuser `postgres`, trust auth, durability off). */
export interface PostgresService {
  /** `postgresql://postgres@127.0.0.1:PORT/postgres`. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** Starts `scripts/services/start-postgres.sh` on a free port (about 1-3 s), creating `databases`. */
export async function startPostgres(databases: readonly string[] = []): Promise<PostgresService> {
  const port = await findFreePort();
  const service = await startPrivateService('start-postgres', { PG_PORT: String(port), PG_DATABASES: databases.join(' ') });
  return { url: service.env['PG_URL'] ?? `postgresql://postgres@127.0.0.1:${port}/postgres`, port, dataDir: service.dataDir, stop: service.stop };
}
