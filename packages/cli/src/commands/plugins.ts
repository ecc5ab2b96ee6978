/**
 * `ceilometer-plugins`: what is installed (`list`) and whether it loads (`check`).
 */
import { describeEntryPoint } from '@ceilometer-ts/sdk';
import { problemToError, type EntryPoint, type PluginRegistry } from '@ceilometer-ts/core';
import { Command } from 'commander';
import { configuredDefinitionLoaders } from '@ceilometer-ts/pipeline';
import { addCommonOptions, type CommonOptions } from '../app/common-options.js';
import { addVersionOption } from '../app/version.js';
import { createAgentServices } from '../app/agent-services.js';
import { bootstrap } from '../app/bootstrap.js';
import { checkEntryPoint, constructionFor } from '../plugins/check-entry-point.js';

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
  // NOTE: the config is loaded as the agents load it: constructors read their options from it
  const app = await bootstrap(opts, { prog: 'ceilometer-plugins', loadConfig: true });
  const { registry, logger } = app;
  const config = app.config!;
  let failures = 0;
  for (const problem of registry.problems) {
    failures += 1;
    const err = problemToError(problem);
    process.stdout.write(`FAIL  ${err.message} [${err.code}]\n`);
  }
  const agent = createAgentServices(registry, config, logger);
  const endpointContext = { config, logger, loadMeterDefinitions: configuredDefinitionLoaders({ config, logger, registry }).loadMeterDefinitions };
  const eps = allEntryPoints(registry, namespace);
  const counts = { ok: 0, skip: 0, fail: 0 };
  try {
    for (const ep of eps) {
      const result = await checkEntryPoint(ep, constructionFor(ep.namespace, endpointContext), agent.context);
      counts[result.status] += 1;
      const label = { ok: 'ok   ', skip: 'skip ', fail: 'FAIL ' }[result.status];
      const where = describeEntryPoint(ep);
      // the registry's errors already start with the entry point; say it once
      const detail = result.detail.startsWith(`${where}: `) ? result.detail.slice(where.length + 2) : result.detail;
      process.stdout.write(`${label} ${where}: ${detail}\n`);
    }
  } finally {
    await agent.close();
  }
  failures += counts.fail;
  process.stdout.write(`\n${counts.ok + counts.skip} of ${eps.length} entry point(s) loaded (${counts.skip} skipped by the plugin itself); ${failures} failure(s)\n`);
  if (failures > 0) process.exitCode = 1;
}

/** The `ceilometer-plugins` program. */
export function pluginsProgram(): Command {
  const program = new Command('ceilometer-plugins')
    .description('List and check ceilometer-ts plugins: entry points found in installed packages, the workspace and plugin directories (CEILOMETER_PLUGIN_PATH, [DEFAULT] plugin_dirs).');
  addCommonOptions(program.command('list [namespace]'))
    .description('show every entry point (namespace, name, package@version, target); only NAMESPACE if given, e.g. ceilometer.poll.central')
    .option('--json', 'print JSON instead of a table')
    .action((namespace: string | undefined, opts: CommonOptions & { json?: boolean }) => list(namespace, opts));
  addCommonOptions(program.command('check [namespace]'))
    .description('import every entry point and construct it as the agents do (same config, logger and services; setup() included), and report failures (malformed metadata, sdk range misses, import errors, missing exports, constructors that throw, duplicates); exit 1 if any. Publishers, transformers and trait plugins, which need operator input to be constructed, are imported and checked to be classes or functions.')
    .action((namespace: string | undefined, opts: CommonOptions) => check(namespace, opts));
  addVersionOption(program);
  return program;
}
