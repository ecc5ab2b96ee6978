import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServiceScript, stopService, forgetAtExit, stopAtExit } from './service-script.js';

/** An SNMPv3 user of a test agent; protocols are net-snmp CLI names (`SHA`, `SHA-512`, `AES`, `AES-256`, `DES`). */
export interface SnmpdV3User {
  readonly name: string;
  readonly authProto: string;
  readonly authPass: string;
  /** Omit for an authNoPriv user. */
  readonly privProto?: string;
  readonly privPass?: string;
}

/** Options for {@link startSnmpd} and {@link startSnmpdFleet}. */
export interface StartSnmpdOptions {
  /** First UDP port; default: a free range found by probing from 20000 + a random offset. */
  readonly port?: number;
  /** v1/v2c community (default `public`). */
  readonly community?: string;
  /** The authPriv user in `v3Url` (default ceilo / SHA / AES). */
  readonly v3User?: SnmpdV3User;
  /** More v3 users (other protocols). */
  readonly extraV3Users?: readonly SnmpdV3User[];
  /** Varbinds per GETBULK response (snmpd's default 100); small values make the agent truncate. */
  readonly maxGetbulkResponses?: number;
  /** Cap on GETBULK max-repetitions (0: none). */
  readonly maxGetbulkRepeats?: number;
  /**
   * A file appended to every agent's snmpd.conf, e.g. `override OID octet_str "ens192"` lines that
   * rename interfaces or disks so that an agent serves the names a monitor file expects.
   */
  readonly extraConfigFile?: string;
}

/** One or more private snmpd agents on 127.0.0.1. */
export interface SnmpdService {
  /** v2c resource URL of the first agent: `snmp://public@127.0.0.1:PORT`. */
  readonly url: string;
  /** SNMPv3 authPriv URL of the first agent (Stein syntax with auth_proto, priv_proto, priv_password). */
  readonly v3Url: string;
  readonly host: '127.0.0.1';
  /** UDP port of the first agent. */
  readonly port: number;
  /** Every agent's port. */
  readonly ports: readonly number[];
  readonly community: string;
  readonly v3User: SnmpdV3User;
  readonly dataDir: string;
  /** snmpd PIDs, one per agent. */
  readonly pids: readonly number[];
  /** Resident memory of all agents right after start (kB), and their proportional share (PSS). */
  readonly rssKb: number;
  readonly pssKb: number;
  /** Environment for net-snmp's CLI tools (`MIBS`, `SNMPCONFPATH`, `SNMP_PERSISTENT_DIR`): private, quiet. */
  readonly cliEnv: Readonly<Record<string, string>>;
  /** Stops every agent and removes the data dir. */
  stop(): Promise<void>;
}

const DEFAULT_V3_USER: SnmpdV3User = { name: 'ceilo', authProto: 'SHA', authPass: 'ceilo-auth-pass', privProto: 'AES', privPass: 'ceilo-priv-pass' };

let nextBase = 20000 + Math.floor(Math.random() * 20000);

function userSpec(u: SnmpdV3User): string {
  return [u.name, u.authProto, u.authPass, u.privProto ?? '-', u.privPass ?? ''].join(':');
}

/**
 * Starts `count` snmpd agents through `scripts/services/start-snmpd.sh` on consecutive UDP ports.
 * Each agent is one /usr/sbin/snmpd process (~0.1 s to start, a few MB); needs Debian's snmpd and
 * snmp packages. Without `port`, the script is retried on the next range when a port is busy.
 */
export async function startSnmpdFleet(count: number, options: StartSnmpdOptions = {}): Promise<SnmpdService> {
  const community = options.community ?? 'public';
  const v3User = options.v3User ?? DEFAULT_V3_USER;
  let lastError: unknown;
  for (let attempt = 0; attempt < (options.port ? 1 : 5); attempt++) {
    const port = options.port ?? nextBase;
    if (!options.port) nextBase = 20000 + ((nextBase - 20000 + count + 7) % 40000);
    const dataDir = await mkdtemp(join(tmpdir(), 'ceilo-snmpd-'));
    stopAtExit(dataDir);
    try {
      const env = await runServiceScript('start-snmpd', dataDir, {
        SNMPD_PORT: String(port),
        SNMPD_COUNT: String(count),
        SNMPD_COMMUNITY: community,
        SNMPD_V3_USER: v3User.name,
        SNMPD_V3_AUTH_PROTO: v3User.authProto,
        SNMPD_V3_AUTH_PASS: v3User.authPass,
        SNMPD_V3_PRIV_PROTO: v3User.privProto ?? '-',
        SNMPD_V3_PRIV_PASS: v3User.privPass ?? '',
        SNMPD_EXTRA_USERS: (options.extraV3Users ?? []).map(userSpec).join(' '),
        SNMPD_MAX_GETBULK_RESPONSES: String(options.maxGetbulkResponses ?? 100),
        SNMPD_MAX_GETBULK_REPEATS: String(options.maxGetbulkRepeats ?? 0),
        SNMPD_EXTRA_CONF: options.extraConfigFile ?? '',
      }, { timeoutMs: 60_000 + count * 1000 });
      const ports = (env['SNMPD_PORTS'] ?? String(port)).split(/\s+/).filter(Boolean).map(Number);
      return {
        url: env['SNMPD_URL'] ?? `snmp://${community}@127.0.0.1:${port}`,
        v3Url: env['SNMPD_V3_URL'] ?? '',
        host: '127.0.0.1',
        port: ports[0] ?? port,
        ports,
        community,
        v3User,
        dataDir,
        pids: (env['SNMPD_PIDS'] ?? '').split(/\s+/).filter(Boolean).map(Number),
        rssKb: Number(env['SNMPD_RSS_KB'] ?? 0),
        pssKb: Number(env['SNMPD_PSS_KB'] ?? 0),
        cliEnv: { MIBS: '', SNMPCONFPATH: join(dataDir, 'cli'), SNMP_PERSISTENT_DIR: join(dataDir, 'cli') },
        stop: async () => {
          if (!forgetAtExit(dataDir)) return;
          await stopService(dataDir);
        },
      };
    } catch (error) {
      await stopService(dataDir).catch(() => {});
      forgetAtExit(dataDir);
      lastError = error;
      if (!/already in use/.test(String(error))) break;
    }
  }
  throw lastError;
}

/** Starts one private snmpd agent (v2c community and an SNMPv3 authPriv user) on 127.0.0.1. */
export function startSnmpd(options: StartSnmpdOptions = {}): Promise<SnmpdService> {
  return startSnmpdFleet(1, options);
}
