/**
 * ceilometer.conf loaded for `--validate-config`: every problem is collected instead of stopping
 * the command, and the rest of the configuration is still loaded (a bad value falls back to its
 * default; an unreadable or unparsable file is left out), so the YAML files and plugins it names
 * are checked too.
 */
import { loadConfig, type LoadConfigOptions, type LoadConfigResult } from '@ceilometer-ts/core';
import { ConfigError, type ConfigIssue } from '@ceilometer-ts/sdk';

/** Where collected issues go. */
export interface ConfigIssueCollector {
  readonly problems: ConfigIssue[];
  readonly warnings: ConfigIssue[];
}

/** `group.name` of an option issue, or undefined for a file-level one (`(file)`, a syntax error). */
function optionOf(issue: ConfigIssue): { group: string; name: string } | undefined {
  const dot = issue.path.indexOf('.');
  if (dot <= 0 || issue.path.startsWith('(')) return undefined;
  return { group: issue.path.slice(0, dot), name: issue.path.slice(dot + 1) };
}

/** Loads like `loadConfig`, collecting problems; never throws a ConfigError. */
export function loadConfigCollecting(request: LoadConfigOptions, collector: ConfigIssueCollector): LoadConfigResult {
  try {
    return loadConfig(request);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    collector.problems.push(...error.issues);
    const options = error.issues.map(optionOf);
    const readable = request.configFiles?.filter((file) => !error.issues.some((i) => i.file === file && optionOf(i) === undefined));
    // bad values: their declared defaults instead, so the files that follow are still checked
    const overrides: Record<string, Record<string, unknown>> = {};
    for (const option of options) {
      if (!option) continue;
      const declared = request.registry.get(option.group, option.name)?.declaration.default;
      (overrides[option.group] ??= {})[option.name] = declared ?? null;
    }
    try {
      return loadConfig({ ...request, ...(readable ? { configFiles: readable } : {}), overrides });
    } catch (again) {
      if (!(again instanceof ConfigError)) throw again;
      // what still fails (a config-dir file, a reference to a bad value): the defaults only
      return loadConfig({ ...request, configFiles: [], configDirs: [] });
    }
  }
}
