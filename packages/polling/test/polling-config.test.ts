import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@ceilometer-ts/sdk';
import { loadPollingConfig, parsePollingConfig, resolvePollingConfigFile } from '../src/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function issuesOf(name: string): Promise<string[]> {
  try {
    await loadPollingConfig(fixture(`config/${name}`), name);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('CEILO_ERR_CONFIG_INVALID');
    return (err as ConfigError).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('polling.yaml', () => {
  it('loads the seed deployment file unchanged', async () => {
    const config = await loadPollingConfig(fixture('seed-polling.yaml'), 'polling.yaml');
    expect(config.sources.map((s) => [s.name, s.interval, s.meters.length, s.resources])).toEqual([
      ['some_pollsters', 60, 20, []],
      ['hardware_snmp', 60, 8, ['snmp://127.0.0.1:16100']],
      ['user_defined', 60, 32, ['snmp://127.0.0.1:16100']],
    ]);
    expect(config.warnings).toEqual([]);
  });

  it('loads upstream reference files', async () => {
    expect((await loadPollingConfig(fixture('upstream-polling.yaml'))).sources[0]!.interval).toBe(300);
    expect((await loadPollingConfig(fixture('upstream-polling-all.yaml'))).sources[0]!.meters).toEqual(['*']);
  });

  it('requires sources', async () => {
    expect(await issuesOf('no-sources.yaml')).toEqual(['no-sources.yaml:2: (root): sources required']);
    expect(() => parsePollingConfig('', 'p.yaml')).toThrow('p.yaml:?: (root): sources required');
    expect(() => parsePollingConfig('sources: 3', 'p.yaml')).toThrow('p.yaml:1: sources: sources required: expected a list of sources, got 3');
  });

  it('reports every source problem with file, line, path and source name', async () => {
    expect(await issuesOf('bad-sources.yaml')).toEqual([
      'bad-sources.yaml:3: sources[0]: Missing meters value (source missing_fields)',
      'bad-sources.yaml:3: sources[0]: Missing interval value (source missing_fields)',
      'bad-sources.yaml:5: sources[1].interval: Invalid interval value: expected a positive integer number of seconds, got "5m" (source bad_interval)',
      'bad-sources.yaml:9: sources[2].interval: Interval value should > 0, got 0 (source zero_interval)',
      'bad-sources.yaml:11: sources[3]: Required field name not specified',
      'bad-sources.yaml:15: sources[4].meters: Both included and excluded meters specified (source mixed)',
      'bad-sources.yaml:20: sources[5].meters: Included meters specified with wildcard (source wildcard)',
      'bad-sources.yaml:23: sources[6].meters: No meters specified (source empty_meters)',
      'bad-sources.yaml:27: sources[7].resources: Resources should be a list, got "snmp://127.0.0.1" (source not_lists)',
      'bad-sources.yaml:28: sources[7].discovery: Discovery should be a list, got "local_node" (source not_lists)',
      'bad-sources.yaml:31: sources[8].meters[1]: expected a non-empty string, got 3 (source bad_items)',
      'bad-sources.yaml:32: sources[8].resources[0]: expected a non-empty string, got a list (source bad_items)',
      'bad-sources.yaml:33: sources[9]: expected a mapping with name, interval and meters, got "just a string"',
    ]);
  });

  it('accepts what upstream accepts, with warnings', async () => {
    const config = await loadPollingConfig(fixture('config/warnings.yaml'), 'w.yaml');
    expect(config.sources.map((s) => [s.name, s.interval, s.resources, s.discovery])).toEqual([
      ['a', 60, [], []],
      ['a', 30, [], []],
    ]);
    expect(config.warnings.map((w) => `${w.line}: ${w.path}: ${w.message}`)).toEqual([
      '4: sources[0].interval: interval 60.5 truncated to 60 seconds (source a)',
      '6: sources[0].intervall: unknown field "intervall" is ignored (source a); did you mean interval?',
      '7: sources[1].name: source name "a" is also used by sources[0]; their resources and blacklists are shared',
    ]);
  });

  it('reports YAML syntax errors with the line', async () => {
    const issues = await issuesOf('syntax.yaml');
    expect(issues[0]).toMatch(/^syntax\.yaml:\d+: \(syntax\): /);
  });

  it('resolves cfg_file like upstream load_config', () => {
    expect(resolvePollingConfigFile(fixture('seed-polling.yaml'))).toBe(fixture('seed-polling.yaml'));
    expect(resolvePollingConfigFile('polling.yaml', (n) => `/etc/ceilometer/${n}`)).toBe('/etc/ceilometer/polling.yaml');
    expect(() => resolvePollingConfigFile('nope.yaml', () => undefined)).toThrow(ConfigError);
  });
});
