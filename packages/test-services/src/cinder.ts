import type { OpenStackService, StartOpenStackServiceOptions } from './openstack-service.js';
import { adminCall, cloneRows, mapBounded, sqliteExec, startOpenStackService, uniqueName } from './openstack-service.js';

/** One volume, snapshot or backup a seed helper created. */
export interface SeededVolumeRecord {
  readonly id: string;
  readonly name: string;
  /** GiB. */
  readonly size: number;
  readonly status: string;
  /** The volume a snapshot or backup was made of. */
  readonly volumeId?: string;
}

/** Options shared by the Cinder seed helpers. */
export interface CinderSeedOptions {
  /** Name prefix; each record gets a unique suffix. */
  readonly namePrefix?: string;
  /** The status written for the record (default `available`; without services they stay `creating`). */
  readonly status?: string;
  /** Requests in flight (default 4). */
  readonly concurrency?: number;
}

/** A real Cinder API (no scheduler, volume or backup service) for integration tests. */
export interface CinderService extends OpenStackService {
  /** The admin project's id: the `/v3/{project_id}` of every call. */
  adminProjectId(): Promise<string>;
  /**
   * Creates `count` volumes of `size` GiB as admin, then gives them a host and `status` in Cinder's DB.
   * `bulk`: one through the API, the others cloned from it in the DB (benchmarks).
   */
  createVolumes(count: number, options?: CinderSeedOptions & { readonly size?: number; readonly bulk?: boolean }): Promise<SeededVolumeRecord[]>;
  /** One snapshot of each volume (they must be `available`, as createVolumes leaves them). */
  createSnapshots(volumeIds: readonly string[], options?: CinderSeedOptions): Promise<SeededVolumeRecord[]>;
  /** One backup of each volume; the volume is set back to `available` afterwards. */
  createBackups(volumeIds: readonly string[], options?: CinderSeedOptions): Promise<SeededVolumeRecord[]>;
}

const HOST = 'fake@fake#fake';

/**
 * A Cinder API for a test: the run's shared one when `CEILO_TEST_CINDER_ENV` names its service.env
 * (scripts/test-all.sh), else a private one from `scripts/services/start-cinder.sh` on a free port
 * behind `keystone` (4-10 s). `GET /scheduler-stats/get_pools` cannot be answered (no scheduler).
 */
export async function startCinder(options: StartOpenStackServiceOptions = {}): Promise<CinderService> {
  const base = await startOpenStackService({ script: 'start-cinder', sharedEnvVar: 'CEILO_TEST_CINDER_ENV', urlKey: 'CINDER_URL', portVars: ['CINDER_PORT'] }, options);
  const db = base.env['CINDER_DB']!;
  const session = async (): Promise<{ token: string; api: string }> => {
    const { token, projectId } = await base.keystone.token();
    return { token, api: `${base.url}/v3/${projectId}` };
  };
  type Session = Awaited<ReturnType<typeof session>>;
  const post = async ({ token, api }: Session, kind: 'volume' | 'snapshot' | 'backup', body: Record<string, unknown>): Promise<{ id: string; size?: number }> => {
    const res = await adminCall(token, 'POST', `${api}/${kind}s`, { [kind]: body }, { 'openstack-api-version': 'volume 3.0' });
    return (res.body as Record<string, { id: string; size?: number }>)[kind]!;
  };
  return {
    ...base,
    adminProjectId: async () => (await base.keystone.token()).projectId,
    createVolumes: async (count, opts = {}) => {
      const size = opts.size ?? 1;
      const status = opts.status ?? 'available';
      const s = await session();
      const viaApi = opts.bulk ? Math.min(count, 1) : count;
      const created = await mapBounded(Array.from({ length: viaApi }), opts.concurrency ?? 4, async () => {
        const name = uniqueName(opts.namePrefix ?? 'ceilo-vol');
        const { id } = await post(s, 'volume', { name, size });
        return { id, name, size, status };
      });
      // no scheduler placed them: a host (snapshots need one) and the status an agent would set
      await sqliteExec(db, [{ sql: 'UPDATE volumes SET host = ?, status = ? WHERE id = ?', rows: created.map((v) => [HOST, status, v.id]) }]);
      if (!opts.bulk || count <= 1) return created;
      const prefix = uniqueName(opts.namePrefix ?? 'ceilo-vol');
      const ids = await cloneRows(db, 'volumes', created[0]!.id, count - 1, prefix, ['volume_metadata:volume_id', 'volume_admin_metadata:volume_id']);
      return [...created, ...ids.map((id, n) => ({ id, name: `${prefix}-${n}`, size, status }))];
    },
    createSnapshots: async (volumeIds, opts = {}) => {
      const status = opts.status ?? 'available';
      const s = await session();
      const created = await mapBounded(volumeIds, opts.concurrency ?? 4, async (volumeId) => {
        const name = uniqueName(opts.namePrefix ?? 'ceilo-snap');
        const { id, size } = await post(s, 'snapshot', { name, volume_id: volumeId, force: true });
        return { id, name, size: size ?? 0, status, volumeId };
      });
      await sqliteExec(db, [{ sql: 'UPDATE snapshots SET status = ?, progress = ? WHERE id = ?', rows: created.map((s) => [status, '100%', s.id]) }]);
      return created;
    },
    createBackups: async (volumeIds, opts = {}) => {
      const status = opts.status ?? 'available';
      const s = await session();
      const created = await mapBounded(volumeIds, opts.concurrency ?? 4, async (volumeId) => {
        const name = uniqueName(opts.namePrefix ?? 'ceilo-backup');
        const { id, size } = await post(s, 'backup', { name, volume_id: volumeId });
        return { id, name, size: size ?? 0, status, volumeId };
      });
      // resetting a backup is an RPC to cinder-backup (absent): write what it would, and put the
      // volume back from `backing-up`
      await sqliteExec(db, [
        { sql: 'UPDATE backups SET status = ? WHERE id = ?', rows: created.map((b) => [status, b.id]) },
        { sql: "UPDATE volumes SET status = 'available' WHERE id = ?", rows: created.map((b) => [b.volumeId]) },
      ]);
      return created;
    },
  };
}
