import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { KeystoneService } from './keystone.js';
import { startKeystone } from './keystone.js';
import { findFreePort } from './ports.js';
import { readServiceEnv, startPrivateService } from './private-service.js';
import { serviceScriptsDir } from './service-script.js';

/** One OpenStack API service (Glance, Cinder, Neutron, Swift) behind a Keystone whose catalog names it. */
export interface OpenStackService {
  /** The service's root URL (`http://127.0.0.1:PORT`, no version). */
  readonly url: string;
  readonly keystone: KeystoneService;
  /** Everything its start script printed (`*_DB` is its sqlite file where it has one). */
  readonly env: Readonly<Record<string, string>>;
  /** True when it came from the run's `CEILO_TEST_*_ENV` (owned by the run: never stopped here). */
  readonly shared: boolean;
  /** One admin REST call (admin in project admin) to `url + path`; rejects with {@link OpenStackRequestError} on >= 400. */
  request(method: string, path: string, body?: unknown, headers?: Readonly<Record<string, string>>): Promise<AdminResponse>;
  /** Stops a private service (and a Keystone started for it); a no-op for a shared one. */
  stop(): Promise<void>;
}

/** Options of `startGlance()`, `startCinder()`, `startNeutron()`, `startSwift()`. */
export interface StartOpenStackServiceOptions {
  /**
   * A private service registered in this Keystone's catalog (its endpoints are re-pointed to the
   * service's port: never pass the run's shared Keystone together with a private service other tests rely on).
   */
  readonly keystone?: KeystoneService;
  /** Always start a private one (with a private Keystone unless `keystone` is given). */
  readonly private?: boolean;
}

/** How one service is started: script name, the env var naming the run's shared service.env, URL and port keys. */
export interface OpenStackServiceKind {
  readonly script: string;
  readonly sharedEnvVar: string;
  readonly urlKey: string;
  /** Start-script variables that take a free port each (the first one is the API's). */
  readonly portVars: readonly string[];
}

const BINARIES: Readonly<Record<string, readonly string[]>> = {
  glance: ['/usr/bin/glance-wsgi-api', '/usr/bin/glance-manage'],
  cinder: ['/usr/bin/cinder-wsgi', '/usr/bin/cinder-manage'],
  neutron: ['/usr/bin/neutron-server', '/usr/bin/neutron-db-manage'],
  swift: ['/usr/bin/swift-proxy-server', '/usr/bin/swift-account-server', '/usr/bin/swift-container-server', '/usr/bin/swift-object-server'],
};

/** Why Keystone + this OpenStack service cannot run here (a Debian package is missing), or undefined. */
export function openStackServiceUnavailable(service: 'glance' | 'cinder' | 'neutron' | 'swift'): string | undefined {
  for (const path of ['/usr/bin/keystone-wsgi-public', '/usr/bin/uwsgi', ...(BINARIES[service] ?? [])]) {
    if (!existsSync(path)) return `${path} not found (scripts/ensure-debian-packages.sh installs keystone, glance-api, cinder-api, neutron-server, swift-*)`;
  }
  return undefined;
}

/**
 * The run's shared service when its `CEILO_TEST_*_ENV` is set (and neither `keystone` nor `private`
 * asks otherwise), else a private one on free ports. A private service without a given Keystone
 * gets a Keystone of its own when the run shares one: its start script re-points catalog endpoints,
 * which must not happen to the catalog other tests read.
 */
export async function startOpenStackService(kind: OpenStackServiceKind, options: StartOpenStackServiceOptions = {}): Promise<OpenStackService> {
  const sharedEnv = process.env[kind.sharedEnvVar];
  if (sharedEnv && !options.keystone && !options.private) {
    const env = await readServiceEnv(sharedEnv);
    const keystone = await startKeystone();
    return withRequest({ url: env[kind.urlKey]!, keystone, env, shared: true, stop: async () => {} });
  }
  const keystone = options.keystone ?? (await startKeystone({ private: Boolean(process.env['CEILO_TEST_KEYSTONE_ENV']) }));
  try {
    const ports: Record<string, string> = {};
    for (const name of kind.portVars) ports[name] = String(await findFreePort());
    const started = await startPrivateService(kind.script, ports, { leadingArgs: [keystone.dir] });
    return withRequest({
      url: started.env[kind.urlKey]!,
      keystone,
      env: started.env,
      shared: false,
      stop: async () => {
        await started.stop();
        if (!options.keystone) await keystone.stop();
      },
    });
  } catch (error) {
    if (!options.keystone) await keystone.stop();
    throw error;
  }
}

