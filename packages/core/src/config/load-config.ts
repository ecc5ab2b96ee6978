import { existsSync, readFileSync, statSync } from 'node:fs';
import { ConfigError, type ConfigIssue } from '@ceilometer-ts/sdk';
import { Config } from './config.js';
import { findDefaultConfigDirs, findDefaultConfigFiles, fixPath, listConfigDir } from './config-locations.js';
import { normalizeGroupName, parseIni, type IniFile } from './ini-parser.js';
import { optionLocations, optionPath } from './option-names.js';
import type { OptionRegistry, RegisteredOption } from './option-registry.js';
import { unknownOptionMessage } from './unknown-option.js';
import { resolveOptionValues, type ConfigOverrides, type ResolvedValue } from './value-resolver.js';

/** Where to read configuration from and what is declared. */
export interface LoadConfigOptions {
  /** `--config-file` values, later files winning; omitted: oslo.config's default search for `project`. */
  readonly configFiles?: readonly string[];
  /** `--config-dir` values: every `*.conf` inside, sorted, read after the files; omitted: `<project>.conf.d` search. */
  readonly configDirs?: readonly string[];
  readonly registry: OptionRegistry;
  /** Values from the command line or code; they win over files. Strings are parsed like file values. */
  readonly overrides?: ConfigOverrides;
  /** Project name for the default search (`ceilometer`). */
  readonly project?: string;
  /** Program name for the default search (`ceilometer-polling` looks for `ceilometer-polling.conf` too). */
  readonly prog?: string;
}

/** A loaded configuration, the non-fatal issues found, and how to load it again. */
export interface LoadConfigResult {
  readonly config: Config;
  /** Unknown options, deprecated names in use: worth logging, not fatal. */
  readonly warnings: readonly ConfigIssue[];
  /** Reads the same sources again (SIGHUP) and returns a new result; throws `ConfigError` like the first load. */
  reload(): LoadConfigResult;
}

function readSources(files: readonly string[], dirs: readonly string[], explicitDirs: boolean): { inis: IniFile[]; read: string[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const inis: IniFile[] = [];
  const read: string[] = [];
  const readOne = (file: string): void => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'config file not found' : `cannot read config file: ${(error as Error).message}`;
      issues.push({ file, path: '(file)', message: reason });
      return;
    }
    const parsed = parseIni(text, file);
    if (parsed.ok) {
      inis.push(parsed.ini);
      read.push(file);
    } else issues.push(parsed.issue);
  };
  files.map(fixPath).forEach(readOne);
  for (const dir of dirs.map(fixPath)) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      if (explicitDirs) issues.push({ file: dir, path: '(dir)', message: 'config directory not found' });
      continue;
    }
    listConfigDir(dir).forEach(readOne);
  }
  return { inis, read, issues };
}

/** Unknown keys, deprecated names and options deprecated for removal that appear in the files. */
function fileWarnings(registry: OptionRegistry, inis: readonly IniFile[]): ConfigIssue[] {
  const known = new Map<string, { option: RegisteredOption; deprecated: boolean }>();
  for (const option of registry.options()) {
    optionLocations(option.declaration).forEach((location, index) => {
      const key = `${location.group}\0${location.name}`;
      if (!known.has(key) || index === 0) known.set(key, { option, deprecated: index > 0 });
    });
  }
  const warnings: ConfigIssue[] = [];
  for (const ini of inis) {
    for (const [section, keys] of ini.sections) {
      for (const [key, values] of keys) {
        const where = { file: ini.file, line: values[0]?.line, path: optionPath(section, key) };
        const match = known.get(`${section}\0${key}`);
        if (!match) {
          warnings.push({ ...where, message: unknownOptionMessage(registry, section, key) });
          continue;
        }
        const { group, name, deprecatedForRemoval, deprecatedReason } = match.option.declaration;
        if (match.deprecated) warnings.push({ ...where, message: `deprecated name, use [${group}] ${name} instead` });
        if (deprecatedForRemoval) {
          const reason = deprecatedReason ? ` (${deprecatedReason})` : '';
          warnings.push({ ...where, message: `deprecated for removal${reason}; its value may be silently ignored in the future` });
        }
      }
    }
  }
  return warnings;
}

/** Options declared `required` that no file or override sets (oslo.config's RequiredOptError). */
function missingRequired(registry: OptionRegistry, values: ReadonlyMap<string, ReadonlyMap<string, ResolvedValue>>, read: readonly string[]): ConfigIssue[] {
  return registry
    .options()
    .filter(({ declaration: d }) => {
      const resolved = values.get(d.group)?.get(d.name);
      // a value that failed to convert is reported as such already
      return d.required && resolved?.source !== 'file' && (resolved?.value ?? null) === null;
    })
    .map(({ declaration: d }) => ({ file: read[read.length - 1] ?? '(no config file)', path: optionPath(d.group, d.name), message: `value required for option ${d.name} in group [${d.group}]` }));
}

function byFileAndLine(order: readonly string[]): (a: ConfigIssue, b: ConfigIssue) => number {
  const rank = (file: string): number => (order.includes(file) ? order.indexOf(file) : order.length);
  return (a, b) => rank(a.file) - rank(b.file) || (a.line ?? 0) - (b.line ?? 0);
}

/**
 * Reads `ceilometer.conf`-style files with oslo.config's semantics and validates every declared
 * option at once. Precedence: overrides, then the last file (config-dir files come after
 * `configFiles`), then the declared default. Throws one `ConfigError` listing every bad value,
 * unreadable file or syntax error; unknown options only produce warnings.
 *
 * @example
 * const registry = new OptionRegistry().register('@ceilometer-ts/core', coreOptions);
 * const { config, warnings } = loadConfig({ configFiles: ['/etc/ceilometer/ceilometer.conf'], registry });
 * config.get<boolean>('DEFAULT', 'debug');
 */
export function loadConfig(options: LoadConfigOptions): LoadConfigResult {
  const project = options.project ?? 'ceilometer';
  const files = options.configFiles ?? findDefaultConfigFiles(project, options.prog);
  const dirs = options.configDirs ?? findDefaultConfigDirs(project, options.prog);
  const { inis, read, issues } = readSources(files, dirs, options.configDirs !== undefined);
  if (issues.length > 0) throw new ConfigError(issues);

  const resolved = resolveOptionValues(options.registry, inis, options.overrides);
  const missing = missingRequired(options.registry, resolved.values, read);
  if (resolved.issues.length > 0 || missing.length > 0) throw new ConfigError([...[...resolved.issues].sort(byFileAndLine(read)), ...missing]);

  const resolveLate = (group: string, name: string) => {
    const again = resolveOptionValues(options.registry, inis, options.overrides);
    const value = again.values.get(group)?.get(name);
    const path = optionPath(group, name);
    const own = again.issues.filter((issue) => issue.path === path);
    if (own.length > 0) throw new ConfigError(own);
    return value;
  };
  const config = new Config({
    registry: options.registry,
    values: resolved.values,
    files: read,
    configDirs: dirs.map(fixPath).filter((d) => existsSync(d)),
    project,
    resolveLate,
  });
  const unknownOverrides = Object.entries(options.overrides ?? {}).flatMap(([group, values]) =>
    Object.keys(values)
      .filter((name) => !options.registry.has(group, name))
      .map((name) => ({ file: '(override)', path: optionPath(group, name), message: unknownOptionMessage(options.registry, normalizeGroupName(group), name) })),
  );
  return {
    config,
    warnings: [...fileWarnings(options.registry, inis), ...unknownOverrides],
    reload: () => loadConfig(options),
  };
}
