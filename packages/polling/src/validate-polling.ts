/**
 * `--validate-config` for polling.yaml: the file's own rules (as loading checks them), then what
 * it names against what is installed: discoveries that no namespace offers are problems (the agent
 * would poll nothing from them), meters that no pollster of the namespaces provides are warnings
 * (the agent says the same at start). Every finding is located `polling.yaml:LINE: path`.
 */
import { loadLocatedYaml, type LocatedYaml } from '@ceilometer-ts/located-yaml';
import { ConfigError, type ConfigIssue } from '@ceilometer-ts/sdk';
import { parseDiscoveryUrl } from './discoverer.js';
import { fnmatch, isGlob } from './meter-matcher.js';
import { validatePollingConfig, type PollingConfig } from './polling-config.js';

/** The entry point names of the polling namespaces in use. */
export interface PollingPluginNames {
  readonly namespaces: readonly string[];
  readonly pollsters: readonly string[];
  /** Builders make pollsters whose names are known only once built: meters are not checked then. */
  readonly builders: readonly string[];
  readonly discoveries: readonly string[];
}

/** What {@link validatePollingFile} found. */
export interface PollingFileValidation {
  readonly config?: PollingConfig;
  readonly problems: readonly ConfigIssue[];
  readonly warnings: readonly ConfigIssue[];
  /** Pollster entry points the sources select (to be imported by the caller). */
  readonly selectedPollsters: readonly string[];
}

/** Checks polling.yaml at `path` against the installed plugin names; never throws a ConfigError. */
export async function validatePollingFile(path: string, names: PollingPluginNames, displayName?: string): Promise<PollingFileValidation> {
  let doc: LocatedYaml;
  try {
    doc = await loadLocatedYaml(path, displayName ? { displayName } : {});
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.issues, warnings: [], selectedPollsters: [] };
    throw error;
  }
  let config: PollingConfig;
  try {
    config = validatePollingConfig(doc);
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.issues, warnings: [], selectedPollsters: [] };
    throw error;
  }
  const problems: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [...config.warnings];
  const selected = new Set<string>();
  const where = `namespace(s) ${names.namespaces.join(', ')}`;
  config.sources.forEach((source, i) => {
    source.meters.forEach((meter, j) => {
      if (meter.startsWith('!')) return;
      const matching = names.pollsters.filter((p) => (isGlob(meter) ? fnmatch(p, meter) : p === meter));
      for (const m of matching) selected.add(m);
      if (matching.length === 0) {
        // pollster builders (dynamic pollsters) make their meters only when the agent builds them
        const unless = names.builders.length > 0 ? ` unless a pollster builder (${names.builders.join(', ')}) makes it` : '';
        warnings.push(doc.issue(['sources', i, 'meters', j], `no pollster installed for "${meter}" in ${where}; it will not be polled${unless}`));
      }
    });
    source.discovery.forEach((url, j) => {
      const { name } = parseDiscoveryUrl(url);
      if (!names.discoveries.includes(name)) {
        const known = names.discoveries.length > 0 ? names.discoveries.join(', ') : 'none';
        problems.push(doc.issue(['sources', i, 'discovery', j], `unknown discovery "${name}" in ${where} (installed: ${known})`));
      }
    });
  });
  return { config, problems, warnings, selectedPollsters: [...selected].sort() };
}
