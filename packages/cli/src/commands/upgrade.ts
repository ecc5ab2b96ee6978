/**
 * `ceilometer-upgrade` (upstream's cmd/storage.py): prepares the storage backends for the agents, as
 * upstream creates Gnocchi's resource types and archive policies. Every installed
 * `ceilometer.upgrade` step runs in name order; the flags the steps declare
 * (`--skip-gnocchi-resource-types`) are passed through, `--retry N` too.
 */
import { ConfigError, describeEntryPoint, didYouMean, Namespaces } from '@ceilometer-ts/sdk';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { addCommonOptions, type CommonOptions } from '../app/common-options.js';
import { addVersionOption } from '../app/version.js';
import { createAgentServices } from '../app/agent-services.js';
import { bootstrap, type App } from '../app/bootstrap.js';
import { declaredFlags, describeStepError, loadUpgradeSteps, runUpgradeSteps, type LoadedUpgradeStep } from '../upgrade/upgrade-steps.js';

const PROG = 'ceilometer-upgrade';
/** Exit status of a usage error (argparse's, which upstream's oslo.config command line uses). */
const USAGE_EXIT = 2;

interface UpgradeCliOptions extends CommonOptions {
  readonly retry?: number;
  readonly step: readonly string[];
  readonly help?: boolean;
}

/** `--retry N`: a whole number, at least 0 (upstream's IntOpt(min=0)). */
function parseRetry(text: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value)) throw new InvalidArgumentError('expected a whole number, at least 0');
  return value;
}

/** A usage error: one line on stderr, exit 2. */
class UsageError extends Error {}

/** The steps `--step` names (all when none), in run order; an unknown name is a usage error. */
export function selectSteps(steps: readonly LoadedUpgradeStep[], names: readonly string[]): LoadedUpgradeStep[] {
  if (names.length === 0) return [...steps];
  const unknown = names.filter((n) => !steps.some((s) => s.name === n));
  if (unknown.length > 0) {
    const installed = steps.length > 0 ? steps.map((s) => s.name).join(', ') : 'none';
    throw new UsageError(`no upgrade step named ${unknown.join(', ')} (installed: ${installed})`);
  }
  return steps.filter((s) => names.includes(s.name));
}

/**
 * The flags given on the command line beyond the built-in options, checked against what the steps
 * declare. oslo.config spells a boolean `--NAME` and its negation `--noNAME`.
 */
export function parseStepFlags(args: readonly string[], declared: ReadonlyMap<string, unknown>): Set<string> {
  const flags = new Set<string>();
  for (const arg of args) {
    const m = /^--([^=]+)(=.*)?$/.exec(arg);
    if (!m) throw new UsageError(`unexpected argument '${arg}'`);
    const name = m[1]!;
    const negated = !declared.has(name) && name.startsWith('no') && declared.has(name.slice(2));
    if (!declared.has(name) && !negated) {
      const known = [...declared.keys()].map((k) => `--${k}`);
      const steps = known.length > 0 ? `the upgrade steps take ${known.join(', ')}` : `no ${Namespaces.upgrade} step to run takes any flag`;
      throw new UsageError(`unknown option '--${name}' (${steps})${didYouMean(`--${name}`, known)}`);
    }
    if (m[2] !== undefined) throw new UsageError(`option '--${name}' takes no value`);
    if (negated) flags.delete(name.slice(2));
    else flags.add(name);
  }
  return flags;
}

function stepFlagsHelp(steps: readonly LoadedUpgradeStep[]): string {
  const flags = declaredFlags(steps);
  if (steps.length === 0) return `\nNo ${Namespaces.upgrade} step is installed: nothing to upgrade.\n`;
  const lines = [`\nUpgrade steps (run in this order): ${steps.map((s) => `${s.name} (${s.entryPoint.packageName}@${s.entryPoint.packageVersion})`).join(', ')}`];
  if (flags.size > 0) {
    lines.push('Flags of the installed steps:');
    const width = Math.max(...[...flags.keys()].map((k) => k.length)) + 4;
    for (const [name, { help, steps: owners }] of flags) lines.push(`  ${`--${name}`.padEnd(width)}${help} (${owners.join(', ')})`);
  }
  return `${lines.join('\n')}\n`;
}

/** A step that cannot be imported or constructed: the upgrade would be partial, so nothing runs. */
class StepLoadError extends Error {}

