/**
 * The non-OpenStack variant's `module` + `authentication_object`: upstream imports any Python
 * class and builds it from the comma-separated credentials. We cannot import Python, so the
 * authenticators are a fixed table; any other pair is a definition error naming `module`.
 */

/** A supported authenticator: how the credentials become request headers. */
export class AuthenticatorSpec {
  private constructor(
    readonly module: string,
    readonly object: string,
    readonly headers: (args: readonly string[]) => Record<string, string>,
  ) {}

  static readonly SUPPORTED: readonly AuthenticatorSpec[] = [
    // requests.auth.HTTPBasicAuth(username, password)
    new AuthenticatorSpec('requests.auth', 'HTTPBasicAuth', ([user = '', password = '']) => ({
      authorization: `Basic ${Buffer.from(`${user}:${password}`, 'latin1').toString('base64')}`,
    })),
    // requests.auth.HTTPProxyAuth(username, password)
    new AuthenticatorSpec('requests.auth', 'HTTPProxyAuth', ([user = '', password = '']) => ({
      'proxy-authorization': `Basic ${Buffer.from(`${user}:${password}`, 'latin1').toString('base64')}`,
    })),
  ];

  /** The spec, or a message saying what is supported. */
  static find(module: string, object: string): AuthenticatorSpec | string {
    const spec = AuthenticatorSpec.SUPPORTED.find((s) => s.module === module && s.object === object);
    if (spec) return spec;
    const list = AuthenticatorSpec.SUPPORTED.map((s) => `${s.module}.${s.object}`).join(', ');
    return `authenticator ${module}.${object} is not supported (Python modules cannot be imported here); supported: ${list}`;
  }

  /** Headers for upstream's credentials string `"a, b, c"` (each part stripped). */
  headersFor(credentials: string): Record<string, string> {
    return this.headers(credentials.split(',').map((s) => s.trim()));
  }
}
