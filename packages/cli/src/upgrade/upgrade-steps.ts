/**
 * The steps `ceilometer-upgrade` runs: every `ceilometer.upgrade` entry point, made with the agents'
 * plugin context, run one after the other in name order (upstream hard-codes its one Gnocchi step;
 * ours are plugins, so the command names no backend).
 */
import { ExtensionManager, type EntryPoint, type ExtensionContextOptions, type PluginRegistryLike } from '@ceilometer-ts/core';
import { CeilometerError, describeEntryPoint, Namespaces, type Logger, type UpgradeResult, type UpgradeStep } from '@ceilometer-ts/sdk';

/** One loaded step. */
export interface LoadedUpgradeStep {
  readonly name: string;
  readonly entryPoint: EntryPoint;
  readonly step: UpgradeStep;
}

/** An entry point that could not be imported or constructed. */
export interface UpgradeStepLoadFailure {
  readonly entryPoint: EntryPoint;
  readonly error: Error;
}

/** Loads and constructs every step of `ceilometer.upgrade`, sorted by name; failures are collected, not logged. */
export async function loadUpgradeSteps(
  registry: PluginRegistryLike,
  context: ExtensionContextOptions,
  logger: Logger,
): Promise<{ steps: LoadedUpgradeStep[]; failures: UpgradeStepLoadFailure[] }> {
  const failures: UpgradeStepLoadFailure[] = [];
  const manager = await ExtensionManager.create<UpgradeStep>({
    namespace: Namespaces.upgrade,
    registry,
    invokeOnLoad: true,
    context,
    logger,
    onLoadFailure: (entryPoint, error) => failures.push({ entryPoint, error }),
  });
  const steps = manager.extensions
    .filter((ext): ext is typeof ext & { obj: UpgradeStep } => isUpgradeStep(ext.obj))
    .map((ext) => ({ name: ext.name, entryPoint: ext.entryPoint, step: ext.obj }));
  for (const ext of manager.extensions) {
    if (!isUpgradeStep(ext.obj)) failures.push({ entryPoint: ext.entryPoint, error: new TypeError('not an upgrade step: no run() method') });
  }
  steps.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { steps, failures };
}

function isUpgradeStep(obj: unknown): obj is UpgradeStep {
  return typeof obj === 'object' && obj !== null && typeof (obj as { run?: unknown }).run === 'function';
}

/** The flags the installed steps declare, with their help and the steps that take them. */
export function declaredFlags(steps: readonly LoadedUpgradeStep[]): Map<string, { help: string; steps: string[] }> {
  const flags = new Map<string, { help: string; steps: string[] }>();
  for (const { name, step } of steps) {
    for (const flag of step.flags ?? []) {
      const known = flags.get(flag.name);
      if (known) known.steps.push(name);
      else flags.set(flag.name, { help: flag.help, steps: [name] });
    }
  }
  return flags;
}

/** What {@link runUpgradeSteps} needs besides the steps. */
export interface RunUpgradeStepsOptions {
  readonly flags: ReadonlySet<string>;
  readonly retry: number;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Where progress lines go (stdout). */
  readonly write: (line: string) => void;
  /** Milliseconds since some origin (tests pin it). */
  readonly now?: () => number;
}

/** The outcome of a whole run. */
export interface UpgradeRunOutcome {
  readonly ok: boolean;
  readonly results: readonly { readonly name: string; readonly result: UpgradeResult }[];
  /** The step that failed, and its error. */
  readonly failed?: { readonly name: string; readonly error: unknown };
  /** Steps not run because an earlier one failed. */
  readonly notRun: readonly string[];
}

/** A step's error as one line: its message, and the typed error's code. */
export function describeStepError(error: unknown): string {
  if (error instanceof CeilometerError) return `${error.message} [${error.code}]`;
  if (error instanceof Error) return error.message;
  return String(error);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Runs the steps in order, one progress line per thing a step does and one result line per step;
 * stops at the first failing step (a later step may depend on it, as rules on archive policies).
 */
export async function runUpgradeSteps(steps: readonly LoadedUpgradeStep[], options: RunUpgradeStepsOptions): Promise<UpgradeRunOutcome> {
  const now = options.now ?? (() => performance.now());
  const { write } = options;
  if (steps.length === 0) {
    write(`nothing to upgrade: no ${Namespaces.upgrade} step is installed`);
    return { ok: true, results: [], notRun: [] };
  }
  write(`${plural(steps.length, 'step')}: ${steps.map((s) => `${s.name} (${s.entryPoint.packageName}@${s.entryPoint.packageVersion})`).join(', ')}`);
  const results: { name: string; result: UpgradeResult }[] = [];
  for (const [index, { name, entryPoint, step }] of steps.entries()) {
    const started = now();
    const logger = options.logger.child({ step: name });
    try {
      const result = await step.run({ flags: options.flags, retry: options.retry, progress: (line) => write(`[${name}] ${line}`), logger, signal: options.signal });
      results.push({ name, result });
      const seconds = ((now() - started) / 1000).toFixed(1);
      write(`[${name}] done in ${seconds} s: ${result.changed.length} changed, ${result.unchanged.length} unchanged`);
    } catch (error) {
      logger.debug({ err: error, ep: describeEntryPoint(entryPoint) }, 'upgrade step failed');
      write(`[${name}] FAILED: ${describeStepError(error)}`);
      return { ok: false, results, failed: { name, error }, notRun: steps.slice(index + 1).map((s) => s.name) };
    }
  }
  return { ok: true, results, notRun: [] };
}
