/**
 * `[ipmi] bmcs_file`: the remote BMCs the `ipmi_bmcs` discovery yields, one `IpmiTarget` each.
 *
 * ```yaml
 * bmcs:
 *   - name: rack1-node07          # resource ids and metadata.node
 *     address: 10.0.0.7
 *     port: 623                   # optional (ipmitool's default 623)
 *     username: ceilometer
 *     password_file: /etc/ceilometer/ipmi/rack1-node07.pass   # or password_env: RACK1_PASS
 *     interface: lanplus          # optional: lanplus (default) or lan
 *     cipher_suite: 3             # optional, lanplus only
 * ```
 * Every problem is one issue with file, line and field; unknown keys get a "did you mean".
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { loadLocatedYaml, type LocatedYaml } from '@ceilometer-ts/located-yaml';
import { ConfigError, didYouMean, type ConfigIssue } from '@ceilometer-ts/sdk';
import type { IpmiTarget, RemoteBmc } from './target.js';

const BMC_KEYS = ['name', 'address', 'port', 'username', 'password_file', 'password_env', 'interface', 'cipher_suite'] as const;
const INTERFACES = ['lanplus', 'lan'] as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Checks one `bmcs[i]` entry; pushes issues and returns the target when it is valid. */
function readBmc(y: LocatedYaml, item: unknown, i: number, baseDir: string, issues: ConfigIssue[]): IpmiTarget | undefined {
  const at = ['bmcs', i];
  if (!isRecord(item)) {
    issues.push(y.issue(at, 'must be a mapping with name, address, username and password_file or password_env'));
    return undefined;
  }
  const before = issues.length;
  const problem = (key: string, message: string): void => {
    issues.push(y.issue([...at, key], message));
  };
  for (const key of Object.keys(item)) {
    if (!(BMC_KEYS as readonly string[]).includes(key)) problem(key, `unknown key ${key}${didYouMean(key, BMC_KEYS)}`);
  }
  for (const key of ['name', 'address', 'username'] as const) {
    if (!(key in item)) issues.push(y.issue(at, `${key} is required`));
    else if (!isText(item[key])) problem(key, `${key} must be a non-empty string`);
  }
  const { port, interface: iface, cipher_suite: cipher, password_file: file, password_env: env } = item;
  if (port !== undefined && !(Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535)) problem('port', 'port must be an integer from 1 to 65535');
  if (iface !== undefined && !(INTERFACES as readonly unknown[]).includes(iface)) problem('interface', `interface must be lanplus or lan, not ${JSON.stringify(iface)}`);
  if (cipher !== undefined && !(Number.isInteger(cipher) && (cipher as number) >= 0 && (cipher as number) <= 255)) problem('cipher_suite', 'cipher_suite must be an integer from 0 to 255');
  if (file !== undefined && env !== undefined) problem('password_env', 'give either password_file or password_env, not both');
  else if (file === undefined && env === undefined) issues.push(y.issue(at, 'password_file or password_env is required (the password is never written in this file)'));
  if (file !== undefined && !isText(file)) problem('password_file', 'password_file must be a path');
  if (env !== undefined && !(typeof env === 'string' && ENV_NAME.test(env))) problem('password_env', 'password_env must be the name of an environment variable');
  if (issues.length > before) return undefined;

  const remote: RemoteBmc = {
    address: (item['address'] as string).trim(),
    username: item['username'] as string,
    ...(port !== undefined ? { port: port as number } : {}),
    ...(iface !== undefined ? { interface: iface as RemoteBmc['interface'] } : {}),
    ...(cipher !== undefined ? { cipherSuite: cipher as number } : {}),
    // a relative password file is next to the BMCs file
    ...(file !== undefined ? { passwordFile: isAbsolute(file as string) ? (file as string) : resolve(baseDir, file as string) } : {}),
    ...(env !== undefined ? { passwordEnv: env as string } : {}),
  };
  return { node: (item['name'] as string).trim(), remote };
}

/** Validates a parsed BMCs file; throws ConfigError with every issue. */
export function readBmcsFile(y: LocatedYaml, path: string): IpmiTarget[] {
  const issues: ConfigIssue[] = [];
  const root = y.value;
  if (!isRecord(root)) throw new ConfigError([y.issue([], 'must be a mapping with a bmcs list')]);
  for (const key of Object.keys(root)) {
    if (key !== 'bmcs') issues.push(y.issue([key], `unknown key ${key}${didYouMean(key, ['bmcs'])}`));
  }
  const list = root['bmcs'];
  if (!Array.isArray(list)) issues.push(y.issue(['bmcs'], 'bmcs must be a list'));
  const targets: IpmiTarget[] = [];
  const names = new Map<string, number>();
  (Array.isArray(list) ? list : []).forEach((item: unknown, i) => {
    const target = readBmc(y, item, i, dirname(path), issues);
    if (!target) return;
    const first = names.get(target.node);
    if (first !== undefined) issues.push(y.issue(['bmcs', i, 'name'], `duplicate name ${target.node} (also bmcs[${first}])`));
    else names.set(target.node, i);
    targets.push(target);
  });
  if (issues.length > 0) throw new ConfigError(issues);
  return targets;
}

/** Reads and validates the BMCs file at `path` (a missing or unreadable file is a ConfigError naming it). */
export async function loadBmcsFile(path: string): Promise<IpmiTarget[]> {
  return readBmcsFile(await loadLocatedYaml(path), path);
}
