import type { OpenStackService, StartOpenStackServiceOptions } from './openstack-service.js';
import { adminCall, cloneRows, mapBounded, startOpenStackService, uniqueName } from './openstack-service.js';

/** One image a seed helper created. */
export interface SeededImage {
  readonly id: string;
  readonly name: string;
  /** Bytes uploaded (Glance's `size`); null for an image without data (`queued`). */
  readonly size: number | null;
}

/** Options of {@link GlanceService.createImages}. */
export interface CreateImagesOptions {
  /** Name prefix; each image gets a unique suffix (default `ceilo-img`). */
  readonly namePrefix?: string;
  /** Bytes uploaded into each image (default 1024); 0 = no upload (status `queued`, size null). */
  readonly size?: number;
  readonly visibility?: 'public' | 'private' | 'shared' | 'community';
  /** Requests in flight (default 4). */
  readonly concurrency?: number;
  /** One image through the API, the others cloned from it in Glance's DB (benchmarks: 1,000 in under a second). */
  readonly bulk?: boolean;
}

/** A real Glance API (sqlite, file store) for integration tests. */
export interface GlanceService extends OpenStackService {
  /** Creates `count` images as admin (project admin), each with `size` bytes uploaded. */
  createImages(count: number, options?: CreateImagesOptions): Promise<SeededImage[]>;
  /** Deletes images (404s ignored). */
  deleteImages(ids: readonly string[]): Promise<void>;
}

/**
 * A Glance for a test: the run's shared one when `CEILO_TEST_GLANCE_ENV` names its service.env
 * (scripts/test-all.sh), else a private one from `scripts/services/start-glance.sh` on a free port
 * behind `keystone` (3-8 s; the DB cache skips db_sync).
 */
export async function startGlance(options: StartOpenStackServiceOptions = {}): Promise<GlanceService> {
  const base = await startOpenStackService({ script: 'start-glance', sharedEnvVar: 'CEILO_TEST_GLANCE_ENV', urlKey: 'GLANCE_URL', portVars: ['GLANCE_PORT'] }, options);
  const admin = async (): Promise<string> => (await base.keystone.token()).token;
  return {
    ...base,
    createImages: async (count, opts = {}) => {
      const token = await admin();
      const size = opts.size ?? 1024;
      const payload = new Uint8Array(size).fill(0x63);
      const viaApi = opts.bulk ? Math.min(count, 1) : count;
      const created = await mapBounded(Array.from({ length: viaApi }), opts.concurrency ?? 4, async () => {
        const name = uniqueName(opts.namePrefix ?? 'ceilo-img');
        const created = await adminCall(token, 'POST', `${base.url}/v2/images`, {
          name,
          disk_format: 'raw',
          container_format: 'bare',
          visibility: opts.visibility ?? 'public',
        });
        const id = (created.body as { id: string }).id;
        if (size > 0) await adminCall(token, 'PUT', `${base.url}/v2/images/${id}/file`, payload, { 'content-type': 'application/octet-stream' });
        return { id, name, size: size > 0 ? size : null };
      });
      if (!opts.bulk || count <= 1) return created;
      const prefix = uniqueName(opts.namePrefix ?? 'ceilo-img');
      const ids = await cloneRows(base.env['GLANCE_DB']!, 'images', created[0]!.id, count - 1, prefix, ['image_locations:image_id', 'image_properties:image_id']);
      return [...created, ...ids.map((id, n) => ({ id, name: `${prefix}-${n}`, size: created[0]!.size }))];
    },
    deleteImages: async (ids) => {
      const token = await admin();
      await mapBounded(ids, 4, async (id) => {
        await adminCall(token, 'DELETE', `${base.url}/v2/images/${id}`).catch((error: unknown) => {
          if (!(error instanceof Error && 'status' in error && error.status === 404)) throw error;
        });
      });
    },
  };
}
