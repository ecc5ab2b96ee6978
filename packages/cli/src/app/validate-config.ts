/**
 * `--validate-config` of the two agents: what they load is loaded (ceilometer.conf, the YAML
 * files, the plugins they name) and every problem is collected, then printed one per line as
 * `file:line: path: message` (warnings after, marked), with exit status 1 when there is a problem.
 * Nothing is polled, consumed or published, and no connection is made.
 */
import { format } from 'node:util';
import type { Config, PluginRegistryLike } from '@ceilometer-ts/core';
import { formatConfigIssue, type ConfigIssue, type LogFn, type Logger } from '@ceilometer-ts/sdk';
import type { ConfigIssueCollector } from './config-collecting.js';

/** Problems, warnings and what was checked, filled by the checks. */
export class ValidationReport implements ConfigIssueCollector {
  readonly problems: ConfigIssue[] = [];
  readonly warnings: ConfigIssue[] = [];
  /** Warnings the checked code logged (pipeline files' warnings, ...), as written. */
  readonly loggedWarnings: string[] = [];
  readonly checked: string[] = [];
  /** A logger for the checked code: its warnings join the report, the rest is dropped. */
  readonly logger: Logger;

  constructor() {
    const drop: LogFn = () => {};
    const warn: LogFn = (first: object | string, ...rest: unknown[]) => {
      const [msg, ...args] = typeof first === 'string' ? [first, ...rest] : rest;
      if (typeof msg === 'string') this.loggedWarnings.push(format(msg, ...args));
    };
    const logger: Logger = { trace: drop, debug: drop, info: drop, warn, error: drop, fatal: drop, child: () => logger };
    this.logger = logger;
  }

  /** A logger for code whose logged errors are problems (`onError` gets each message); warnings join the report, the rest is dropped. */
  errorCollectingLogger(onError: (message: string) => void): Logger {
    const error: LogFn = (first: object | string, ...rest: unknown[]) => {
      const [msg, ...args] = typeof first === 'string' ? [first, ...rest] : rest;
      if (typeof msg === 'string') onError(format(msg, ...args));
    };
    const logger: Logger = { ...this.logger, error, fatal: error, child: () => logger };
    return logger;
  }

  /** A problem with a plugin package (it cannot be imported, or is missing). */
  pluginProblem(file: string, path: string, message: string): void {
    this.problems.push({ file, path, message });
  }

  /** A problem with an option's value: located where the value was set (or the last config file). */
  optionProblem(config: Config, group: string, name: string, message: string): void {
    const source = config.has(group, name) ? config.source(group, name) : undefined;
    const file = source?.file ?? config.files.at(-1) ?? 'ceilometer.conf';
    this.problems.push({ file, ...(source?.line !== undefined ? { line: source.line } : {}), path: `${group}.${name}`, message });
  }

  /** Prints the report (problems, then warnings, then the summary) and returns the exit status. */
  print(prog: string, out: NodeJS.WritableStream = process.stdout): number {
    const problems = dedupe(this.problems.map(formatConfigIssue));
    const warnings = dedupe([...this.warnings.map(formatConfigIssue), ...this.loggedWarnings]).filter((w) => !problems.includes(w));
    const lines = [...problems, ...warnings.map((w) => `warning: ${w}`)];
    const checked = this.checked.length > 0 ? ` (checked: ${this.checked.join(', ')})` : '';
    if (problems.length > 0) lines.push(`${prog}: configuration has ${problems.length} problem(s) and ${warnings.length} warning(s)${checked}`);
    else lines.push(`${prog}: configuration OK, ${warnings.length} warning(s)${checked}`);
    out.write(`${lines.join('\n')}\n`);
    return problems.length > 0 ? 1 : 0;
  }
}

const dedupe = (lines: readonly string[]): string[] => [...new Set(lines)];

/**
 * Imports the entry points named (`load()`: the module is evaluated, nothing is constructed);
 * one that cannot be imported is a problem at its package.json.
 */
export async function checkImports(report: ValidationReport, registry: PluginRegistryLike, namespace: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const ep = registry.entryPoints(namespace).find((e) => e.name === name);
    if (!ep) continue;
    try {
      await ep.load();
    } catch (error) {
      report.pluginProblem(`${ep.packageName}@${ep.packageVersion}`, `${namespace}:${name}`, `cannot import ${ep.modulePath}:${ep.exportName}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
