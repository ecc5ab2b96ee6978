/**
 * Reads keystoneauth's options from a config group (`[service_credentials]` by default) into
 * {@link KeystoneCredentials}: the `password` and `v3applicationcredential` plugins (also spelled
 * `v3password`, `application_credential`, `v3applicationcredential`), scoped as keystoneauth scopes.
 */
import type { ConfigView } from '@ceilometer-ts/sdk';
import { OpenStackAuthError } from './errors.js';
import { SERVICE_CREDENTIALS_GROUP } from './options.js';

/** An endpoint interface as the catalog spells it. */
export type EndpointInterface = 'public' | 'internal' | 'admin';

/** A user or project reference: by id, or by name within a domain. */
interface NamedRef {
  readonly id?: string;
  readonly name?: string;
  readonly domainId?: string;
  readonly domainName?: string;
}

/** What Keystone's `POST /v3/auth/tokens` needs, plus the session settings of the same group. */
export interface KeystoneCredentials {
  /** `.../v3`, no trailing slash. */
  readonly authUrl: string;
  readonly method:
    | { readonly kind: 'password'; readonly user: NamedRef; readonly password: string }
    | { readonly kind: 'application_credential'; readonly id?: string; readonly name?: string; readonly user?: NamedRef; readonly secret: string };
  /** Project scope; none for unscoped or application credentials (they carry their own). */
  readonly project?: NamedRef;
  readonly domain?: { readonly id?: string; readonly name?: string };
  readonly interface: EndpointInterface;
  readonly regionName: string | null;
  readonly cafile?: string;
  readonly insecure: boolean;
  readonly timeoutMs?: number;
}

const PASSWORD = new Set(['password', 'v3password']);
const APP_CRED = new Set(['v3applicationcredential', 'application_credential', 'applicationcredential']);

/** `internalURL` and friends (keystoneauth's old spellings) to the catalog's interface names. */
export function normalizeInterface(value: string): EndpointInterface {
  const v = value.replace(/URL$/, '');
  if (v === 'public' || v === 'internal' || v === 'admin') return v;
  if (v === 'auth') return 'public';
  throw new OpenStackAuthError(`unknown endpoint interface "${value}" (public, internal, admin)`);
}

function str(group: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = group[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function ref(id: string | undefined, name: string | undefined, domainId: string | undefined, domainName: string | undefined): NamedRef {
  return { ...(id ? { id } : {}), ...(name ? { name } : {}), ...(domainId ? { domainId } : {}), ...(domainName ? { domainName } : {}) };
}

/**
 * The credentials of `[group]`, or null when it has no `auth_url` (no OpenStack configured).
 * Throws {@link OpenStackAuthError} (status 0) for an unsupported `auth_type` or missing fields.
 */
export function readCredentials(config: ConfigView, group = SERVICE_CREDENTIALS_GROUP): KeystoneCredentials | null {
  const g = config.group(group);
  const authUrl = str(g, 'auth_url');
  if (!authUrl) return null;
  const where = `[${group}]`;
  const authType = str(g, 'auth_type') ?? 'password';
  const defaultDomainId = str(g, 'default_domain_id');
  const defaultDomainName = str(g, 'default_domain_name');
  const userDomainId = str(g, 'user_domain_id') ?? defaultDomainId;
  const userDomainName = str(g, 'user_domain_name') ?? defaultDomainName;
  const user = ref(str(g, 'user_id'), str(g, 'username'), userDomainId, userDomainName);
  let method: KeystoneCredentials['method'];
  if (PASSWORD.has(authType)) {
    const password = str(g, 'password');
    if (!user.id && !user.name) throw new OpenStackAuthError(`${where} auth_type ${authType} needs username or user_id`);
    if (user.name && !user.domainId && !user.domainName) throw new OpenStackAuthError(`${where} username needs user_domain_id or user_domain_name`);
    if (password === undefined) throw new OpenStackAuthError(`${where} auth_type ${authType} needs password`);
    method = { kind: 'password', user, password };
  } else if (APP_CRED.has(authType)) {
    const secret = str(g, 'application_credential_secret');
    const id = str(g, 'application_credential_id');
    const name = str(g, 'application_credential_name');
    if (secret === undefined) throw new OpenStackAuthError(`${where} auth_type ${authType} needs application_credential_secret`);
    if (!id && !name) throw new OpenStackAuthError(`${where} auth_type ${authType} needs application_credential_id or application_credential_name`);
    if (!id && !user.id && !user.name) throw new OpenStackAuthError(`${where} application_credential_name needs username or user_id`);
    method = { kind: 'application_credential', ...(id ? { id } : {}), ...(name ? { name } : {}), ...(id ? {} : { user }), secret };
  } else {
    throw new OpenStackAuthError(`${where} auth_type "${authType}" is not supported (password, v3password, v3applicationcredential)`);
  }
  const projectId = str(g, 'project_id');
  const projectName = str(g, 'project_name');
  const project =
    method.kind === 'password' && (projectId || projectName)
      ? ref(projectId, projectName, str(g, 'project_domain_id') ?? defaultDomainId, str(g, 'project_domain_name') ?? defaultDomainName)
      : undefined;
  if (project?.name && !project.domainId && !project.domainName) {
    throw new OpenStackAuthError(`${where} project_name needs project_domain_id or project_domain_name`);
  }
  const domainId = str(g, 'domain_id');
  const domainName = str(g, 'domain_name');
  return {
    authUrl: normalizeAuthUrl(authUrl),
    method,
    ...(project ? { project } : {}),
    ...(!project && (domainId || domainName) ? { domain: { ...(domainId ? { id: domainId } : {}), ...(domainName ? { name: domainName } : {}) } } : {}),
    ...readSessionSettings(g),
  };
}

/** The session settings every credentials kind reads from its group. */
export type SessionSettings = Pick<KeystoneCredentials, 'interface' | 'regionName' | 'cafile' | 'insecure' | 'timeoutMs'>;

/** `interface`, `region_name`, `cafile`, `insecure` and `timeout` of a credentials group's values. */
export function readSessionSettings(g: Readonly<Record<string, unknown>>): SessionSettings {
  const timeout = g['timeout'];
  const cafile = str(g, 'cafile');
  return {
    interface: normalizeInterface(str(g, 'interface') ?? 'public'),
    regionName: str(g, 'region_name') ?? null,
    ...(cafile ? { cafile } : {}),
    insecure: g['insecure'] === true,
    ...(typeof timeout === 'number' && timeout > 0 ? { timeoutMs: timeout * 1000 } : {}),
  };
}

/** `http://ks:5000`, `.../v3/` and `.../v3` all become `.../v3` (keystoneauth discovers v3 the same way). */
export function normalizeAuthUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/v3$/.test(trimmed) ? trimmed : /\/v2\.0$/.test(trimmed) ? trimmed.replace(/\/v2\.0$/, '/v3') : `${trimmed}/v3`;
}
