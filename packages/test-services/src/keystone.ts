import { dirname } from 'node:path';
import { findFreePort } from './ports.js';
import { readServiceEnv, startPrivateService } from './private-service.js';

/** A Keystone v3 for integration tests (admin/secret in project admin; service users, password `secret`). */
export interface KeystoneService {
  /** `http://127.0.0.1:PORT/v3`. */
  readonly url: string;
  /** The data dir (what start-nova-api.sh takes as KEYSTONE_DIR). */
  readonly dir: string;
  /** Everything start-keystone.sh printed (OS_USERNAME, OS_PASSWORD, OS_REGION_NAME, ...). */
  readonly env: Readonly<Record<string, string>>;
  readonly region: string;
  /** Password of the service users (nova, ceilometer, ...) in project `service`. */
  readonly servicePassword: string;
  /** True when it came from `CEILO_TEST_KEYSTONE_ENV` (owned by the run, not by this test). */
  readonly shared: boolean;
  /** A project-scoped token for `user` (default: admin in project admin). */
  token(user?: string, password?: string, project?: string): Promise<{ token: string; userId: string; projectId: string }>;
  /** Stops a private instance; a no-op for a shared one. */
  stop(): Promise<void>;
}

function service(env: Readonly<Record<string, string>>, shared: boolean, stop: () => Promise<void>): KeystoneService {
  const url = env['KEYSTONE_URL']!;
  return {
    url,
    dir: env['KEYSTONE_DIR']!,
    env,
    region: env['OS_REGION_NAME'] ?? 'RegionOne',
    servicePassword: env['KEYSTONE_SERVICE_PASSWORD'] ?? 'secret',
    shared,
    stop,
    token: async (user = 'admin', password = env['OS_PASSWORD'] ?? 'secret', project = user === 'admin' ? 'admin' : 'service') => {
      const res = await fetch(`${url}/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          auth: {
            identity: { methods: ['password'], password: { user: { name: user, domain: { id: 'default' }, password } } },
            scope: { project: { name: project, domain: { id: 'default' } } },
          },
        }),
      });
      if (res.status !== 201) throw new Error(`keystone: token for ${user}: HTTP ${res.status}`);
      const body = (await res.json()) as { token: { user: { id: string }; project: { id: string } } };
      return { token: res.headers.get('x-subject-token') ?? '', userId: body.token.user.id, projectId: body.token.project.id };
    },
  };
}

/**
 * A Keystone for a test: the run's shared one when `CEILO_TEST_KEYSTONE_ENV` names its service.env
 * (scripts/test-all.sh), else a private one from `scripts/services/start-keystone.sh` on a free port
 * (about 5 s with the DB cache, 10-20 s without).
 */
export async function startKeystone(options: { private?: boolean } = {}): Promise<KeystoneService> {
  const sharedEnv = process.env['CEILO_TEST_KEYSTONE_ENV'];
  if (sharedEnv && !options.private) {
    const env = await readServiceEnv(sharedEnv);
    return service({ KEYSTONE_DIR: dirname(sharedEnv), ...env }, true, async () => {});
  }
  const port = await findFreePort();
  const started = await startPrivateService('start-keystone', { KEYSTONE_PORT: String(port) });
  return service(started.env, false, started.stop);
}
