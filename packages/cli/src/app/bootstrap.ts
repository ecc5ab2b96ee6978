/**
 * Start-up shared by every command: logger, plugin scan, option declarations, ceilometer.conf.
 *
 * Order matters: `[DEFAULT] plugin_dirs` is read from the config files (leniently) before the scan,
 * because plugins declare options that the strict config load then needs.
 */
import { readFileSync } from 'node:fs';
import {
  CORE_PACKAGE_NAME,
  coreOptions,
  createRootLogger,
  defaultScanRoots,
  findDefaultConfigFiles,
  loadConfig,
  OptionRegistry,
  parseIni,
  PluginRegistry,
  problemToError,
  setDefaultRegistry,
  type Config,
  type LoadConfigResult,
  type RootLogger,
} from '@ceilometer-ts/core';
// the options entry only: the package root loads got, which an agent without OpenStack APIs never needs
import { listOpenStackClientOptions } from '@ceilometer-ts/openstack-client/options';
import { Namespaces, type OptionListProvider } from '@ceilometer-ts/sdk';
import type { CommonOptions } from './common-options.js';
import { loadConfigCollecting, type ConfigIssueCollector } from './config-collecting.js';
import { cliPackageDir, findWorkspaceRoot } from './paths.js';
import { installedProcessGuard } from './process-guard.js';

export interface App {
  readonly logger: RootLogger;
  readonly registry: PluginRegistry;
  readonly options: OptionRegistry;
  /** Present when the command asked for the config to be loaded. */
  readonly loaded?: LoadConfigResult;
  readonly config?: Config;
}

export interface BootstrapSettings {
  /** Program name for logs and the default config search (`ceilometer-polling`). */
  readonly prog: string;
  /** Load and validate ceilometer.conf (the plugins command does not need it). */
  readonly loadConfig: boolean;
  /** Log to this stream instead of stderr (tests). */
  readonly logDestination?: NodeJS.WritableStream;
  /**
   * `--validate-config`: ceilometer.conf's problems and warnings go here instead of stopping the
   * command (problems) or the log (warnings); the config is then loaded without the bad values.
   */
  readonly collectConfigIssues?: ConfigIssueCollector;
}

/** `[DEFAULT] plugin_dirs` from the files, read without validation (the options are not known yet). */
function pluginDirsFromFiles(files: readonly string[]): string[] {
  const dirs: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // the strict load reports unreadable files
    }
    const parsed = parseIni(text, file);
    if (!parsed.ok) continue;
    const values = parsed.ini.sections.get('DEFAULT')?.get('plugin_dirs');
    const last = values?.[values.length - 1];
    if (last) dirs.splice(0, dirs.length, ...last.value.split(',').map((d) => d.trim()).filter(Boolean));
  }
  return dirs;
}

/** Registers core's options and every `oslo.config.opts` entry point (small modules, imported eagerly). */
async function collectOptions(registry: PluginRegistry, logger: RootLogger): Promise<OptionRegistry> {
  const options = new OptionRegistry();
  options.register(CORE_PACKAGE_NAME, coreOptions);
  // [service_credentials] and [service_types]: every deployment's ceilometer.conf has them, whether
  // or not an installed plugin talks to OpenStack (plugins that do declare the same list again)
  options.register('@ceilometer-ts/openstack-client', listOpenStackClientOptions);
  for (const ep of registry.entryPoints(Namespaces.configOpts)) {
    try {
      options.register(ep.packageName, (await ep.load()) as OptionListProvider);
    } catch (error) {
      logger.error({ err: error, pkg: `${ep.packageName}@${ep.packageVersion}`, ep: ep.name }, 'cannot load option declarations; options of this package will be reported as unknown');
    }
  }
  return options;
}

/** Builds the App: logger, registry (scanned, cached), option declarations, and the config if asked. */
export async function bootstrap(cli: CommonOptions, settings: BootstrapSettings): Promise<App> {
  const logger = createRootLogger({ debug: cli.debug, name: settings.prog, destination: settings.logDestination });
  installedProcessGuard()?.useLogger(logger);
  const configFiles = cli.configFile.length > 0 ? cli.configFile : findDefaultConfigFiles('ceilometer', settings.prog);
  const appDir = cliPackageDir();
  const roots = defaultScanRoots({ appDir, workspaceRoot: findWorkspaceRoot(appDir), pluginDirs: pluginDirsFromFiles(configFiles) });
  const registry = await PluginRegistry.scan({ roots, cache: cli.pluginCache, logger });
  setDefaultRegistry(registry);
  logger.debug({ roots: roots.map((r) => `${r.kind}:${r.dir}`), cacheUsed: registry.info.cacheUsed, ms: Math.round(registry.info.durationMs) }, 'plugin scan done');
  for (const problem of registry.problems) logger.warn({ code: problemToError(problem).code }, problem.message);

  const options = await collectOptions(registry, logger);
  if (!settings.loadConfig) return { logger, registry, options };

  const request = { configFiles: cli.configFile.length > 0 ? cli.configFile : undefined, configDirs: cli.configDir.length > 0 ? cli.configDir : undefined, registry: options, prog: settings.prog };
  const collector = settings.collectConfigIssues;
  const loaded = collector ? loadConfigCollecting(request, collector) : loadConfig(request);
  if (collector) collector.warnings.push(...loaded.warnings);
  else for (const warning of loaded.warnings) logger.warn({ file: warning.file, line: warning.line, option: warning.path }, warning.message);
  if (!cli.debug && loaded.config.get<boolean>('DEFAULT', 'debug')) logger.level = 'debug';
  logger.info({ files: loaded.config.files }, 'configuration loaded');
  return { logger, registry, options, loaded, config: loaded.config };
}
