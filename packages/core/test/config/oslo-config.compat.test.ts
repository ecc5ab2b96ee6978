import { execFileSync, spawnSync } from 'node:child_process';
import { ConfigError, type OptionList } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { generateSampleConfig, loadConfig, OptionRegistry } from '../../src/config/index.js';
import { fixture, testOptions } from './test-options.js';

// Parity with the real oslo.config (Debian's python3-oslo.config under /usr/bin/python3).
const PYTHON = '/usr/bin/python3';
const hasOslo = spawnSync(PYTHON, ['-c', 'import oslo_config'], { stdio: 'ignore' }).status === 0;

const SCRIPT = String.raw`
import json, sys
from oslo_config import cfg
decls, files, dirs = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
kinds = {'string': cfg.StrOpt, 'integer': cfg.IntOpt, 'float': cfg.FloatOpt, 'boolean': cfg.BoolOpt,
         'list': cfg.ListOpt, 'dict': cfg.DictOpt, 'multistring': cfg.MultiStrOpt, 'port': cfg.PortOpt}
conf = cfg.ConfigOpts()
for d in decls:
    kw = {'default': d.get('default'), 'help': d['help']}
    kw.update({k: d[k] for k in ('min', 'max', 'choices') if k in d})
    conf.register_opt(kinds[d['type']](d['name'], **kw), group=None if d['group'] == 'DEFAULT' else d['group'])
args = [a for f in files for a in ('--config-file', f)] + [a for d in dirs for a in ('--config-dir', d)]
conf(args, project='ceilometer', default_config_files=[], default_config_dirs=[])
out = {}
for d in decls:
    g = conf if d['group'] == 'DEFAULT' else conf[d['group']]
    try:
        out[d['group'] + '.' + d['name']] = getattr(g, d['name'])
    except ValueError:
        out[d['group'] + '.' + d['name']] = 'ERROR'
print(json.dumps(out))
`;

function viaOslo(options: OptionList, files: string[], dirs: string[] = []): Record<string, unknown> {
  const stdout = execFileSync(PYTHON, ['-c', SCRIPT, JSON.stringify(options), JSON.stringify(files), JSON.stringify(dirs)], {
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

function viaUs(options: OptionList, files: string[], dirs: string[] = []): Record<string, unknown> {
  const registry = new OptionRegistry().register('compat', options);
  try {
    const { config } = loadConfig({ configFiles: files, configDirs: dirs, registry });
    return Object.fromEntries(options.map((o) => [`${o.group}.${o.name}`, config.get(o.group, o.name) ?? null]));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const bad = new Set(error.issues.map((i) => i.path));
    const { config } = loadConfig({
      configFiles: files,
      configDirs: dirs,
      registry: new OptionRegistry().register('compat', options.filter((o) => !bad.has(`${o.group}.${o.name}`))),
    });
    return Object.fromEntries(
      options.map((o) => [`${o.group}.${o.name}`, bad.has(`${o.group}.${o.name}`) ? 'ERROR' : (config.get(o.group, o.name) ?? null)]),
    );
  }
}

const GENERATOR = String.raw`
import io, json, sys
from oslo_config import cfg, generator
decls, owner = json.loads(sys.argv[1]), sys.argv[2]
kinds = {'string': cfg.StrOpt, 'integer': cfg.IntOpt, 'float': cfg.FloatOpt, 'boolean': cfg.BoolOpt,
         'list': cfg.ListOpt, 'dict': cfg.DictOpt, 'multistring': cfg.MultiStrOpt, 'port': cfg.PortOpt}
groups = {'DEFAULT': {'object': None, 'namespaces': []}}
for d in decls:
    kw = {'default': d.get('default'), 'help': d['help']}
    kw.update({k: d[k] for k in ('min', 'max', 'choices') if k in d})
    g = groups.setdefault(d['group'], {'object': None, 'namespaces': [(owner, [])]})
    if not g['namespaces']: g['namespaces'].append((owner, []))
    g['namespaces'][0][1].append(kinds[d['type']](d['name'], **kw))
class Conf: wrap_width = 70; minimal = False; summarize = False
out = io.StringIO()
f = generator._OptFormatter(Conf(), output_file=out)
generator._output_opts(f, 'DEFAULT', groups.pop('DEFAULT'))
for name, data in sorted(groups.items()):
    f.write('\n\n'); generator._output_opts(f, name, data)
sys.stdout.write(out.getvalue())
`;

describe.skipIf(!hasOslo)('parity with oslo-config-generator', () => {
  it('renders the same sample for the test options', () => {
    const owner = '@ceilometer-ts/test-fixture';
    const expected = execFileSync(PYTHON, ['-c', GENERATOR, JSON.stringify(testOptions), owner], { encoding: 'utf8' });
    expect(generateSampleConfig(new OptionRegistry().register(owner, testOptions))).toBe(expected);
  });
});

describe.skipIf(!hasOslo)('parity with oslo.config', () => {
  const cases: Array<[string, string[], string[]]> = [
    ['inline #, trailing spaces, lists, multistring, quotes, dict, substitution', [fixture('tricky.conf')], []],
    ['continuation lines', [fixture('continuation.conf')], []],
    ['later files win', [fixture('base.conf'), fixture('override.conf')], []],
    ['config dir after files', [fixture('base.conf')], [fixture('conf.d')]],
    ['bad values', [fixture('several-errors.conf')], []],
    ['out of range', [fixture('out-of-range.conf')], []],
  ];
  it.each(cases)('%s', (_name, files, dirs) => {
    expect(viaUs(testOptions, files, dirs)).toEqual(viaOslo(testOptions, files, dirs));
  });

  it('reads the seed deployment the same way', () => {
    const seed: OptionList = [
      { group: 'DEFAULT', name: 'debug', type: 'boolean', default: false, help: 'd' },
      { group: 'DEFAULT', name: 'transport_url', type: 'string', help: 't' },
      { group: 'notification', name: 'store_events', type: 'boolean', default: false, help: 's' },
      { group: 'notification', name: 'messaging_urls', type: 'multistring', default: [], help: 'm' },
      { group: 'oslo_messaging_rabbit', name: 'heartbeat_timeout_threshold', type: 'integer', default: 60, help: 'h' },
      { group: 'service_credentials', name: 'password', type: 'string', help: 'p' },
      { group: 'service_credentials', name: 'memcached_servers', type: 'list', help: 'm' },
    ];
    expect(viaUs(seed, [fixture('seed-ceilometer.conf')])).toEqual(viaOslo(seed, [fixture('seed-ceilometer.conf')]));
  });
});
