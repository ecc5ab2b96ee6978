/**
 * Start-up shared by every command: logger, plugin scan, option declarations, ceilometer.conf.
 *
 * Order matters: `[DEFAULT] plugin_dirs` is read from the config files (leniently) before the scan,
 * because plugins declare options that the strict config load then needs.
 */
import {
  CORE_PACKAGE_NAME,
  coreOptions,
  loggingOptions,
  configureLogging,
  createRootLogger,
  defaultScanRoots,
  findDefaultConfigFiles,
  loadConfig,
  OptionRegistry,
  PluginRegistry,
  problemToError,
  setDefaultRegistry,
  type Config,
  type IniValue,
  type LoadConfigResult,
  type RootLogger,
} from '@ceilometer-ts/core';
// the options entry only: the package root loads got, which an agent without OpenStack APIs never needs
import { listOpenStackClientOptions } from '@ceilometer-ts/openstack-client/options';
import { formatConfigIssue, Namespaces, type OptionListProvider } from '@ceilometer-ts/sdk';
import type { CommonOptions } from './common-options.js';
import { loadConfigCollecting, type ConfigIssueCollector } from './config-collecting.js';
import { readEarlyDefaults } from './early-defaults.js';
import { loggingFromConfig, loggingFromEarlyDefaults } from './logging-setup.js';
import { cliPackageDir, findWorkspaceRoot } from './paths.js';
import { installedProcessGuard } from './process-guard.js';

export interface App {
  readonly logger: RootLogger;
  readonly registry: PluginRegistry;
  readonly options: OptionRegistry;
  /** Where the options came from, by namespace (the config generator selects among them). */
  readonly optionSources: readonly OptionSource[];
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

/** `[DEFAULT] plugin_dirs` from the early read. */
function pluginDirsOf(defaults: ReadonlyMap<string, IniValue>): string[] {
  return (defaults.get('plugin_dirs')?.value ?? '').split(',').map((d) => d.trim()).filter(Boolean);
}

/** Where declarations come from: oslo-config-generator's namespace, the declaring package, the list. */
export interface OptionSource {
  /** `ceilometer` (core), `ceilometer-auth` (the OpenStack client), else the `oslo.config.opts` entry point name. */
  readonly namespace: string;
  readonly owner: string;
  readonly options: OptionListProvider;
}

/** Namespace of core's own options (upstream's `ceilometer`). */
export const CORE_NAMESPACE = 'ceilometer';
/** Namespace of oslo.log's options (`log_file`, `use_json`, ...), as upstream's generator names it. */
export const LOGGING_NAMESPACE = 'oslo.log';
/** Namespace of `[service_credentials]` and `[service_types]` (upstream's `ceilometer-auth` lists the Keystone ones). */
export const OPENSTACK_CLIENT_NAMESPACE = 'ceilometer-auth';

/** Core's options and every `oslo.config.opts` entry point (small modules, imported eagerly). */
async function collectOptionSources(registry: PluginRegistry, logger: RootLogger): Promise<OptionSource[]> {
  const sources: OptionSource[] = [
    // oslo.log's options are core's, but upstream's generator lists them under their own namespace
    { namespace: CORE_NAMESPACE, owner: CORE_PACKAGE_NAME, options: coreOptions.filter((o) => !loggingOptions.includes(o)) },
    { namespace: LOGGING_NAMESPACE, owner: CORE_PACKAGE_NAME, options: loggingOptions },
    // [service_credentials] and [service_types]: every deployment's ceilometer.conf has them, whether
    // or not an installed plugin talks to OpenStack (plugins that do declare the same list again)
    { namespace: OPENSTACK_CLIENT_NAMESPACE, owner: '@ceilometer-ts/openstack-client', options: listOpenStackClientOptions },
  ];
  for (const ep of registry.entryPoints(Namespaces.configOpts)) {
    try {
      sources.push({ namespace: ep.name, owner: ep.packageName, options: (await ep.load()) as OptionListProvider });
    } catch (error) {
      logger.error({ err: error, pkg: `${ep.packageName}@${ep.packageVersion}`, ep: ep.name }, 'cannot load option declarations; options of this package will be reported as unknown');
    }
  }
  return sources;
}

/** An option registry holding `sources`, in order (the first declaration of an option wins). */
export function registerOptionSources(sources: readonly OptionSource[]): OptionRegistry {
  const options = new OptionRegistry();
  for (const source of sources) options.register(source.owner, source.options, source.namespace);
  return options;
}

/** Builds the App: logger, registry (scanned, cached), option declarations, and the config if asked. */
export async function bootstrap(cli: CommonOptions, settings: BootstrapSettings): Promise<App> {
  const configFiles = cli.configFile.length > 0 ? cli.configFile : findDefaultConfigFiles('ceilometer', settings.prog);
  const early = readEarlyDefaults(configFiles, cli.configDir);
  // the logger follows the logging options from the start (flags over files); the strict load below may refine it
  const logging = loggingFromEarlyDefaults(cli, early);
  const logger = createRootLogger({ name: settings.prog, destination: settings.logDestination, ...logging });
  installedProcessGuard()?.useLogger(logger);
  const appDir = cliPackageDir();
  const roots = defaultScanRoots({ appDir, workspaceRoot: findWorkspaceRoot(appDir), pluginDirs: pluginDirsOf(early) });
  const registry = await PluginRegistry.scan({ roots, cache: cli.pluginCache, logger });
  setDefaultRegistry(registry);
  logger.debug({ roots: roots.map((r) => `${r.kind}:${r.dir}`), cacheUsed: registry.info.cacheUsed, ms: Math.round(registry.info.durationMs) }, 'plugin scan done');
  for (const problem of registry.problems) logger.warn({ code: problemToError(problem).code }, problem.message);

  const optionSources = await collectOptionSources(registry, logger);
  const options = registerOptionSources(optionSources);
  if (!settings.loadConfig) return { logger, registry, options, optionSources };

  const request = { configFiles: cli.configFile.length > 0 ? cli.configFile : undefined, configDirs: cli.configDir.length > 0 ? cli.configDir : undefined, registry: options, prog: settings.prog };
  // --validate-config: problems and warnings go to the report, and the rest still loads
  const collector = settings.collectConfigIssues;
  const loaded = collector ? loadConfigCollecting(request, collector) : loadConfig(request);
  if (collector) collector.warnings.push(...loaded.warnings);
  // the message carries file, line and option itself: text log formats do not print the fields
  else for (const warning of loaded.warnings) logger.warn({ file: warning.file, line: warning.line, option: warning.path }, formatConfigIssue(warning));
  const strict = loggingFromConfig(cli, loaded.config, early);
  if (JSON.stringify(strict.logging) !== JSON.stringify(logging.logging)) configureLogging(logger, strict.logging, { locate: strict.locate });
  logger.info({ files: loaded.config.files }, 'configuration loaded');
  return { logger, registry, options, optionSources, loaded, config: loaded.config };
}
