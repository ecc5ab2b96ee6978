/**
 * gnocchi_resources.yaml loading: upstream's defaults and formats, the bundled file, and located errors.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, makeSample } from '@ceilometer-ts/sdk';
import { BUNDLED_RESOURCES_DEFINITION_FILE, loadResourcesDefinitions, parseGnocchiSettings } from '../src/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const SEED = fileURLToPath(new URL('../../../etc/ceilometer/gnocchi_resources.yaml', import.meta.url));

describe('definitions', () => {
  it("bundles upstream 19.0's default file", () => {
    const d = loadResourcesDefinitions(BUNDLED_RESOURCES_DEFINITION_FILE, null);
    expect(d.archivePolicyDefault).toBe('ceilometer-low');
    expect(d.metricMap.get('cpu')?.resourceType).toBe('instance');
    expect(d.metricMap.get('cpu')?.metrics.get('cpu')?.archive_policy_name).toBe('ceilometer-low-rate');
    expect(d.metricMap.get('memory.usage')?.metrics.get('memory.usage')?.archive_policy_name).toBe('ceilometer-low');
    expect(d.archivePolicies.map((p) => p.name)).toEqual(['ceilometer-low', 'ceilometer-low-rate', 'ceilometer-high', 'ceilometer-high-rate']);
  });

  it('evaluates attributes with upstream alternations over the sample', () => {
    const d = loadResourcesDefinitions(SEED, null);
    const attrs: Record<string, unknown> = {};
    d.metricMap.get('cpu')!.sampleAttributes(
      makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 1, resource_id: 'vm', resource_metadata: { host: 'h1', flavor: { name: 'm1.small', id: '42' }, display_name: 'vm' } }),
      attrs,
    );
    expect(attrs).toEqual({ host: 'h1', display_name: 'vm', flavor_id: '42', flavor_name: 'm1.small' });
  });

  it('archive_policy in the URL overrides every metric', () => {
    const d = loadResourcesDefinitions(BUNDLED_RESOURCES_DEFINITION_FILE, 'horizon-mimic');
    expect(new Set([...d.metricMap.values()].flatMap((rd) => [...rd.metrics.values()].map((m) => m.archive_policy_name)))).toEqual(new Set(['horizon-mimic']));
  });

  it('a bad file names file, line and key of every problem', () => {
    const file = fixture('bad-definitions.yaml');
    let err: unknown;
    try {
      loadResourcesDefinitions(file, null);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('CEILO_ERR_CONFIG_INVALID');
    expect((err as ConfigError).message.split('\n').map((l) => l.replace(file, 'bad.yaml').replace(/: Parse error.*/, ': Parse error...'))).toEqual([
      'bad.yaml:8: resources[0].attributes.host: Parse error...',
      'bad.yaml:9: resources[1].resource_type: Required field resource_type not specified',
      'bad.yaml:15: resources[2].event_attributes.id: Required field id not specified',
      'bad.yaml:18: archive_policies[0].name: Required field name not specified (a string)',
    ]);
  });
});

describe('URL parameters', () => {
  it("reads upstream's parameters, last value winning", () => {
    expect(parseGnocchiSettings('gnocchi://?filter_project=service&archive_policy=horizon-mimic')).toEqual({
      enableFilterProject: true, filterProject: 'service', filterDomain: 'Default', archivePolicyOverride: 'horizon-mimic',
      resourcesDefinitionFile: 'gnocchi_resources.yaml', timeoutMs: 6050,
    });
    expect(parseGnocchiSettings('gnocchi://?enable_filter_project=false&filter_project=x&timeout=2&timeout=3&resources_definition_file=r.yaml&filter_domain=d')).toEqual({
      enableFilterProject: false, filterProject: null, filterDomain: null, archivePolicyOverride: null, resourcesDefinitionFile: 'r.yaml', timeoutMs: 3000,
    });
    expect(() => parseGnocchiSettings('gnocchi://?timeout=soon')).toThrow('timeout must be a number of seconds > 0, not "soon"');
  });
});
