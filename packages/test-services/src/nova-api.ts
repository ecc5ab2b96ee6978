import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { KeystoneService } from './keystone.js';
import { startKeystone } from './keystone.js';
import { findFreePort } from './ports.js';
import { readServiceEnv, startPrivateService } from './private-service.js';
import { serviceScriptsDir } from './service-script.js';

/** One instance to write into Nova (see scripts/services/nova-seed-instances.py). */
export interface NovaSeedInstance {
  readonly id: string;
  readonly name: string;
  readonly host: string;
  readonly project_id: string;
  readonly user_id: string;
  readonly flavor: { readonly name: string; readonly vcpus: number; readonly ram: number; readonly disk: number; readonly ephemeral?: number; readonly swap?: number };
  readonly image?: string | null;
  readonly vm_state?: string;
  readonly power_state?: number;
  readonly metadata?: Readonly<Record<string, string>>;
  /** Soft-delete an existing instance. */
  readonly deleted?: boolean;
}

/** What the seed script did to one instance. */
export interface NovaSeedResult {
  readonly id: string;
  readonly action: 'created' | 'updated' | 'deleted';
  /** `OS-EXT-SRV-ATTR:instance_name` (`instance-0000000a`): the libvirt domain name Nova expects. */
  readonly instance_name: string;
  readonly updated_at: string | null;
}

/** A Nova API (no scheduler/conductor/compute) behind a Keystone. */
export interface NovaApiService {
  /** `http://127.0.0.1:PORT/v2.1`. */
  readonly url: string;
  readonly keystone: KeystoneService;
  readonly env: Readonly<Record<string, string>>;
  /** True when it came from `CEILO_TEST_NOVA_ENV`. */
  readonly shared: boolean;
  /** Creates, updates or deletes instances through Nova's object layer (about 2 s of Python imports). */
  seed(instances: readonly NovaSeedInstance[]): Promise<NovaSeedResult[]>;
  /** Stops a private nova-api (and a Keystone it started); a no-op for a shared one. */
  stop(): Promise<void>;
}

function seeder(conf: string): NovaApiService['seed'] {
  return (instances) =>
    new Promise((resolve, reject) => {
      const child = execFile('/usr/bin/python3', [join(serviceScriptsDir(), 'nova-seed-instances.py'), conf], { timeout: 120_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`nova-seed-instances.py failed: ${error.message}\n${stderr}`, { cause: error }));
          return;
        }
        resolve(stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as NovaSeedResult));
      });
      child.stdin?.end(JSON.stringify({ instances }));
    });
}

/**
 * A Nova API for a test: the run's shared one when `CEILO_TEST_NOVA_ENV` names its service.env, else
 * a private one from `scripts/services/start-nova-api.sh` (its own PostgreSQL and Neutron stub)
 * behind `keystone` (started privately when not given): about 6 s with the DB cache, 20 s without.
 * Shared or not, give seeded instances a host name of the test's own.
 */
export async function startNovaApi(options: { keystone?: KeystoneService } = {}): Promise<NovaApiService> {
  const sharedEnv = process.env['CEILO_TEST_NOVA_ENV'];
  if (sharedEnv && !options.keystone) {
    const env = await readServiceEnv(sharedEnv);
    const keystone = await startKeystone();
    return { url: env['NOVA_URL']!, keystone, env, shared: true, seed: seeder(env['NOVA_CONF']!), stop: async () => {} };
  }
  const keystone = options.keystone ?? (await startKeystone());
  try {
    const port = await findFreePort();
    const started = await startPrivateService('start-nova-api', { NOVA_PORT: String(port) }, { leadingArgs: [keystone.dir] });
    return {
      url: started.env['NOVA_URL']!,
      keystone,
      env: started.env,
      shared: false,
      seed: seeder(started.env['NOVA_CONF']!),
      stop: async () => {
        await started.stop();
        if (!options.keystone) await keystone.stop();
      },
    };
  } catch (error) {
    if (!options.keystone) await keystone.stop();
    throw error;
  }
}
