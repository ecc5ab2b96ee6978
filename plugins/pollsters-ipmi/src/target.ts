/**
 * Whom ipmitool talks to: the local BMC (in-band, no `-H`) or a remote BMC from `[ipmi] bmcs_file`
 * (`-I lanplus -H ...`). A target never holds a password, only where to read it from, so targets
 * can be logged, blacklisted and put in errors as they are.
 */

/** A remote BMC from `[ipmi] bmcs_file`. */
export interface RemoteBmc {
  readonly address: string;
  readonly port?: number;
  readonly username: string;
  /** ipmitool's `-I`: `lanplus` (IPMI 2.0, the default) or `lan` (IPMI 1.5). */
  readonly interface?: 'lanplus' | 'lan';
  /** ipmitool's `-C` (lanplus only). */
  readonly cipherSuite?: number;
  /** File holding the password (ipmitool `-f`). */
  readonly passwordFile?: string;
  /** Name of the agent's environment variable holding the password (passed as `IPMI_PASSWORD`, ipmitool `-E`). */
  readonly passwordEnv?: string;
}

/** Whom ipmitool talks to: the local BMC (in-band) or a remote one. */
export interface IpmiTarget {
  /** What goes into resource ids and `metadata.node`: `[DEFAULT] host`, or the remote BMC's `name`. */
  readonly node: string;
  readonly remote?: RemoteBmc;
}

/** A resource of the IPMI pollsters: a target, or a host name from another namespace's `local_node`. */
export type IpmiResource = IpmiTarget | string;

/** The target a resource names (a plain string is an in-band target for that node name). */
export function targetOf(resource: IpmiResource): IpmiTarget {
  return typeof resource === 'string' ? { node: resource } : resource;
}

/** A key telling targets apart (two BMCs may share a name by mistake; address and port tell them apart). */
export function targetKey(target: IpmiTarget): string {
  const r = target.remote;
  return r ? `${target.node}@${r.address}:${r.port ?? 623}` : target.node;
}

/**
 * ipmitool's per-attempt timeout (`-N`, seconds) and retries (`-R`) for remote BMCs: a dead BMC
 * costs about 2-3 s instead of ipmitool's default ~20 s, well inside `command_timeout`.
 */
export const REMOTE_TIMEOUT_ARGS: readonly string[] = ['-N', '1', '-R', '2'];

/** The ipmitool arguments that select the target (none in-band). The password is never one of them. */
export function targetArgs(target: IpmiTarget): string[] {
  const r = target.remote;
  if (!r) return [];
  const iface = r.interface ?? 'lanplus';
  const args = ['-I', iface, '-H', r.address];
  if (r.port !== undefined) args.push('-p', String(r.port));
  args.push('-U', r.username);
  if (iface === 'lanplus' && r.cipherSuite !== undefined) args.push('-C', String(r.cipherSuite));
  args.push(...REMOTE_TIMEOUT_ARGS);
  if (r.passwordFile !== undefined) args.push('-f', r.passwordFile);
  else if (r.passwordEnv !== undefined) args.push('-E');
  return args;
}
