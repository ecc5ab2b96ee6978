import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@ceilometer-ts/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, NoSuchOptionError } from '../../src/config/index.js';
import { fixture, testRegistry } from './test-options.js';

/** The messages of the ConfigError thrown by `fn`, with the fixture dir shortened. */
function issuesOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CEILO_ERR_CONFIG_INVALID');
    return (error as ConfigError).message.replaceAll(fixture(''), '');
  }
  throw new Error('expected a ConfigError');
}

const load = (...files: string[]) => loadConfig({ configFiles: files.map(fixture), configDirs: [], registry: testRegistry() });

describe('loadConfig failures (one fixture per failure)', () => {
  it('reports a bad integer with file, line, path, type and value', () => {
    expect(issuesOf(() => load('bad-integer.conf'))).toMatchInlineSnapshot(
      `"bad-integer.conf:3: DEFAULT.workers: expected an integer, got "four""`,
    );
  });

  it('reports a bad boolean', () => {
    expect(issuesOf(() => load('bad-boolean.conf'))).toMatchInlineSnapshot(
      `"bad-boolean.conf:3: DEFAULT.verbose: expected a boolean (true/false, yes/no, on/off, 1/0), got "maybe""`,
    );
  });

  it('reports out-of-range values, including the port bounds', () => {
    expect(issuesOf(() => load('out-of-range.conf'))).toMatchInlineSnapshot(`
      "out-of-range.conf:2: DEFAULT.workers: should be greater than or equal to 1, got "0"
      out-of-range.conf:5: api.port: should be less than or equal to 65535, got "70000""
    `);
  });

  it('reports a value outside the choices', () => {
    expect(issuesOf(() => load('bad-choice.conf'))).toMatchInlineSnapshot(
      `"bad-choice.conf:2: compute.instance_discovery_method: expected one of [naive, libvirt_metadata, workload_partitioning], got "random""`,
    );
  });

  it('collects every issue into one ConfigError, in file order', () => {
    expect(issuesOf(() => load('several-errors.conf'))).toMatchInlineSnapshot(`
      "several-errors.conf:2: DEFAULT.workers: expected an integer, got "many"
      several-errors.conf:3: DEFAULT.verbose: expected a boolean (true/false, yes/no, on/off, 1/0), got "perhaps"
      several-errors.conf:4: DEFAULT.ratio: should be less than or equal to 1, got "1.5"
      several-errors.conf:7: api.port: expected a port number, got "http""
    `);
  });

  it('returns unknown options as warnings, not errors', () => {
    const { config, warnings } = load('unknown-option.conf');
    expect(config.get('DEFAULT', 'workers')).toBe(2);
    expect(warnings.map((w) => ({ ...w, file: w.file.replace(fixture(''), '') }))).toMatchInlineSnapshot(`
      [
        {
          "file": "unknown-option.conf",
          "line": 3,
          "message": "unknown option, ignored (no installed package declares it)",
          "path": "DEFAULT.no_such_thing",
        },
        {
          "file": "unknown-option.conf",
          "line": 6,
          "message": "unknown section [nosection], option ignored (no installed package declares options in it)",
          "path": "nosection.x",
        },
      ]
    `);
  });

  it('suggests what a misspelt option or section meant (difflib ratio, as argparse users see)', () => {
    const { warnings } = load('typo-option.conf');
    expect(warnings.map((w) => `${w.line}: ${w.path}: ${w.message}`)).toMatchInlineSnapshot(`
      [
        "2: DEFAULT.worker: unknown option, ignored (no installed package declares it); did you mean workers?",
        "3: DEFAULT.port: unknown option, ignored (no installed package declares it); did you mean [api] port?",
        "6: api.prot: unknown option, ignored (no installed package declares it); did you mean port?",
        "9: apii.url: unknown section [apii], option ignored (no installed package declares options in it); did you mean [api]?",
        "12: compute.zzz: unknown option, ignored (no installed package declares it)",
      ]
    `);
  });

  it('reports a missing --config-file and a missing --config-dir', () => {
    const message = issuesOf(() =>
      loadConfig({ configFiles: [fixture('nope.conf')], configDirs: [fixture('nodir')], registry: testRegistry() }),
    );
    expect(message).toMatchInlineSnapshot(`
      "nope.conf:?: (file): config file not found
      nodir:?: (dir): config directory not found"
    `);
  });
});

