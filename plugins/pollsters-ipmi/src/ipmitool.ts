/**
 * STUB on branch nmironic: the runner contract of the shared split (ipmipoll owns this file; the
 * lead keeps ipmipoll's version at merge). Only the declarations the Node Manager code uses.
 */
import { CeilometerError, type Logger } from '@ceilometer-ts/sdk';

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
