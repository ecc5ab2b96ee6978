/**
 * What one virsh command printed in interactive mode: its output lines and its `error:` lines, and
 * how an error line maps to the compute contract's typed errors. Also the quoting of arguments.
 */
import { ComputeInspectorError, InspectorNoDataError, InstanceNotFoundError, InstanceShutOffError } from '@ceilometer-ts/sdk';

export interface VirshCommandResult {
  readonly command: string;
  /** Output lines of the command, prompt echoes and error lines removed. */
  readonly output: string;
  /** `error: ` lines, without the prefix. */
  readonly errors: readonly string[];
}

/** virsh echoes each command line after its prompt (`virsh > ` read-only, `virsh # ` read-write). */
const PROMPT = /^virsh [>#] /;
const MARKER_ECHO = /virsh [>#] echo @@CEILO"":\d+@@$/;

/** Splits what virsh printed between two markers into output and error lines. */
export function splitVirshSegment(command: string, segment: string): VirshCommandResult {
  const output: string[] = [];
  const errors: string[] = [];
  for (const raw of segment.split('\n')) {
    if (PROMPT.test(raw) || raw === 'virsh >' || raw === 'virsh #') continue;
    // Output without a final newline (`echo`) has the next prompt and marker command on its line.
    const line = raw.replace(MARKER_ECHO, '');
    if (line.startsWith('error: ')) errors.push(line.slice('error: '.length).trim());
    else output.push(line);
  }
  return { command, output: output.join('\n').trim(), errors };
}

/** Quotes one argument for virsh's command parser (double quotes, backslash escapes). */
export function virshArg(value: string): string {
  if (/^[A-Za-z0-9_.:/@+=,-]+$/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `name arg1 arg2`, arguments quoted. */
export function virshCommand(name: string, ...args: readonly string[]): string {
  return [name, ...args.map(virshArg)].join(' ');
}

const NOT_FOUND = /failed to get domain|Domain not found|no domain with matching/i;
const NOT_RUNNING = /domain is not running|Requested operation is not valid: domain is not running/i;
const UNSUPPORTED = /not supported|unsupported|no support/i;

/**
 * The typed error for a failed command: gone domain → {@link InstanceNotFoundError}, not running →
 * {@link InstanceShutOffError}, a call the driver lacks → {@link InspectorNoDataError}, else the base
 * class.
 */
export function virshCommandError(result: VirshCommandResult, subject: string): ComputeInspectorError {
  const text = result.errors.join('; ');
  const message = `${subject}: ${result.command}: ${text}`;
  if (NOT_FOUND.test(text)) return new InstanceNotFoundError(message);
  if (NOT_RUNNING.test(text)) return new InstanceShutOffError(message);
  if (UNSUPPORTED.test(text)) return new InspectorNoDataError(message);
  return new ComputeInspectorError(message);
}
