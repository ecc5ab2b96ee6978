/**
 * Runs a `host_command` without a shell: the text is split into words (single and double quotes
 * group words, backslash escapes), shell operators are refused, and the first word must be in
 * `[polling] dynamic_pollsters_allowed_commands`. Output is stdout then stderr with one trailing
 * newline removed, as Python's `subprocess.getoutput` (which ignores the exit status).
 */
import { execFile } from 'node:child_process';
import { DynamicPollsterError } from './errors.js';

const SHELL_OPERATORS = new Set(['|', '&', ';', '<', '>', '`', '$', '(', ')', '\n']);

/** Splits a command line into words; throws DynamicPollsterError on shell syntax we do not run. */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < command.length; i += 1) {
    const ch = command[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < command.length) word += command[++i]!;
      else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      word ??= '';
    } else if (ch === '\\' && i + 1 < command.length) word = (word ?? '') + command[++i]!;
    else if (ch === ' ' || ch === '\t') {
      if (word !== null) words.push(word);
      word = null;
    } else if (SHELL_OPERATORS.has(ch)) {
      throw new DynamicPollsterError(`host_command "${command}": shell syntax "${ch}" is not supported (commands run without a shell)`);
    } else word = (word ?? '') + ch;
  }
  if (quote) throw new DynamicPollsterError(`host_command "${command}": unclosed ${quote}`);
  if (word !== null) words.push(word);
  return words;
}

/** Runs `command` if its program is allowed; resolves with getoutput's text. */
export function runHostCommand(command: string, allowed: ReadonlySet<string>, timeoutMs: number, signal: AbortSignal): Promise<string> {
  const [program, ...args] = splitCommand(command);
  if (!program) return Promise.reject(new DynamicPollsterError('host_command is empty'));
  if (!allowed.has(program)) {
    return Promise.reject(
      new DynamicPollsterError(`host_command program "${program}" is not in [polling] dynamic_pollsters_allowed_commands (${[...allowed].join(', ') || 'empty'})`),
    );
  }
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: timeoutMs, signal, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      // A non-zero exit still has output (getoutput ignores the status); a missing program or a timeout has none.
      if (err && (typeof err.code !== 'number' || err.killed)) {
        reject(new DynamicPollsterError(`host_command "${program}" failed: ${err.message}`, { cause: err }));
        return;
      }
      resolve(`${stdout}${stderr}`.replace(/\n$/, ''));
    });
  });
}
