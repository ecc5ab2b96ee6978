/**
 * `ceilometer-plugins`: what is installed (`list`) and whether it loads (`check`).
 */
import { describeEntryPoint } from '@ceilometer-ts/sdk';
import { problemToError, type EntryPoint, type PluginRegistry } from '@ceilometer-ts/core';
import { Command } from 'commander';
import { addCommonOptions, type CommonOptions } from '../app/common-options.js';
import { bootstrap } from '../app/bootstrap.js';

function allEntryPoints(registry: PluginRegistry, namespace?: string): EntryPoint[] {
  const namespaces = namespace ? [namespace] : registry.namespaces();
  return namespaces.flatMap((ns) => [...registry.entryPoints(ns)]);
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

async function list(namespace: string | undefined, opts: CommonOptions & { json?: boolean }): Promise<void> {
  const { registry } = await bootstrap(opts, { prog: 'ceilometer-plugins', loadConfig: false });
  const eps = allEntryPoints(registry, namespace);
  if (opts.json) {
    const rows = eps.map((ep) => ({ namespace: ep.namespace, name: ep.name, package: ep.packageName, version: ep.packageVersion, target: ep.target, origin: ep.origin }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (eps.length === 0) {
    process.stdout.write(namespace ? `no entry points in namespace ${namespace}\n` : 'no plugins installed\n');
  } else {
    const rows = [['NAMESPACE', 'NAME', 'PACKAGE', 'TARGET'], ...eps.map((ep) => [ep.namespace, ep.name, `${ep.packageName}@${ep.packageVersion}`, ep.target])];
    process.stdout.write(`${table(rows)}\n`);
  }
  if (registry.problems.length > 0) {
    process.stdout.write(`\n${registry.problems.length} problem(s):\n${registry.problems.map((p) => `  ${p.message}`).join('\n')}\n`);
  }
  const info = registry.info;
  process.stdout.write(`\n${eps.length} entry point(s) from ${registry.packages.length} package(s); scan ${info.durationMs.toFixed(1)} ms${info.cacheUsed ? ' (cache)' : ''}\n`);
}

async function check(namespace: string | undefined, opts: CommonOptions): Promise<void> {
  const { registry } = await bootstrap(opts, { prog: 'ceilometer-plugins', loadConfig: false });
  let failures = 0;
  for (const problem of registry.problems) {
    failures += 1;
    const err = problemToError(problem);
    process.stdout.write(`FAIL  ${err.message} [${err.code}]\n`);
  }
  const eps = allEntryPoints(registry, namespace);
  for (const ep of eps) {
    try {
      await ep.load();
      process.stdout.write(`ok    ${describeEntryPoint(ep)}\n`);
    } catch (error) {
      failures += 1;
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      process.stdout.write(`FAIL  ${error instanceof Error ? error.message : String(error)}${cause}\n`);
    }
  }
  process.stdout.write(`\n${eps.length - Math.min(failures, eps.length)} of ${eps.length} entry point(s) loaded; ${failures} failure(s)\n`);
  if (failures > 0) process.exitCode = 1;
}

/** The `ceilometer-plugins` program. */
export function pluginsProgram(): Command {
  const program = new Command('ceilometer-plugins')
    .description('List and check ceilometer-ts plugins: entry points found in installed packages, the workspace and plugin directories (CEILOMETER_PLUGIN_PATH, [DEFAULT] plugin_dirs).')
    .showHelpAfterError();
  addCommonOptions(program.command('list [namespace]'))
    .description('show every entry point (namespace, name, package@version, target); only NAMESPACE if given, e.g. ceilometer.poll.central')
    .option('--json', 'print JSON instead of a table')
    .action((namespace: string | undefined, opts: CommonOptions & { json?: boolean }) => list(namespace, opts));
  addCommonOptions(program.command('check [namespace]'))
    .description('import every entry point and report failures (malformed metadata, import errors, missing exports, duplicates); exit 1 if any')
    .action((namespace: string | undefined, opts: CommonOptions) => check(namespace, opts));
  return program;
}
