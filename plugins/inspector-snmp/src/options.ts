/**
 * `[hardware]` options of the SNMP inspector: Stein's read-only SNMPv3 user (used by discoveries to
 * build URLs, and by the inspector for `?version=3` URLs without credentials) and ours for timeouts,
 * retries, GETBULK size and host concurrency. The pollsters package declares `meter_definitions_file`
 * and `monitor_file` in the same group.
 */
import type { ConfigView, OptionList } from '@ceilometer-ts/sdk';

/** Authentication protocols the inspector accepts (Stein had md5 and sha). */
export const AUTH_PROTOCOLS = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
/**
 * Privacy protocols. `aes128`/`aes` is RFC 3826 AES-CFB-128; `aes256` is the Reeder key extension
 * Stein's pysnmp used (net-snmp CLI `AES-256-C`), `aes256b` the Blumenthal one (CLI `AES-256`).
 * `3des` and `aes192` are listed by Stein but not implemented by the net-snmp library: rejected
 * with a clear error.
 */
export const PRIV_PROTOCOLS = ['des', 'aes', 'aes128', 'aes256', 'aes256b', 'aes256r', 'aes256c', '3des', 'aes192'] as const;

/** The `[hardware]` options declared by this package (`oslo.config.opts` entry point `hardware_snmp`). */
export const snmpInspectorOptions: OptionList = [
  { group: 'hardware', name: 'readonly_user_name', type: 'string', default: 'ro_snmp_user', help: 'SNMPd user name of all nodes running in the cloud.' },
  {
    group: 'hardware',
    name: 'readonly_user_password',
    type: 'string',
    default: 'password',
    secret: true,
    help: 'SNMPd v3 authentication password of all the nodes running in the cloud.',
  },
  {
    group: 'hardware',
    name: 'readonly_user_auth_proto',
    type: 'string',
    choices: AUTH_PROTOCOLS,
    help: 'SNMPd v3 authentication algorithm of all the nodes running in the cloud.',
  },
  {
    group: 'hardware',
    name: 'readonly_user_priv_proto',
    type: 'string',
    choices: PRIV_PROTOCOLS,
    help: 'SNMPd v3 encryption algorithm of all the nodes running in the cloud.',
  },
  { group: 'hardware', name: 'readonly_user_priv_password', type: 'string', secret: true, help: 'SNMPd v3 encryption password of all the nodes running in the cloud.' },
  {
    group: 'hardware',
    name: 'max_parallel_hosts',
    type: 'integer',
    default: 64,
    min: 1,
    help: 'Most hosts the SNMP inspector queries at the same time; further hosts wait for a free slot.',
  },
  {
    group: 'hardware',
    name: 'snmp_timeout',
    type: 'float',
    default: 1.0,
    min: 0.01,
    help: 'Seconds to wait for each SNMP response before retrying (URL parameter `timeout` overrides it per host).',
  },
  {
    group: 'hardware',
    name: 'snmp_retries',
    type: 'integer',
    default: 2,
    min: 0,
    help: 'Retries of an unanswered SNMP request; a dead host costs snmp_timeout x (snmp_retries + 1) (URL parameter `retries`).',
  },
  {
    group: 'hardware',
    name: 'snmp_max_repetitions',
    type: 'integer',
    default: 25,
    min: 1,
    max: 65535,
    help: 'GETBULK max-repetitions when walking tables; agents may return fewer rows and the walk goes on (URL parameter `max_repetitions`).',
  },
];

/** Stein's read-only SNMPv3 user from `[hardware]`. */
export interface ReadonlyUserSettings {
  readonly name: string;
  readonly password: string | undefined;
  readonly authProto: string | undefined;
  readonly privProto: string | undefined;
  readonly privPassword: string | undefined;
}

/** What the inspector works with, resolved from `[hardware]`. */
export interface SnmpInspectorSettings {
  readonly maxParallelHosts: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly maxRepetitions: number;
  readonly readonlyUser: ReadonlyUserSettings;
}

/** The declared defaults. */
export function defaultSnmpInspectorSettings(): SnmpInspectorSettings {
  return {
    maxParallelHosts: 64,
    timeoutMs: 1000,
    retries: 2,
    maxRepetitions: 25,
    readonlyUser: { name: 'ro_snmp_user', password: 'password', authProto: undefined, privProto: undefined, privPassword: undefined },
  };
}

/** Reads `[hardware]`; options nobody declared (a bare test config) fall back to the defaults. */
export function readSnmpInspectorSettings(config: ConfigView | undefined): SnmpInspectorSettings {
  const d = defaultSnmpInspectorSettings();
  if (!config) return d;
  const get = <T>(name: string, fallback: T): T => {
    if (!config.has('hardware', name)) return fallback;
    const value = config.get<T | null | undefined>('hardware', name);
    return value === null || value === undefined || (value as unknown) === '' ? fallback : value;
  };
  return {
    maxParallelHosts: get('max_parallel_hosts', d.maxParallelHosts),
    timeoutMs: Math.round(get('snmp_timeout', d.timeoutMs / 1000) * 1000),
    retries: get('snmp_retries', d.retries),
    maxRepetitions: get('snmp_max_repetitions', d.maxRepetitions),
    readonlyUser: {
      name: get('readonly_user_name', d.readonlyUser.name),
      password: get<string | undefined>('readonly_user_password', d.readonlyUser.password),
      authProto: get<string | undefined>('readonly_user_auth_proto', undefined),
      privProto: get<string | undefined>('readonly_user_priv_proto', undefined),
      privPassword: get<string | undefined>('readonly_user_priv_password', undefined),
    },
  };
}
