import type { OpenStackService, StartOpenStackServiceOptions } from './openstack-service.js';
import { adminCall, mapBounded, startOpenStackService, uniqueName } from './openstack-service.js';

/** One container a seed helper created, with what Swift reports for it once the updater ran. */
export interface SeededContainer {
  readonly name: string;
  readonly objects: number;
  readonly bytes: number;
}

/** Options of {@link SwiftService.createContainers}. */
export interface CreateContainersOptions {
  /** Name prefix; each container gets a unique suffix (default `ceilo-c`). */
  readonly namePrefix?: string;
  /** Objects put into each container (default 2). */
  readonly objectsPerContainer?: number;
  /** Bytes of each object (default 8). */
  readonly objectBytes?: number;
  /** Requests in flight (default 4). */
  readonly concurrency?: number;
  /** Wait until the account listing shows every container's counts (default true). */
  readonly waitForAccount?: boolean;
  /** How long to wait for that (default 180 s: a loaded machine slows swift-container-updater down). */
  readonly waitTimeoutMs?: number;
}

/** A real Swift (proxy with keystone auth, one account/container/object server) for integration tests. */
export interface SwiftService extends OpenStackService {
  /** `URL/v1/AUTH_<admin project id>`: the account the seed helpers write to. */
  adminAccountUrl(): Promise<string>;
  /**
   * Creates `count` containers with objects in the admin project's account and (by default) waits
   * until swift-container-updater (every 1 s) has brought the account listing's counts up to date,
   * so that the `storage.*` pollsters read them.
   */
  createContainers(count: number, options?: CreateContainersOptions): Promise<SeededContainer[]>;
}

/**
 * A Swift for a test: the run's shared one when `CEILO_TEST_SWIFT_ENV` names its service.env
 * (scripts/test-all.sh), else a private one from `scripts/services/start-swift.sh` on free ports
 * behind `keystone` (3-11 s).
 */
export async function startSwift(options: StartOpenStackServiceOptions = {}): Promise<SwiftService> {
  const base = await startOpenStackService(
    { script: 'start-swift', sharedEnvVar: 'CEILO_TEST_SWIFT_ENV', urlKey: 'SWIFT_URL', portVars: ['SWIFT_PORT', 'SWIFT_OBJECT_PORT', 'SWIFT_CONTAINER_PORT', 'SWIFT_ACCOUNT_PORT'] },
    options,
  );
  const adminAccountUrl = async (): Promise<string> => `${base.url}/v1/AUTH_${(await base.keystone.token()).projectId}`;
  return {
    ...base,
    adminAccountUrl,
    createContainers: async (count, opts = {}) => {
      const { token, projectId } = await base.keystone.token();
      const account = `${base.url}/v1/AUTH_${projectId}`;
      const perContainer = opts.objectsPerContainer ?? 2;
      const objectBytes = opts.objectBytes ?? 8;
      const payload = new Uint8Array(objectBytes).fill(0x73);
      const prefix = uniqueName(opts.namePrefix ?? 'ceilo-c');
      const containers = await mapBounded(Array.from({ length: count }), opts.concurrency ?? 4, async (_, i) => {
        const name = `${prefix}-${String(i).padStart(4, '0')}`;
        await adminCall(token, 'PUT', `${account}/${name}`);
        for (let o = 0; o < perContainer; o += 1) await adminCall(token, 'PUT', `${account}/${name}/obj-${o}`, payload);
        return { name, objects: perContainer, bytes: perContainer * objectBytes };
      });
      if (opts.waitForAccount ?? true) {
        const waitMs = opts.waitTimeoutMs ?? 180_000;
        const deadline = Date.now() + waitMs;
        for (;;) {
          const res = await adminCall(token, 'GET', `${account}?format=json&prefix=${encodeURIComponent(prefix)}&limit=10000`);
          const listed = new Map((res.body as { name: string; count: number; bytes: number }[]).map((c) => [c.name, c]));
          if (containers.every((c) => listed.get(c.name)?.count === c.objects && listed.get(c.name)?.bytes === c.bytes)) break;
          if (Date.now() > deadline) throw new Error(`swift: the account listing of ${account} did not catch up within ${waitMs / 1000} s`);
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      return containers;
    },
  };
}