async function withSteps<T>(app: App, selected: readonly string[], fn: (steps: LoadedUpgradeStep[]) => Promise<T>): Promise<T> {
  const config = app.config!;
  const agent = createAgentServices(app.registry, config, app.logger);
  try {
    const loaded = await loadUpgradeSteps(app.registry, agent.context, app.logger);
    // a broken step that `--step` leaves out does not stop the ones asked for
    const failures = loaded.failures.filter((f) => selected.length === 0 || selected.includes(f.entryPoint.name));
    const { steps } = loaded;
    if (failures.length > 0) {
      const lines = failures.map((f) => {
        // the registry's errors already start with the entry point; say it once
        const where = `${describeEntryPoint(f.entryPoint)}: `;
        const detail = describeStepError(f.error);
        return `cannot load upgrade step ${f.entryPoint.name} (${f.entryPoint.packageName}@${f.entryPoint.packageVersion}): ${detail.startsWith(where) ? detail.slice(where.length) : detail}`;
      });
      throw new StepLoadError(lines.join('\n'));
    }
    return await fn(steps);
  } finally {
    await agent.close();
  }
}

async function run(opts: UpgradeCliOptions, args: readonly string[], program: Command): Promise<void> {
  if (opts.help) {
    let extra: string;
    try {
      const app = await bootstrap(opts, { prog: PROG, loadConfig: true });
      extra = await withSteps(app, [], (steps) => Promise.resolve(stepFlagsHelp(steps)));
    } catch (error) {
      extra = `\n(cannot list the installed upgrade steps and their flags: ${error instanceof ConfigError ? 'invalid configuration' : describeStepError(error)})\n`;
    }
    process.stdout.write(program.helpInformation() + extra);
    return;
  }
  const app = await bootstrap(opts, { prog: PROG, loadConfig: true });
  try {
    await upgrade(app, opts, args);
  } catch (error) {
    if (!(error instanceof StepLoadError)) throw error;
    process.stderr.write(`${PROG}: ${error.message}\n`);
    process.exitCode = 1;
  }
}

async function upgrade(app: App, opts: UpgradeCliOptions, args: readonly string[]): Promise<void> {
  await withSteps(app, opts.step, async (installed) => {
    let steps: LoadedUpgradeStep[];
    let flags: Set<string>;
    try {
      steps = selectSteps(installed, opts.step);
      flags = parseStepFlags(args, declaredFlags(steps));
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      process.stderr.write(`${PROG}: error: ${error.message}\n`);
      process.exitCode = USAGE_EXIT;
      return;
    }
    // SIGINT/SIGTERM abort the step in flight (a retry loop waiting for the backend, say)
    const abort = new AbortController();
    const onSignal = (signal: NodeJS.Signals): void => {
      app.logger.warn({ signal }, 'interrupted: aborting the upgrade step in flight');
      abort.abort(new Error(`interrupted by ${signal}`));
    };
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    try {
      const retry = opts.retry ?? Number.POSITIVE_INFINITY;
      const outcome = await runUpgradeSteps(steps, {
        flags,
        retry,
        logger: app.logger,
        signal: abort.signal,
        write: (line) => process.stdout.write(`${line}\n`),
      });
      if (outcome.failed) {
        const notRun = outcome.notRun.length > 0 ? `; not run: ${outcome.notRun.join(', ')}` : '';
        process.stderr.write(`${PROG}: upgrade step ${outcome.failed.name} failed: ${describeStepError(outcome.failed.error)}${notRun}\n`);
        process.exitCode = 1;
        return;
      }
      if (steps.length > 0) {
        const changed = outcome.results.reduce((n, r) => n + r.result.changed.length, 0);
        const unchanged = outcome.results.reduce((n, r) => n + r.result.unchanged.length, 0);
        process.stdout.write(`upgrade complete: ${changed} changed, ${unchanged} unchanged${changed === 0 ? ' (already up to date)' : ''}\n`);
      }
    } finally {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    }
  });
}

/** The `ceilometer-upgrade` program. */
export function upgradeProgram(): Command {
  const program = new Command(PROG)
    .description(
      `Prepare the storage backends for the agents, as upstream's ceilometer-upgrade creates Gnocchi's resource types and archive policies: runs every installed ${Namespaces.upgrade} step in name order, one progress line per change. Idempotent. Flags the steps declare (--skip-gnocchi-resource-types with the Gnocchi publisher) are listed below when installed.`,
    )
    .usage('[options] [step flags]')
    .addOption(
      new Option('--retry <n>', 'how many times a step retries a backend it cannot reach (connection refused, timeout) before failing; default: retry forever, as upstream').argParser(parseRetry),
    )
    .addOption(
      new Option('--step <name>', 'run only this upgrade step (repeatable; default: every installed step); the flags are those of the steps run')
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([]),
    )
    .helpOption(false)
    .option('-h, --help', 'display help, with the installed upgrade steps and their flags')
    .allowUnknownOption()
    .allowExcessArguments()
    // commander has printed the error; the status is a usage error's, as for the step flags
    .exitOverride((error) => {
      throw error.exitCode === 0 ? error : new CommanderError(USAGE_EXIT, error.code, error.message);
    });
  addCommonOptions(program).action((opts: UpgradeCliOptions, command: Command) => run(opts, command.args, program));
  addVersionOption(program);
  return program;
}