function withRequest(service: Omit<OpenStackService, 'request'>): OpenStackService {
  return {
    ...service,
    request: async (method, path, body, headers) => adminCall((await service.keystone.token()).token, method, service.url + path, body, headers),
  };
}

/** A failed admin REST call made by a seed helper. */
export class OpenStackRequestError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${url}: HTTP ${status} ${body.slice(0, 300)}`);
    this.name = 'OpenStackRequestError';
  }
}

/** The answer of {@link adminCall}: status, headers and the parsed JSON body (undefined when empty or not JSON). */
export interface AdminResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * One REST call with `token`; JSON bodies are sent as JSON, strings and buffers as they are. Rejects
 * with {@link OpenStackRequestError} on a status >= 400.
 */
export async function adminCall(
  token: string,
  method: string,
  url: string,
  body?: unknown,
  headers: Readonly<Record<string, string>> = {},
): Promise<AdminResponse> {
  const raw = typeof body === 'string' || body instanceof Uint8Array;
  const init: RequestInit = {
    method,
    headers: {
      'x-auth-token': token,
      ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
  };
  if (body !== undefined) init.body = raw ? body : JSON.stringify(body);
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status >= 400) throw new OpenStackRequestError(method, url, res.status, text);
  let parsed: unknown;
  try {
    parsed = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Maps `items` through `fn` with at most `limit` calls in flight (the services run one worker each). */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      out[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Runs SQL statements on a service's sqlite file with /usr/bin/python3 (WAL: safe while the service
 * runs). Each statement gets its own parameter rows (`executemany`). What the seed helpers use for
 * what only an absent agent would write (volume hosts and statuses, ACTIVE floating IPs).
 */
export function sqliteExec(dbFile: string, statements: readonly { readonly sql: string; readonly rows: readonly (readonly (string | number | null)[])[] }[]): Promise<void> {
  const script = [
    'import json, sqlite3, sys',
    'c = sqlite3.connect(sys.argv[1], timeout=30)',
    'for s in json.load(sys.stdin):',
    '    c.executemany(s["sql"], s["rows"])',
    'c.commit()',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = execFile('/usr/bin/python3', ['-c', script, dbFile], { timeout: 120_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`sqlite update of ${dbFile} failed: ${error.message}\n${stderr}`, { cause: error }));
      else resolve();
    });
    child.stdin?.end(JSON.stringify(statements));
  });
}

/**
 * Clones the row `templateId` of `table` `count` times in a service's sqlite file
 * (scripts/services/sqlite-clone-rows.py: new uuid ids, names `prefix-<n>`, child rows copied);
 * resolves with the new ids. The seed helpers' `bulk` option: one object through the API, the rest
 * cloned (1,000 through the API take minutes here).
 */
export function cloneRows(dbFile: string, table: string, templateId: string, count: number, prefix: string, children: readonly string[] = []): Promise<string[]> {
  if (count <= 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', [join(serviceScriptsDir(), 'sqlite-clone-rows.py'), dbFile, table, templateId, String(count), prefix, ...children], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`cloning ${table} rows in ${dbFile} failed: ${error.message}\n${stderr}`, { cause: error }));
      else resolve(stdout.split('\n').filter(Boolean));
    });
  });
}

/** A name no other test on a shared service uses (`prefix-<pid>-<counter>-<random>`). */
export function uniqueName(prefix: string): string {
  uniqueCounter += 1;
  return `${prefix}-${process.pid}-${uniqueCounter}-${Math.random().toString(36).slice(2, 8)}`;
}
let uniqueCounter = 0;
