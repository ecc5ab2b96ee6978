/**
 * Runs a commander program and turns errors into exit codes: a ConfigError prints one line per issue
 * and exits 1 (the operator fixes the file); a usage error of a program with `exitOverride()` exits
 * with commander's status; anything else prints the message and exits 1.
 */
import { CeilometerError, ConfigError } from '@ceilometer-ts/sdk';
import { CommanderError, type Command } from 'commander';

export async function runProgram(program: Command, argv: readonly string[] = process.argv): Promise<number> {
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // a program with exitOverride(): commander has printed the usage error already
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      process.stderr.write(`${program.name()}: invalid configuration:\n${error.message}\n`);
    } else if (error instanceof CeilometerError) {
      process.stderr.write(`${program.name()}: ${error.message} [${error.code}]\n`);
    } else {
      process.stderr.write(`${program.name()}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    return 1;
  }
}
