/**
 * STUB on branch nmironic: the runner contract of the shared split (ipmipoll owns this file; the
 * lead keeps ipmipoll's version at merge). Only the declarations the Node Manager code uses.
 */
import { CeilometerError, type Logger, type PluginContext } from '@ceilometer-ts/sdk';

/** The services key of the agent's ipmitool runner (one `max_parallel` bound for every IPMI plugin). */
export const IPMI_TOOL_SERVICE = 'ipmi.ipmitool';

/** A remote BMC from `[ipmi] bmcs_file`. */
export interface RemoteBmc {
  readonly address: string;
  readonly port?: number;
  readonly username: string;
  readonly interface?: 'lanplus' | 'lan';
  readonly cipherSuite?: number;
  readonly passwordFile?: string;
  readonly passwordEnv?: string;
}

/** Whom ipmitool talks to: the local BMC (in-band) or a remote one. */
export interface IpmiTarget {
  /** What goes into resource ids and `metadata.node`. */
  readonly node: string;
  readonly remote?: RemoteBmc;
}

/** How ipmitool is run. */
export interface IpmiSettings {
  readonly ipmitoolPath: string;
  readonly commandPrefix: readonly string[];
  readonly commandTimeoutMs: number;
  readonly maxParallel: number;
}

/** ipmitool failed, timed out or could not be started. */
export class IpmiCommandError extends CeilometerError {
  readonly code = 'CEILO_ERR_IPMI_COMMAND' as const;
  constructor(
    readonly target: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly timedOut: boolean,
  ) {
    super(`ipmitool ${args.join(' ')} on ${target} failed${timedOut ? ' (timed out)' : ''}: ${stderr}`);
  }
}

/** Runs ipmitool without a shell. */
export class IpmiTool {
  constructor(
    readonly settings: IpmiSettings,
    readonly logger: Logger,
  ) {}

  /** Resolves ipmitool's stdout; rejects with IpmiCommandError. */
  run(target: IpmiTarget, args: readonly string[]): Promise<string> {
    return Promise.reject(new IpmiCommandError(target.node, args, null, 'not implemented on this branch', false));
  }
}

function setting<T>(ctx: PluginContext, name: string, fallback: T): T {
  return ctx.config.has('ipmi', name) ? ctx.config.get<T>('ipmi', name) : fallback;
}

/** The agent's shared runner (made on first use from `[ipmi]`). */
export function ipmiToolOf(ctx: PluginContext): IpmiTool {
  return ctx.services.getOrCreate(IPMI_TOOL_SERVICE, () => new IpmiTool({
    ipmitoolPath: setting(ctx, 'ipmitool_path', 'ipmitool'),
    commandPrefix: setting(ctx, 'command_prefix', '').split(/\s+/).filter(Boolean),
    commandTimeoutMs: setting(ctx, 'command_timeout', 20) * 1000,
    maxParallel: setting(ctx, 'max_parallel', 8),
  }, ctx.logger));
}
