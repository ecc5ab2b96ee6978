/**
 * Runs a commander program and turns errors into one line each and an exit code, never a stack trace
 * (unless `--debug`): `ceilometer-polling: error: <message>`.
 *
 * - A ConfigError prints one such line per issue (`file:line: path: message`) and exits 1: the
 *   operator fixes the file.
 * - A usage error (unknown flag, missing or bad argument) is printed by commander through the same
 *   prefix, with commander's suggestion on the same line (`; did you mean --log-file?`); a program
 *   with `exitOverride()` exits with commander's status.
 * - Anything else prints its message (with `[CODE]` for a CeilometerError) and exits 1; with
 *   `--debug` the stack follows.
 */
import { CeilometerError, ConfigError, formatConfigIssue } from '@ceilometer-ts/sdk';
import { CommanderError, type Command } from 'commander';

/** commander's `error: unknown option '--x'\n(Did you mean --y?)` as one line. */
export function oneLineUsageError(prog: string, text: string): string {
  const line = text
    .trimEnd()
    .replace(/\n\(Did you mean (.+)\?\)$/, '; did you mean $1?')
    .replaceAll('\n', ' ');
  return `${prog}: ${line}\n`;
}

/** Usage errors of `command` and its subcommands on one line, with "did you mean" suggestions. */
function configureUsageErrors(command: Command, prog: string): void {
  command.showSuggestionAfterError(true).showHelpAfterError(false).configureOutput({
    outputError: (text, write) => write(oneLineUsageError(prog, text)),
  });
  for (const sub of command.commands) configureUsageErrors(sub, prog);
}

/** The lines printed for an error that escaped a command. */
export function errorLines(prog: string, error: unknown, debug: boolean): string[] {
  if (error instanceof ConfigError) return error.issues.map((issue) => `${prog}: error: ${formatConfigIssue(issue)}`);
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof CeilometerError ? ` [${error.code}]` : '';
  const lines = [`${prog}: error: ${message.split('\n').join('; ')}${code}`];
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  return lines;
}

export async function runProgram(program: Command, argv: readonly string[] = process.argv): Promise<number> {
  configureUsageErrors(program, program.name());
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // a program with exitOverride(): commander has printed the usage error already
    if (error instanceof CommanderError) return error.exitCode;
    const debug = argv.includes('--debug') || argv.includes('-d');
    process.stderr.write(`${errorLines(program.name(), error, debug).join('\n')}\n`);
    return 1;
  }
}
