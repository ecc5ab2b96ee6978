/**
 * From a `snmp://` resource URL (Stein's syntax plus ours) and the `[hardware]` settings to the
 * connection parameters of one agent.
 *
 * `snmp://[user[:authkey]@]host[:port][?auth_proto=&priv_proto=&priv_password=&version=&timeout=&retries=&max_repetitions=]`
 */
import { createHash } from 'node:crypto';
import type { HardwareHost } from '@ceilometer-ts/sdk';
import { SnmpInspectorError } from './errors.js';
import { AUTH_PROTOCOLS, PRIV_PROTOCOLS, type SnmpInspectorSettings } from './options.js';

export type AuthProtocol = (typeof AUTH_PROTOCOLS)[number];
/** Privacy protocols the net-snmp library implements (after aliases are resolved). */
export type PrivProtocol = 'des' | 'aes' | 'aes256b' | 'aes256r';
export type SnmpVersion = '1' | '2c' | '3';

/** SNMPv3 USM credentials. */
export interface UsmCredentials {
  readonly user: string;
  readonly level: 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';
  readonly authProtocol?: AuthProtocol;
  readonly authKey?: string;
  readonly privProtocol?: PrivProtocol;
  readonly privKey?: string;
}

/** Everything needed to talk to one agent. */
export interface SnmpTarget {
  readonly address: string;
  readonly port: number;
  readonly version: SnmpVersion;
  /** v1/v2c only. */
  readonly community?: string;
  /** v3 only. */
  readonly usm?: UsmCredentials;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly maxRepetitions: number;
  /** `snmp://host:port`, for messages. */
  readonly label: string;
  /** A digest of every connection parameter: one session per distinct key. */
  readonly key: string;
}

const PRIV_ALIASES: Readonly<Record<string, PrivProtocol | null>> = {
  des: 'des',
  aes: 'aes',
  aes128: 'aes',
  aes256: 'aes256r',
  aes256r: 'aes256r',
  aes256c: 'aes256r',
  aes256b: 'aes256b',
  '3des': null,
  aes192: null,
};

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function parseVersion(raw: string, fail: (m: string) => never): SnmpVersion {
  const v = raw.toLowerCase().replace(/^v/, '');
  if (v === '1') return '1';
  if (v === '2' || v === '2c') return '2c';
  if (v === '3') return '3';
  return fail(`version "${raw}" is not one of 1, 2c, 3`);
}

/** `timeout` is in seconds (`1.5`); `500ms` and `2s` are accepted too. */
export function parseTimeoutMs(raw: string, fail: (m: string) => never): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(raw);
  if (!m) return fail(`timeout "${raw}" is not a number of seconds (e.g. 1.5, 500ms)`);
  const ms = m[2] === 'ms' ? Number(m[1]) : Number(m[1]) * 1000;
  if (ms < 1) return fail(`timeout "${raw}" is below 1 ms`);
  return Math.round(ms);
}

function parseInteger(name: string, raw: string, min: number, max: number, fail: (m: string) => never): number {
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) return fail(`${name} "${raw}" is not an integer in ${min}..${max}`);
  return n;
}

function authProtocol(raw: string, fail: (m: string) => never): AuthProtocol {
  const p = raw.toLowerCase().replace(/-/g, '');
  if ((AUTH_PROTOCOLS as readonly string[]).includes(p)) return p as AuthProtocol;
  return fail(`auth_proto "${raw}" is not one of ${AUTH_PROTOCOLS.join(', ')}`);
}

function privProtocol(raw: string, fail: (m: string) => never): PrivProtocol {
  const p = raw.toLowerCase().replace(/-/g, '');
  const known = PRIV_ALIASES[p];
  if (known) return known;
  if (known === null) return fail(`priv_proto "${raw}" is not implemented by the net-snmp library (use des, aes128 or aes256)`);
  return fail(`priv_proto "${raw}" is not one of ${PRIV_PROTOCOLS.join(', ')}`);
}