describe('loadConfig reading', () => {
  it('uses declared defaults when nothing is set, substituting $references in defaults', () => {
    const { config, warnings } = loadConfig({ configFiles: [], configDirs: [], registry: testRegistry() });
    expect(warnings).toEqual([]);
    expect(config.get('DEFAULT', 'workers')).toBe(1);
    expect(config.get('DEFAULT', 'lock_path')).toBe('/var/lib/x/locks');
    expect(config.get('DEFAULT', 'motd')).toBeUndefined();
    expect(config.group('api')).toEqual({ port: 8777, url: undefined });
    expect(config.source('api', 'port')).toEqual({ source: 'default', file: undefined, line: undefined });
  });

  it('lets later files win, matching section names case-insensitively', () => {
    const { config } = load('base.conf', 'override.conf');
    expect(config.get('DEFAULT', 'workers')).toBe(5);
    expect(config.get('DEFAULT', 'verbose')).toBe(true);
    expect(config.get('DEFAULT', 'motd')).toBe('from base');
    expect(config.get('DEFAULT', 'tags')).toEqual(['override']);
    expect(config.get('api', 'port')).toBe(9000);
    expect(config.source('api', 'port')).toEqual({ source: 'file', file: fixture('override.conf'), line: 6 });
    expect(config.files).toEqual([fixture('base.conf'), fixture('override.conf')]);
  });

  it('reads every *.conf of a config dir, sorted, after the files', () => {
    const { config } = loadConfig({ configFiles: [fixture('base.conf')], configDirs: [fixture('conf.d')], registry: testRegistry() });
    expect(config.get('DEFAULT', 'workers')).toBe(20);
    expect(config.get('DEFAULT', 'tags')).toEqual(['first-d']);
    expect(config.files).toEqual([fixture('base.conf'), fixture('conf.d/10-first.conf'), fixture('conf.d/20-second.conf')]);
    expect(config.configDirs).toEqual([fixture('conf.d')]);
  });

  it('joins continuation lines with newlines', () => {
    const { config } = load('continuation.conf');
    expect(config.get('DEFAULT', 'motd')).toBe('first line\nsecond line\nthird line');
    expect(config.get('DEFAULT', 'workers')).toBe(3);
  });

  it('keeps inline # in values, strips values, collects multistrings, substitutes references', () => {
    const { config } = load('tricky.conf');
    expect(config.group('DEFAULT')).toMatchObject({
      motd: 'hello # not a comment',
      verbose: true,
      workers: 7,
      ratio: 0.25,
      tags: ['repeated'],
      names: ['one', 'two ; with semicolon', ''],
      labels: { k1: 'v1', k2: 'v2', k3: 'a:b' },
      quoted: '  spaced  ',
      half: '"open',
      empty: '',
      lock_path: '/var/lib/ceilometer/lock',
      escaped: 'cost $5 and $6 and $ alone',
    });
    expect(config.get('api', 'url')).toBe('/var/lib/ceilometer:8042/v2');
  });

  it('applies overrides over files, parsing strings like file values', () => {
    const { config, warnings } = loadConfig({
      configFiles: [fixture('base.conf')],
      configDirs: [],
      registry: testRegistry(),
      overrides: { DEFAULT: { workers: '12', verbose: false, nope: 1 }, api: { port: 1234 } },
    });
    expect(warnings).toEqual([
      { file: '(override)', path: 'DEFAULT.nope', message: 'unknown option, ignored (no installed package declares it)' },
    ]);
    expect(config.get('DEFAULT', 'workers')).toBe(12);
    expect(config.get('DEFAULT', 'verbose')).toBe(false);
    expect(config.get('api', 'port')).toBe(1234);
    expect(issuesOf(() => loadConfig({ configFiles: [], configDirs: [], registry: testRegistry(), overrides: { api: { port: 'x' } } })))
      .toMatchInlineSnapshot(`"(override):?: api.port: expected a port number, got "x""`);
  });

  it('throws NoSuchOptionError for undeclared options and reads options declared after the load', () => {
    const registry = testRegistry();
    const { config } = loadConfig({ configFiles: [fixture('unknown-option.conf')], configDirs: [], registry });
    expect(() => config.get('DEFAULT', 'no_such_thing')).toThrow(NoSuchOptionError);
    registry.register('late-plugin', [{ group: 'DEFAULT', name: 'no_such_thing', type: 'integer', help: 'Late.' }]);
    expect(config.has('DEFAULT', 'no_such_thing')).toBe(true);
    expect(config.get('DEFAULT', 'no_such_thing')).toBe(1);
  });

  it('reads deprecated names and warns about them', () => {
    const registry = testRegistry().register('x', [
      { group: 'publisher', name: 'telemetry_secret', type: 'string', secret: true, help: 's', deprecatedNames: ['DEFAULT.metering_secret'] },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'ceilo-cfg-'));
    try {
      writeFileSync(join(dir, 'a.conf'), '[DEFAULT]\nmetering_secret = s3cr3t\n');
      const { config, warnings } = loadConfig({ configFiles: [join(dir, 'a.conf')], configDirs: [], registry });
      expect(config.get('publisher', 'telemetry_secret')).toBe('s3cr3t');
      expect(warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
        'DEFAULT.metering_secret: deprecated name, use [publisher] telemetry_secret instead',
      ]);
      expect(JSON.stringify(config)).toContain('"telemetry_secret":"****"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('default locations, findFile and reload', () => {
  const savedHome = process.env.HOME;
  let dir: string | undefined;
  afterEach(() => {
    process.env.HOME = savedHome;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('searches ~/.ceilometer/ceilometer.conf and <prog>.conf, and ceilometer.conf.d', () => {
    dir = mkdtempSync(join(tmpdir(), 'ceilo-home-'));
    process.env.HOME = dir;
    mkdirSync(join(dir, '.ceilometer', 'ceilometer.conf.d'), { recursive: true });
    writeFileSync(join(dir, '.ceilometer', 'ceilometer.conf'), '[DEFAULT]\nworkers = 2\nmotd = home\n');
    writeFileSync(join(dir, 'ceilometer-polling.conf'), '[DEFAULT]\nworkers = 3\n');
    writeFileSync(join(dir, '.ceilometer', 'ceilometer.conf.d', 'extra.conf'), '[DEFAULT]\nverbose = yes\n');
    writeFileSync(join(dir, '.ceilometer', 'pipeline.yaml'), '---\n');
    const { config } = loadConfig({ registry: testRegistry(), prog: 'ceilometer-polling' });
    expect(config.files).toEqual([
      join(dir, '.ceilometer', 'ceilometer.conf'),
      join(dir, 'ceilometer-polling.conf'),
      join(dir, '.ceilometer', 'ceilometer.conf.d', 'extra.conf'),
    ]);
    expect(config.get('DEFAULT', 'workers')).toBe(3);
    expect(config.get('DEFAULT', 'verbose')).toBe(true);
    expect(config.findFile('pipeline.yaml')).toBe(join(dir, '.ceilometer', 'pipeline.yaml'));
    expect(config.findFile(join(dir, 'ceilometer-polling.conf'))).toBe(join(dir, 'ceilometer-polling.conf'));
    expect(config.findFile('missing.yaml')).toBeUndefined();
  });

  it('finds files next to the config files first, later files first', () => {
    const { config } = load('base.conf');
    expect(config.findFile('seed-ceilometer.conf')).toBe(fixture('seed-ceilometer.conf'));
    expect(config.findFile('10-first.conf')).toBeUndefined();
    const withDir = loadConfig({ configFiles: [], configDirs: [fixture('conf.d')], registry: testRegistry() });
    expect(withDir.config.findFile('10-first.conf')).toBe(fixture('conf.d/10-first.conf'));
  });

  it('reload() reads the files again and returns a new config', () => {
    dir = mkdtempSync(join(tmpdir(), 'ceilo-reload-'));
    const file = join(dir, 'c.conf');
    writeFileSync(file, '[DEFAULT]\nworkers = 2\n');
    const first = loadConfig({ configFiles: [file], configDirs: [], registry: testRegistry() });
    writeFileSync(file, '[DEFAULT]\nworkers = 4\n');
    const second = first.reload();
    expect(first.config.get('DEFAULT', 'workers')).toBe(2);
    expect(second.config.get('DEFAULT', 'workers')).toBe(4);
    writeFileSync(file, '[DEFAULT]\nworkers = lots\n');
    expect(() => second.reload()).toThrow(ConfigError);
  });
});

describe('required options', () => {
  it('fails the load when a required option has no value, as oslo.config RequiredOptError', () => {
    const registry = testRegistry().register('@x/req', [{ group: 'api', name: 'token', type: 'string', required: true, help: 'Token.' }]);
    expect(() => loadConfig({ configFiles: [fixture('base.conf')], configDirs: [], registry })).toThrow(
      `${fixture('base.conf')}:?: api.token: value required for option token in group [api]`,
    );
    const { config } = loadConfig({ configFiles: [fixture('base.conf')], configDirs: [], registry, overrides: { api: { token: 't' } } });
    expect(config.get('api', 'token')).toBe('t');
  });
});
