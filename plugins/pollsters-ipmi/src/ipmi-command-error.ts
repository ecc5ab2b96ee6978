/**
 * ipmitool failed for one target: it timed out, exited non-zero, or could not be started. Carries
 * the node name and the command, never a password (targets hold none, and passwords never go on
 * a command line).
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** ipmitool failed, timed out or could not be started. */
export class IpmiCommandError extends CeilometerError {
  readonly code = 'CEILO_ERR_IPMI_COMMAND' as const;
  constructor(
    /** The target's node name. */
    readonly target: string,
    /** The ipmitool command's own arguments (`sdr -v`), without the target's. */
    readonly args: readonly string[],
    /** Exit code; null when killed or never started. */
    readonly exitCode: number | null,
    /** What ipmitool said last on stderr (its reason; earlier lines are progress), or why it could not start. */
    readonly stderr: string,
    readonly timedOut: boolean,
    /** The whole command line as run (prefix, ipmitool, target arguments, command); holds no password. */
    readonly command: readonly string[] = args,
  ) {
    super(`${command.join(' ')} on ${target} failed: ${describeFailure(exitCode, stderr, timedOut)}`);
  }

  /** Why, in a few words: `timed out`, `exit code 1: Error: Unable to establish IPMI v2 / RMCP+ session`. */
  get reason(): string {
    return describeFailure(this.exitCode, this.stderr, this.timedOut);
  }
}

function describeFailure(exitCode: number | null, stderr: string, timedOut: boolean): string {
  if (timedOut) return `timed out${stderr ? ` (${stderr})` : ''}`;
  const code = exitCode === null ? 'did not run' : `exit code ${exitCode}`;
  return stderr ? `${code}: ${stderr}` : code;
}
