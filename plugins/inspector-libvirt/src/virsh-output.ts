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
const MARKER_ECHO = /virsh [>#] echo @@CEILO"":\d+@@$/;

/** Whether the line at `start` (length `length`) is a prompt echo: `virsh > cmd`, or a bare `virsh >`. */
function isPrompt(text: string, start: number, length: number): boolean {
  if (!text.startsWith('virsh ', start) || length < 7) return false;
  const c = text.charCodeAt(start + 6);
  if (c !== 62 /* > */ && c !== 35 /* # */) return false;
  return length === 7 || text.charCodeAt(start + 7) === 32;
}

/**
 * Splits what virsh printed between two markers into output and error lines. One pass over the
 * segment by index: the output of a command (a whole `domstats` or `dumpxml` among them) is
 * usually one contiguous run of lines, taken with one slice.
 */
export function splitVirshSegment(command: string, segment: string): VirshCommandResult {
  const errors: string[] = [];
  let pieces: string[] | undefined;
  let runStart = -1;
  let runEnd = -1;
  let start = 0;
  const length = segment.length;
  while (start <= length) {
    let end = segment.indexOf('\n', start);
    if (end < 0) end = length;
    const next = end + 1;
    if (!isPrompt(segment, start, end - start)) {
      let stop = end;
      // Output without a final newline (`echo`) has the next prompt and marker command on its line.
      if (stop > start && segment.charCodeAt(stop - 1) === 64 /* @ */) {
        const tail = segment.slice(Math.max(start, stop - 48), stop);
        const m = MARKER_ECHO.exec(tail);
        if (m) stop -= m[0].length;
      }
      if (segment.startsWith('error: ', start)) {
        errors.push(segment.slice(start + 7, stop).trim());
      } else if (runStart >= 0 && start === runEnd + 1) {
        // the next line of the same run (a skipped or cut line in between breaks the run)
        runEnd = stop;
      } else {
        if (runStart >= 0) (pieces ??= []).push(segment.slice(runStart, runEnd));
        runStart = start;
        runEnd = stop;
      }
    }
    start = next;
  }
  let output = runStart >= 0 ? segment.slice(runStart, runEnd) : '';
  if (pieces) output = [...pieces, output].join('\n');
  return { command, output: output.trim(), errors };
}

/**
 * Splits the output of commands sent back to back (one marker after the last) at each command's
 * prompt echo (`virsh > <command>` and a newline; it may follow output that had no final newline).
 * Undefined when an echo is missing: a virsh that does not echo its commands.
 */
export function splitVirshBatch(commands: readonly string[], text: string): VirshCommandResult[] | undefined {
  const starts: number[] = [];
  let from = 0;
  for (const command of commands) {
    const echo = `virsh > ${command}\n`;
    const at = text.indexOf(echo, from);
    if (at < 0) return undefined;
    starts.push(at);
    from = at + echo.length;
  }
  return commands.map((command, i) => splitVirshSegment(command, text.slice(i === 0 ? 0 : starts[i], i + 1 < starts.length ? starts[i + 1] : text.length)));
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