/**
 * Resolves one host's connection parameters.
 *
 * Version: `?version=` when given; otherwise SNMPv3 as soon as the URL carries an auth key, an
 * `auth_proto`, a `priv_proto` or a `priv_password` (Stein's rule), else v2c with the URL user as
 * community (`public` when there is none). A `?version=3` URL without a user takes `[hardware]
 * readonly_user_*`. With a key but no protocol, MD5 and DES apply (pysnmp's defaults, as Stein).
 * @throws SnmpInspectorError (`config`) naming the host, never the credentials.
 */
export function resolveSnmpTarget(host: HardwareHost, settings: SnmpInspectorSettings): SnmpTarget {
  const { url } = host;
  const port = url.port ? Number(url.port) : 161;
  const label = `snmp://${host.hostname.includes(':') ? `[${host.hostname}]` : host.hostname}:${port}`;
  const fail = (message: string): never => {
    throw new SnmpInspectorError(label, 'config', `invalid SNMP resource URL: ${message}`);
  };
  if (url.protocol !== 'snmp:') fail(`scheme "${url.protocol.replace(/:$/, '')}" is not snmp`);

  const q = url.searchParams;
  const param = (name: string): string | undefined => {
    const all = q.getAll(name);
    return all.length ? all[all.length - 1] : undefined; // the last one wins, as parse_qs()[-1]
  };
  const user = decode(url.username);
  const password = decode(url.password);
  const authProtoRaw = param('auth_proto');
  const privProtoRaw = param('priv_proto');
  const privPassword = param('priv_password');
  const versionRaw = param('version');
  const timeoutRaw = param('timeout');
  const retriesRaw = param('retries');
  const maxRepRaw = param('max_repetitions');

  const looksV3 = Boolean(password || authProtoRaw || privProtoRaw || privPassword);
  const version = versionRaw !== undefined ? parseVersion(versionRaw, fail) : looksV3 ? '3' : '2c';
  const timeoutMs = timeoutRaw !== undefined ? parseTimeoutMs(timeoutRaw, fail) : settings.timeoutMs;
  const retries = retriesRaw !== undefined ? parseInteger('retries', retriesRaw, 0, 20, fail) : settings.retries;
  const maxRepetitions = maxRepRaw !== undefined ? parseInteger('max_repetitions', maxRepRaw, 1, 65535, fail) : settings.maxRepetitions;

  let community: string | undefined;
  let usm: UsmCredentials | undefined;
  if (version === '3') {
    const ro = settings.readonlyUser;
    const fromConfig = !user && !password && !authProtoRaw && !privProtoRaw && !privPassword;
    const name = fromConfig ? ro.name : user;
    const authKey = (fromConfig ? ro.password : password) || undefined;
    const privKey = (fromConfig ? ro.privPassword : privPassword) || undefined;
    const authRaw = fromConfig ? ro.authProto : authProtoRaw;
    const privRaw = fromConfig ? ro.privProto : privProtoRaw;
    if (!name) fail('SNMPv3 needs a user name (snmp://user:authkey@host)');
    if (privKey && !authKey) fail('a priv_password needs an auth key too (snmp://user:authkey@host?priv_password=...)');
    if (authRaw && !authKey) fail('auth_proto is set but the URL has no auth key (snmp://user:authkey@host)');
    if (privRaw && !privKey) fail('priv_proto is set but there is no priv_password');
    const level = privKey ? 'authPriv' : authKey ? 'authNoPriv' : 'noAuthNoPriv';
    usm = {
      user: name,
      level,
      ...(authKey ? { authProtocol: authRaw ? authProtocol(authRaw, fail) : 'md5', authKey } : {}),
      ...(privKey ? { privProtocol: privRaw ? privProtocol(privRaw, fail) : 'des', privKey } : {}),
    };
  } else {
    community = user || 'public';
  }
  const key = createHash('sha256')
    .update(JSON.stringify([host.hostname, port, version, community, usm, timeoutMs, retries, maxRepetitions]))
    .digest('hex')
    .slice(0, 32);
  return { address: host.hostname, port, version, community, usm, timeoutMs, retries, maxRepetitions, label, key };
}
