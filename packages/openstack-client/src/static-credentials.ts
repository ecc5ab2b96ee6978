/**
 * Sessions without Keystone: gnocchiclient's keystoneauth plugins `gnocchi-basic` (HTTP basic with
 * an empty password, the user name only) and `gnocchi-noauth` (`X-User-Id`, `X-Project-Id`,
 * `X-Roles` headers), both with a static `endpoint` that every service type resolves to. Sites that
 * run Gnocchi without Keystone configure them in the auth section as upstream does.
 */
import type { ConfigView } from '@ceilometer-ts/sdk';
import { readSessionSettings, type EndpointInterface } from './credentials.js';
import { OpenStackAuthError } from './errors.js';
import { SERVICE_CREDENTIALS_GROUP } from './options.js';

/** The auth types read here, spelled as gnocchiclient registers them. */
export const STATIC_AUTH_TYPES = ['gnocchi-basic', 'gnocchi-noauth'] as const;
export type StaticAuthType = (typeof STATIC_AUTH_TYPES)[number];

/** A session with a fixed endpoint and fixed headers (no token, no catalog). */
export interface StaticEndpointCredentials {
  readonly authType: StaticAuthType;
  /** The service endpoint, no trailing slash. */
  readonly endpoint: string;
  /** Sent with every request (`authorization`, or `x-user-id` / `x-project-id` / `x-roles`). */
  readonly headers: Readonly<Record<string, string>>;
  /** `gnocchi-noauth`: the ids the headers carry; null for `gnocchi-basic`. */
  readonly userId: string | null;
  readonly projectId: string | null;
  readonly interface: EndpointInterface;
  readonly regionName: string | null;
  readonly cafile?: string;
  readonly insecure: boolean;
  readonly timeoutMs?: number;
}

function str(group: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = group[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Whether `value` is `gnocchi-basic` or `gnocchi-noauth`. */
export function isStaticAuthType(value: unknown): value is StaticAuthType {
  return typeof value === 'string' && (STATIC_AUTH_TYPES as readonly string[]).includes(value);
}

/**
 * The static credentials of `[group]` when its `auth_type` is `gnocchi-basic` or `gnocchi-noauth`,
 * else null. Defaults are gnocchiclient's: `user = admin` and `endpoint = http://localhost:8041`
 * (basic), `roles = admin` (noauth). Throws {@link OpenStackAuthError} (status 0) when `gnocchi-noauth`
 * lacks `user_id`, `project_id` or `endpoint`.
 */
export function readStaticCredentials(config: ConfigView, group = SERVICE_CREDENTIALS_GROUP): StaticEndpointCredentials | null {
  const g = config.group(group);
  const authType = str(g, 'auth_type');
  if (!isStaticAuthType(authType)) return null;
  const where = `[${group}]`;
  let endpoint: string | undefined;
  let headers: Record<string, string>;
  let userId: string | null = null;
  let projectId: string | null = null;
  if (authType === 'gnocchi-basic') {
    const user = str(g, 'user') ?? 'admin';
    endpoint = str(g, 'endpoint') ?? 'http://localhost:8041';
    headers = { authorization: `basic ${Buffer.from(`${user}:`, 'utf8').toString('base64')}` };
  } else {
    userId = str(g, 'user_id') ?? null;
    projectId = str(g, 'project_id') ?? null;
    endpoint = str(g, 'endpoint');
    const missing = [userId ? '' : 'user_id', projectId ? '' : 'project_id', endpoint ? '' : 'endpoint'].filter(Boolean);
    if (missing.length > 0) throw new OpenStackAuthError(`${where} auth_type gnocchi-noauth needs ${missing.join(', ')}`);
    headers = { 'x-user-id': userId!, 'x-project-id': projectId!, 'x-roles': str(g, 'roles') ?? 'admin' };
  }
  return { authType, endpoint: endpoint!.replace(/\/+$/, ''), headers, userId, projectId, ...readSessionSettings(g) };
}
