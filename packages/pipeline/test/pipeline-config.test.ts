import { readFileSync } from 'node:fs';
import { ConfigError, formatConfigIssue } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { checkPipelineConfig, loadPipelineConfigFile, parsePipelineConfig, type PipelineKind } from '../src/index.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

/** Issues of a fixture under test/fixtures/config, formatted `file:line: path: message`. */
function issues(name: string, kind: PipelineKind = 'sample'): string {
  const result = checkPipelineConfig(readFileSync(fixture(`config/${name}`), 'utf8'), { kind, file: name });
  expect(result.config).toBeUndefined();
  return result.issues.map(formatConfigIssue).join('\n');
}

describe('pipeline.yaml validation (upstream rules and messages)', () => {
  it('requires both sources and sinks', () => {
    expect(issues('missing-sinks.yaml')).toMatchInlineSnapshot(`"missing-sinks.yaml:2: (root): Both sources & sinks are required"`);
  });
  it('requires source names', () => {
    expect(issues('source-missing-name.yaml')).toMatchInlineSnapshot(`"source-missing-name.yaml:3: sources[0].name: Required field name not specified"`);
  });
  it('rejects duplicated source names', () => {
    expect(issues('duplicate-source-names.yaml')).toMatchInlineSnapshot(`"duplicate-source-names.yaml:6: sources[1].name: Duplicated source names: meter_source"`);
  });
  it('rejects duplicated sink names', () => {
    expect(issues('duplicate-sink-names.yaml')).toMatchInlineSnapshot(`"duplicate-sink-names.yaml:10: sinks[1].name: Duplicated sink names: meter_sink"`);
  });
  it('requires sinks in a source', () => {
    expect(issues('source-missing-sinks.yaml')).toMatchInlineSnapshot(`"source-missing-sinks.yaml:3: sources[0]: Required field sinks not specified"`);
    expect(issues('source-empty-sinks.yaml')).toMatchInlineSnapshot(`"source-empty-sinks.yaml:6: sources[0].sinks: No sink defined in source meter_source"`);
  });
  it('rejects a dangling sink', () => {
    expect(issues('dangling-sink.yaml')).toMatchInlineSnapshot(`"dangling-sink.yaml:8: sources[0].sinks[1]: Dangling sink nowhere_sink from source meter_source"`);
  });
  it('requires sink names', () => {
    expect(issues('sink-missing-name.yaml')).toMatchInlineSnapshot(`"sink-missing-name.yaml:10: sinks[1].name: Required field name not specified"`);
  });
  it('requires publishers in a sink', () => {
    expect(issues('sink-no-publishers.yaml')).toMatchInlineSnapshot(`
      "sink-no-publishers.yaml:9: sinks[0].publishers: No publisher specified
      sink-no-publishers.yaml:10: sinks[1].publishers: No publisher specified"
    `);
  });
  it('requires meters in a sample source', () => {
    expect(issues('missing-meters.yaml')).toMatchInlineSnapshot(`"missing-meters.yaml:3: sources[0]: Missing meters value"`);
    expect(issues('empty-meters.yaml')).toMatchInlineSnapshot(`"empty-meters.yaml:4: sources[0].meters: No meters specified"`);
  });
  it('applies the meter pattern rules', () => {
    expect(issues('included-and-excluded.yaml')).toMatchInlineSnapshot(`"included-and-excluded.yaml:4: sources[0].meters: Both included and excluded meters specified"`);
    expect(issues('wildcard-with-included.yaml')).toMatchInlineSnapshot(`"wildcard-with-included.yaml:4: sources[0].meters: Included meters specified with wildcard"`);
  });
  it('rejects duplicate pipeline names', () => {
    expect(issues('duplicate-pipeline-name.yaml')).toMatchInlineSnapshot(`"duplicate-pipeline-name.yaml:8: sources[1].sinks[0]: Duplicate pipeline name: a:b. Ensure pipeline names are unique. (name is the source and sink names combined)"`);
  });
  it('reports wrong types at the element', () => {
    expect(issues('bad-types.yaml')).toMatchInlineSnapshot(`
      "bad-types.yaml:4: sources[0].meters: expected a list of meter names, got "cpu"
      bad-types.yaml:7: sources[1]: expected a mapping with name, meters and sinks, got "just a string"
      bad-types.yaml:11: sinks[0].transformers[0].name: Required field name not specified
      bad-types.yaml:13: sinks[0].transformers[1].parameters: expected a mapping, got a list
      bad-types.yaml:15: sinks[0].publishers[0]: expected a publisher URL, got 42
      bad-types.yaml:16: sinks[0].publishers[1]: invalid publisher URL "not a url""
    `);
  });
  it('reports YAML syntax errors with their line', () => {
    expect(issues('invalid-yaml.yaml')).toMatchInlineSnapshot(`"invalid-yaml.yaml:5: (syntax): Flow sequence in block collection must be sufficiently indented and end with a ]"`);
  });
  it('collects every issue into one ConfigError', () => {
    const text = readFileSync(fixture('config/many-errors.yaml'), 'utf8');
    let error: unknown;
    try {
      parsePipelineConfig(text, { kind: 'sample', file: 'pipeline.yaml' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CEILO_ERR_CONFIG_INVALID');
    expect((error as ConfigError).message).toMatchInlineSnapshot(`
      "pipeline.yaml:4: sources[0].meters: Included meters specified with wildcard
      pipeline.yaml:13: sources[1].sinks[0]: Dangling sink missing_sink from source disk_source
      pipeline.yaml:16: sinks[0].publishers: No publisher specified"
    `);
  });
  it('checks event sources with the events rules', () => {
    expect(issues('event-no-events.yaml', 'event')).toMatchInlineSnapshot(`
      "event-no-events.yaml:3: sources[0].events: No events specified
      event-no-events.yaml:7: sources[1].events: Both included and excluded events specified"
    `);
  });
});

describe('loading the reference files', () => {
  it('loads upstream pipeline.yaml', async () => {
    const config = await loadPipelineConfigFile(fixture('pipeline.yaml'), 'sample', 'pipeline.yaml');
    expect(config.pipelines.map((p) => p.name)).toEqual(['meter_source:meter_sink']);
    expect(config.sinks[0]?.publishers.map((p) => [p.url, p.scheme])).toEqual([['gnocchi://', 'gnocchi']]);
    expect(config.warnings).toEqual([]);
  });

  it('loads upstream event_pipeline.yaml', async () => {
    const config = await loadPipelineConfigFile(fixture('event_pipeline.yaml'), 'event', 'event_pipeline.yaml');
    expect(config.pipelines.map((p) => p.name)).toEqual(['event:event_source:event_sink']);
    expect(config.sources[0]?.patterns).toEqual(['*']);
  });

  it('loads the seed deployment pipeline.yaml unchanged, with one warning about resources', async () => {
    const config = await loadPipelineConfigFile(fixture('seed-pipeline.yaml'), 'sample', 'pipeline.yaml');
    expect(config.pipelines.map((p) => p.name)).toEqual([
      'hardware_meter:meter_snmp_sink',
      'some_pollsters:instance_sink',
      'user_defined:user_defined_sink',
    ]);
    expect(config.sinks.map((s) => s.transformers.length)).toEqual([0, 0, 0, 0]);
    expect(config.sinks.every((s) => s.publishers[0]?.url === 'gnocchi://?filter_project=service&archive_policy=horizon-mimic')).toBe(true);
    expect(config.warnings.map(formatConfigIssue)).toMatchInlineSnapshot(`
      [
        "pipeline.yaml:13: sources[0].resources: ignored: resources belong in polling.yaml, not in the pipeline definition (2 places: sources[0].resources, sources[2].resources)",
      ]
    `);
  });

  it('warns about misspelt keys with what was meant', () => {
    const config = parsePipelineConfig(
      [
        'sources:',
        '  - name: cpu_source',
        '    meter: [cpu]',
        '    meters: [cpu]',
        '    sinks: [cpu_sink]',
        'sinks:',
        '  - name: cpu_sink',
        '    publisher: [test://]',
        '    publishers: [test://]',
        '    transformers:',
        '      - name: delta',
        '        parameter: {}',
        'sink: []',
      ].join('\n'),
      { kind: 'sample', file: 'pipeline.yaml' },
    );
    expect(config.warnings.map(formatConfigIssue)).toMatchInlineSnapshot(`
      [
        "pipeline.yaml:3: sources[0].meter: unknown key, ignored; did you mean meters?",
        "pipeline.yaml:8: sinks[0].publisher: unknown key, ignored; did you mean publishers?",
        "pipeline.yaml:12: sinks[0].transformers[0].parameter: unknown key, ignored; did you mean parameters?",
        "pipeline.yaml:13: sink: unknown key, ignored; did you mean sinks?",
      ]
    `);
  });

  it('keeps transformers with their parameters and location', () => {
    const config = parsePipelineConfig(
      [
        'sources:',
        '  - name: cpu_source',
        '    meters: [cpu]',
        '    sinks: [cpu_sink]',
        'sinks:',
        '  - name: cpu_sink',
        '    transformers:',
        '      - name: "rate_of_change"',
        '        parameters:',
        '          target: {name: cpu_util, unit: "%", type: gauge, scale: "100.0 / (10**9 * (resource_metadata.cpu_number or 1))"}',
        '      - name: delta',
        '    publishers: [test://]',
      ].join('\n'),
      { kind: 'sample', file: 'pipeline.yaml' },
    );
    const transformers = config.sinks[0]?.transformers ?? [];
    expect(transformers.map((t) => [t.name, t.location.line, t.location.path])).toEqual([
      ['rate_of_change', 8, 'sinks[0].transformers[0]'],
      ['delta', 11, 'sinks[0].transformers[1]'],
    ]);
    expect(transformers[0]?.parameters).toEqual({
      target: { name: 'cpu_util', unit: '%', type: 'gauge', scale: '100.0 / (10**9 * (resource_metadata.cpu_number or 1))' },
    });
    expect(transformers[1]?.parameters).toEqual({});
  });

  it('accepts old-style publisher names without ://', () => {
    const config = parsePipelineConfig('sources: [{name: s, meters: ["*"], sinks: [k]}]\nsinks: [{name: k, publishers: [test]}]', {
      kind: 'sample',
      file: 'pipeline.yaml',
    });
    expect(config.sinks[0]?.publishers[0]?.url).toBe('test://');
  });

  it('reports an unreadable file as a ConfigError', async () => {
    await expect(loadPipelineConfigFile('/nonexistent/pipeline.yaml', 'sample')).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('pipeline files with sources: [] (accepted, as upstream)', () => {
  it.each([
    ['sample', 'no sample will be published'],
    ['event', 'no event will be published'],
  ] as const)('a %s pipeline loads with exactly one warning naming the file', (kind, says) => {
    const result = checkPipelineConfig('---\nsources: []\nsinks: []\n', { kind, file: '/etc/ceilometer/pipeline.yaml' });
    expect(result.issues).toEqual([]);
    expect(result.config?.pipelines).toEqual([]);
    expect(result.warnings.map(formatConfigIssue)).toEqual([`/etc/ceilometer/pipeline.yaml:2: sources: no sources: ${says} through this file`]);
  });
});
