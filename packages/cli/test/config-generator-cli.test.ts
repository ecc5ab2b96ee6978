/**
 * `ceilometer-config-generator` end to end: oslo-config-generator's flags (`--namespace`, `--format`,
 * `--minimal`, `--summarize`, `--wrap-width`, `--output-file`), its generator config file, and its
 * errors as one line. `config-generator.compat.test.ts` compares the yaml/json structure with
 * upstream's generator.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherBuilt, ROOT, tempDir, type TempDir } from './polling-helpers.js';

function generate(args: readonly string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/ceilometer-config-generator'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0' },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, lines: r.stderr.split('\n').filter((l) => l !== '') };
}

const fromLines = (text: string): string[] => [...new Set(text.split('\n').filter((l) => l.startsWith('# From ')))].sort();

describe.skipIf(!launcherBuilt())('ceilometer-config-generator flags', () => {
  let tmp: TempDir;
  beforeAll(() => {
    tmp = tempDir('ceilo-confgen-');
  });
  afterAll(() => tmp.cleanup());

  it('--namespace selects option namespaces, upstream names included; the sample says where each option is from', () => {
    const r = generate(['--namespace', 'polling', '--namespace', 'oslo.messaging', '--namespace', 'oslo.log', '--namespace', 'oslo.cache']);
    expect(r.status).toBe(0);
    expect(fromLines(r.stdout)).toEqual(['# From messaging', '# From oslo.log', '# From polling']);
    expect(r.stdout).toContain('#log_file = <None>');
    expect(r.stdout).toContain('#batch_size = 50');
    expect(r.stdout).toContain('#transport_url = <None>');
    expect(r.stdout).not.toContain('[publisher]');
    expect(r.lines).toEqual(['ceilometer-config-generator: warning: namespace oslo.cache declares no options in ceilometer-ts; skipped']);
    expect(fromLines(generate([]).stdout)).toEqual(expect.arrayContaining(['# From ceilometer', '# From ceilometer-auth', '# From oslo.log', '# From pipeline', '# From publisher_gnocchi']));
  });

  it('--format yaml and json: upstream\'s machine-readable structure', () => {
    const yaml = generate(['--namespace', 'polling', '--format', 'yaml']);
    expect(yaml.status).toBe(0);
    const data = parse(yaml.stdout) as { options: Record<string, { opts: { name: string; namespace: string; type: string; default: unknown }[]; standard_opts: string[] }>; generator_options: Record<string, unknown> };
    expect(Object.keys(data).sort()).toEqual(['deprecated_options', 'generator_options', 'options']);
    const batch = data.options['polling']?.opts.find((o) => o.name === 'batch_size');
    expect(batch).toMatchObject({ namespace: 'polling', type: 'integer value', default: 50, required: false });
    expect(data.generator_options).toMatchObject({ format_: 'yaml', namespace: ['polling'], minimal: false, wrap_width: 70 });
    const json = generate(['--namespace', 'polling', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ ...data, generator_options: { ...data.generator_options, format_: 'json' } });
    expect(json.stdout.split('\n')).toHaveLength(2); // json.dumps: one line
  });

  it('--format rst: the Sphinx extension\'s directives', () => {
    const r = generate(['--namespace', 'polling', '--format', 'rst']);
    expect(r.stdout).toContain('.. oslo.config:group:: polling\n\n.. oslo.config:option:: cfg_file\n\n  :Type: string\n  :Default: ``polling.yaml``');
    expect(r.stdout).toContain('.. oslo.config:option:: batch_size\n\n  :Type: integer\n  :Default: ``50``\n  :Minimum Value: 0');
  });

  it('--minimal keeps only required options; --summarize the first paragraph; --wrap-width 0 does not wrap', () => {
    const minimal = generate(['--minimal']);
    expect(minimal.status).toBe(0);
    expect(minimal.stdout).toContain('[DEFAULT]');
    expect(minimal.stdout).not.toMatch(/^#?batch_size =/m);
    const summarized = generate(['--namespace', 'polling', '--summarize', '--wrap-width', '0']);
    expect(summarized.stdout).toContain('# Batch size of samples to send to notification agent, Set to 0 to disable. When');
    expect(summarized.stdout.split('\n').some((l) => l.length > 200)).toBe(true);
    expect(summarized.stdout).not.toMatch(/^# .*\.\s\(/m); // summaries lose their final period, as upstream's
  });

  it('reads its settings from [DEFAULT] of --config-file (upstream\'s ceilometer-config-generator.conf); flags win', () => {
    const out = join(tmp.dir, 'ceilometer.conf.sample');
    const conf = tmp.write(
      'ceilometer-config-generator.conf',
      `[DEFAULT]\noutput_file = ${out}\nwrap_width = 79\nnamespace = ceilometer\nnamespace = ceilometer-auth\nnamespace = cotyledon\nnamespace = oslo.messaging\n`,
    );
    const r = generate(['--config-file', conf]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(fromLines(readFileSync(out, 'utf8'))).toEqual(['# From ceilometer', '# From ceilometer-auth', '# From messaging']);
    const flagged = generate(['--config-file', conf, '--namespace', 'polling', '--output-file', join(tmp.dir, 'other.conf')]);
    expect(flagged.status).toBe(0);
    expect(fromLines(readFileSync(join(tmp.dir, 'other.conf'), 'utf8'))).toEqual(['# From polling']);
  });

  it('errors are one line: unknown namespace (with a suggestion), unwritable output file', () => {
    const unknown = generate(['--namespace', 'pollling']);
    expect(unknown.status).toBe(1);
    expect(unknown.lines).toHaveLength(1);
    expect(unknown.lines[0]).toMatch(/^ceilometer-config-generator: error: unknown namespace "pollling" \(known: ceilometer, ceilometer-auth, .*\); did you mean polling\? \[CEILO_ERR_CONFGEN_UNKNOWN_NAMESPACE\]$/);
    const unwritable = generate(['--output-file', '/nonexistent-dir/ceilometer.conf']);
    expect(unwritable.status).toBe(1);
    expect(unwritable.lines).toEqual([
      "ceilometer-config-generator: error: cannot write /nonexistent-dir/ceilometer.conf: ENOENT: no such file or directory, open '/nonexistent-dir/ceilometer.conf' [CEILO_ERR_CONFGEN_OUTPUT]",
    ]);
  });
});
