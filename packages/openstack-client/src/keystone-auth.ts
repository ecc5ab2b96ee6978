/**
 * Keystone v3 token management for one set of credentials: `POST /v3/auth/tokens`, the token and
 * its catalog cached until shortly before `expires_at`, one authentication in flight at a time
 * (concurrent callers share it), and invalidation when a service answers 401.
 */
import type { Logger } from '@ceilometer-ts/sdk';
import { ServiceCatalog } from './catalog.js';
import type { KeystoneCredentials } from './credentials.js';
import { OpenStackAuthError, OpenStackHttpError } from './errors.js';
import { displayUrl, type HttpTransport } from './http-transport.js';

/** A valid token with what came with it. */
export interface AuthState {
  /** The Keystone token ('' for a static session). */
  readonly token: string;
  /** What every request carries to authenticate (`x-auth-token`, or a static session's headers). */
  readonly headers: Readonly<Record<string, string>>;
  /** Epoch ms; `Infinity` when Keystone gave no expiry. */
  readonly expiresAt: number;
  readonly catalog: ServiceCatalog;
  readonly projectId: string | null;
  readonly userId: string | null;
}

type Ref = { readonly id?: string; readonly name?: string; readonly domainId?: string; readonly domainName?: string };

/** Keystone's JSON for a user or project: by id, else by name within a domain (id or name). */
function named(r: Ref): Record<string, unknown> {
  return r.id ? { id: r.id } : { name: r.name, domain: r.domainId ? { id: r.domainId } : { name: r.domainName } };
}

function scopeOf(c: KeystoneCredentials): Record<string, unknown> | undefined {
  if (c.project) return { project: named(c.project) };
  if (c.domain) return { domain: c.domain.id ? { id: c.domain.id } : { name: c.domain.name } };
  return undefined;
}

/** The JSON body of `POST /v3/auth/tokens` for `c` (holds the secret: never log it). */
export function authRequestBody(c: KeystoneCredentials): unknown {
  const m = c.method;
  const identity =
    m.kind === 'password'
      ? { methods: ['password'], password: { user: { ...named(m.user), password: m.password } } }
      : {
          methods: ['application_credential'],
          application_credential: m.id ? { id: m.id, secret: m.secret } : { name: m.name, secret: m.secret, user: named(m.user ?? {}) },
        };
  const scope = scopeOf(c);
  return { auth: { identity, ...(scope ? { scope } : {}) } };
}

/** Who is authenticating, for messages (never the secret). */
export function describeCredentials(c: KeystoneCredentials): string {
  const m = c.method;
  if (m.kind === 'application_credential') return `application credential ${m.id ?? m.name ?? '?'}`;
  return `user ${m.user.name ?? m.user.id ?? '?'}`;
}

function keystoneMessage(body: unknown): string {
  const err = (body as { error?: { message?: unknown } } | null)?.error;
  const text = typeof err?.message === 'string' ? err.message : typeof body === 'string' ? body : '';
  return text.slice(0, 200);
}

/** What a session authenticates with: Keystone tokens, or a static endpoint and headers. */
export interface SessionAuthenticator {
  /** Valid authentication state (authenticating when needed). */
  state(): Promise<AuthState>;
  /** Forgets `token` after a 401 so the next call authenticates again. */
  invalidate(token: string): void;
  /** Whether a 401 is worth one more attempt (false when nothing can change). */
  readonly renewable: boolean;
}

/** Token cache and renewal for one set of credentials. */
export class KeystoneAuth implements SessionAuthenticator {
  readonly renewable = true;
  #state: AuthState | null = null;
  #pending: Promise<AuthState> | null = null;

  constructor(
    readonly credentials: KeystoneCredentials,
    private readonly transport: HttpTransport,
    private readonly logger: Logger,
    /** Renew this long before expiry (default 60 s; keystoneauth uses 30 s). */
    private readonly renewBeforeMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token valid for at least `renewBeforeMs`, authenticating when needed. */
  async state(): Promise<AuthState> {
    const state = this.#state;
    if (state && state.expiresAt - this.renewBeforeMs > this.now()) return state;
    // NOTE: one authentication at a time; callers that arrive meanwhile share its outcome (and so
    // it takes no caller's abort signal: the transport's timeout bounds it)
    this.#pending ??= this.#authenticate().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  /** Forgets `token` (a service answered 401 with it) so the next call authenticates again. */
  invalidate(token: string): void {
    if (this.#state?.token === token) this.#state = null;
  }

  async #authenticate(): Promise<AuthState> {
    const c = this.credentials;
    const url = `${c.authUrl}/auth/tokens`;
    const res = await this.transport.send({
      method: 'POST', url, service: 'identity', json: authRequestBody(c), headers: { 'content-type': 'application/json' },
    });
    const token = res.headers['x-subject-token'];
    if (res.status === 401 || res.status === 403 || res.status === 404) {
      // 404: an application credential or user that does not exist, as keystone reports some of them
      throw new OpenStackAuthError(
        `Keystone at ${displayUrl(c.authUrl)} refused ${describeCredentials(c)}: HTTP ${res.status} ${keystoneMessage(res.body)}`.trim(),
        res.status,
      );
    }
    if (res.status < 200 || res.status >= 300 || typeof token !== 'string') {
      throw new OpenStackHttpError(res.status, { service: 'identity', method: 'POST', url: displayUrl(url) }, keystoneMessage(res.body));
    }
    const body = (res.body as { token?: Record<string, unknown> } | null)?.token ?? {};
    const expires = typeof body['expires_at'] === 'string' ? Date.parse(body['expires_at']) : NaN;
    const project = body['project'] as { id?: string } | undefined;
    const user = body['user'] as { id?: string } | undefined;
    const state: AuthState = {
      token,
      headers: { 'x-auth-token': token },
      expiresAt: Number.isFinite(expires) ? expires : Infinity,
      catalog: new ServiceCatalog(body['catalog']),
      projectId: project?.id ?? null,
      userId: user?.id ?? null,
    };
    this.#state = state;
    this.logger.debug({ authUrl: displayUrl(c.authUrl), expiresAt: body['expires_at'] }, 'obtained a Keystone token for %s', describeCredentials(c));
    return state;
  }
}
