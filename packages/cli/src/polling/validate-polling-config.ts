/**
 * `ceilometer-polling --validate-config`: polling.yaml against the installed pollsters and
 * discoveries of the namespaces, the modules of what it selects imported (not constructed: a
 * pollster's setup may reach a hypervisor or a host), the hypervisor inspector of the compute
 * namespace, the hardware inspectors its resource URLs name, and the embedded pipeline.yaml
 * (`[polling] pipeline_cfg_file`) with its publishers constructed as the agent constructs them.
 * Pollster builders are constructed and run, as the agent runs them: they read definition files
 * (dynamic pollsters, hardware definitions) and connect nowhere, and what they throw or log as an
 * error (an invalid definition, skipped at run time) is a problem here.
 */
import { NamedExtensionManager, type Config, type PluginRegistry } from '@ceilometer-ts/core';
import { resolvePollingConfigFile, validatePollingFile, type PollingSettings } from '@ceilometer-ts/polling';
import { ConfigError, ExtensionLoadError, MapServiceRegistry, Namespaces, type PollsterBuilder } from '@ceilometer-ts/sdk';
import { readBackendUrl, resolveCoordinationDriver } from '../app/coordination.js';
import { checkImports, type ValidationReport } from '../app/validate-config.js';

const names = (registry: PluginRegistry, namespace: string): string[] => [...new Set(registry.entryPoints(namespace).map((ep) => ep.name))].sort();

/** Fills `report` with what `ceilometer-polling` would load. */
export async function validatePollingConfig(report: ValidationReport, config: Config, settings: PollingSettings, registry: PluginRegistry): Promise<void> {
  const namespaces = settings.pollingNamespaces;
  const pollsters = namespaces.flatMap((ns) => names(registry, Namespaces.poll(ns)));
  const built = await buildPollsters(report, config, registry, namespaces);
  const discoveries = namespaces.flatMap((ns) => names(registry, Namespaces.discover(ns)));
  for (const ns of namespaces) {
    if (names(registry, Namespaces.poll(ns)).length + names(registry, Namespaces.builderPoll(ns)).length === 0) {
      report.optionProblem(config, 'DEFAULT', 'polling_namespaces', `no pollster installed in namespace ${ns} (${Namespaces.poll(ns)}, ${Namespaces.builderPoll(ns)})`);
    }
  }

  const file = resolvePollingConfigFile(settings.cfgFile, (name) => config.findFile(name));
  report.checked.push(file);
  const polling = await validatePollingFile(file, { namespaces, pollsters: [...pollsters, ...built.pollsters], builders: built.failed, discoveries });
  report.problems.push(...polling.problems);
  report.warnings.push(...polling.warnings);
  for (const ns of namespaces) {
    await checkImports(report, registry, Namespaces.poll(ns), polling.selectedPollsters);
    const used = new Set((polling.config?.sources ?? []).flatMap((s) => s.discovery.map((d) => d.split(':')[0]!)));
    await checkImports(report, registry, Namespaces.discover(ns), names(registry, Namespaces.discover(ns)).filter((d) => used.has(d)));
  }

  if (namespaces.includes('compute') && config.has('DEFAULT', 'hypervisor_inspector')) {
    const inspector = config.get<string>('DEFAULT', 'hypervisor_inspector');
    const installed = names(registry, Namespaces.computeVirt);
    if (!installed.includes(inspector)) report.optionProblem(config, 'DEFAULT', 'hypervisor_inspector', `no hypervisor inspector "${inspector}" installed (${Namespaces.computeVirt}: ${installed.join(', ') || 'none'})`);
    else await checkImports(report, registry, Namespaces.computeVirt, [inspector]);
  }
  const schemes = new Set((polling.config?.sources ?? []).flatMap((s) => s.resources.map((r) => /^([a-z][a-z0-9+.-]*):\/\//i.exec(r)?.[1]?.toLowerCase()).filter((x): x is string => x !== undefined)));
  const inspectors = names(registry, Namespaces.hardwareInspectors);
  if (schemes.size > 0 && inspectors.length > 0) {
    for (const scheme of schemes) {
      if (!inspectors.includes(scheme)) report.warnings.push({ file, path: 'sources[].resources', message: `no hardware inspector for resource scheme ${scheme}:// (installed: ${inspectors.join(', ')}); the hardware pollsters cannot poll those resources` });
    }
    await checkImports(report, registry, Namespaces.hardwareInspectors, [...schemes].filter((s) => inspectors.includes(s)));
  }

  if (settings.coordinationBackendUrl) {
    try {
      await resolveCoordinationDriver(registry, config, readBackendUrl(config, settings.coordinationBackendUrl));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      report.problems.push(...error.issues);
    }
  }
  if (settings.pipelineCfgFile) await validateEmbeddedPipeline(report, config, settings.pipelineCfgFile, registry);
}

/**
 * Runs every pollster builder of the namespaces as the agent does (`buildPollsters()`): the meter
 * names they make, and the builders that could not be imported, constructed or run (their meters
 * are unknown). Errors they log while building (an invalid definition, which the agent skips) and
 * configuration errors they throw are problems.
 */
async function buildPollsters(report: ValidationReport, config: Config, registry: PluginRegistry, namespaces: readonly string[]): Promise<{ pollsters: string[]; failed: string[] }> {
  const pollsters: string[] = [];
  const failed: string[] = [];
  const services = new MapServiceRegistry();
  for (const namespace of namespaces.map((ns) => Namespaces.builderPoll(ns))) {
    for (const ep of registry.entryPoints(namespace)) {
      const where = `${ep.packageName}@${ep.packageVersion}`;
      const path = `${namespace}:${ep.name}`;
      const logger = report.errorCollectingLogger((message) => report.pluginProblem(where, path, message));
      let loadFailure: Error | undefined;
      try {
        const manager = await NamedExtensionManager.create<PollsterBuilder>({
          registry, namespace, names: [ep.name], invokeOnLoad: true, context: { config, logger, services }, warnOnMissingNames: false,
          onLoadFailure: (_ep, error) => { loadFailure = error; },
        });
        if (loadFailure) throw loadFailure;
        for (const ext of manager.extensions) pollsters.push(...((await ext.obj?.buildPollsters()) ?? []).map((b) => b.name));
      } catch (error) {
        failed.push(ep.name);
        // the agent skips a builder that says it cannot run here (ExtensionLoadError), quietly
        if (error instanceof ExtensionLoadError || (error instanceof Error && error.cause instanceof ExtensionLoadError)) continue;
        if (error instanceof ConfigError) report.problems.push(...error.issues);
        else report.pluginProblem(where, path, `cannot build pollsters: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return { pollsters, failed };
}

/** The embedded pipeline.yaml as `ceilometer-polling` builds it (publishers constructed, then closed; no transformers, as embedded mode has none). */
async function validateEmbeddedPipeline(report: ValidationReport, config: Config, name: string, registry: PluginRegistry): Promise<void> {
  const { RegistryPublisherFactory, SamplePipelineManager } = await import('@ceilometer-ts/pipeline');
  const path = config.findFile(name) ?? name;
  report.checked.push(path);
  const { logger } = report;
  try {
    const manager = await SamplePipelineManager.fromFile(path, { publisherFactory: new RegistryPublisherFactory({ kind: 'sample', registry, context: { config, logger }, logger }), logger });
    await manager.close(0);
  } catch (error) {
    if (error instanceof ConfigError) report.problems.push(...error.issues);
    else report.optionProblem(config, 'polling', 'pipeline_cfg_file', error instanceof Error ? error.message : String(error));
  }
}
