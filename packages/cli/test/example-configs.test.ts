/**
 * Every example ceilometer.conf under etc/ceilometer/ (compute and controller nodes, the embedded
 * default) loads as the agents load it, with no unknown option, and the YAML files it names are in
 * etc/ceilometer/ and valid. /etc/ceilometer/ is rewritten to the repository's etc/ceilometer/ (the
 * files an operator copies there), /var/lib/ceilometer/ and /var/log/ceilometer to a scratch
 * directory.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { Writable } from 'node:stream';
import { checkPipelineConfig } from '@ceilometer-ts/pipeline';
import { loadPollingConfig } from '@ceilometer-ts/polling';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../src/app/bootstrap.js';
import { ROOT } from './polling-helpers.js';

const ETC = join(ROOT, 'etc/ceilometer');
const scratch = mkdtempSync(join(tmpdir(), 'ceilo-example-configs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * The example, rewritten into the repository and the scratch directory; its path. `uncommented`: with
 * every commented-out option (`#name = value`) set, as an operator following the comments would.
 */
function installed(example: string, uncommented = false): string {
  const dir = join(scratch, uncommented ? `${example}-uncommented` : example);
  mkdirSync(join(dir, 'lib/plugins'), { recursive: true });
  mkdirSync(join(dir, 'log'), { recursive: true });
  let text = readFileSync(join(ETC, example, 'ceilometer.conf'), 'utf8')
    .replaceAll('/etc/ceilometer/', `${ETC}/`)
    .replaceAll('/var/lib/ceilometer/', `${dir}/lib/`)
    .replaceAll('/var/log/ceilometer', `${dir}/log`);
  if (uncommented) text = text.replace(/^#(?=[a-z_]+ =)/gm, '');
  writeFileSync(join(dir, 'ceilometer.conf'), text);
  return join(dir, 'ceilometer.conf');
}

const quiet = (): Writable => new Writable({ write: (_chunk, _enc, done) => done() });

describe.each([
  ['compute', 'ceilometer-polling'],
  ['controller', 'ceilometer-agent-notification'],
  ['embedded', 'ceilometer-polling'],
])('etc/ceilometer/%s/ceilometer.conf', (example, prog) => {
  it('loads with every option declared and names only files that exist and are valid', async () => {
    const file = installed(example);
    const app = await bootstrap({ configFile: [file], configDir: [], pluginCache: false }, { prog, loadConfig: true, logDestination: quiet() });
    expect(app.loaded?.warnings ?? ['not loaded']).toEqual([]);
    const config = app.config;
    if (!config) throw new Error('config not loaded');
    // relative names are found next to the config file, as oslo.config's find_file; the
    // embedded example's files live beside it in the repository
    const resolve = (name: string): string => (isAbsolute(name) ? name : join(ETC, example, name));

    const pollingYaml = resolve(config.get<string>('polling', 'cfg_file'));
    await expect(loadPollingConfig(pollingYaml)).resolves.toBeDefined();

    const pipelines: [string, 'sample' | 'event'][] = [];
    const embedded = config.get<string | undefined>('polling', 'pipeline_cfg_file');
    if (embedded) pipelines.push([resolve(embedded), 'sample']);
    if (example === 'controller') {
      pipelines.push([resolve(config.get<string>('DEFAULT', 'pipeline_cfg_file')), 'sample']);
      pipelines.push([resolve(config.get<string>('DEFAULT', 'event_pipeline_cfg_file')), 'event']);
    }
    for (const [path, kind] of pipelines) {
      expect(dirname(path).startsWith(ETC), path).toBe(true);
      const check = checkPipelineConfig(readFileSync(path, 'utf8'), { kind, file: path });
      expect(check.issues, path).toEqual([]);
    }
    expect(config.get<readonly string[]>('DEFAULT', 'plugin_dirs').length).toBe(example === 'embedded' ? 0 : 1);
  });

  it('declares every option its comments offer (logging, [polling], [notification], credentials)', async () => {
    const file = installed(example, true);
    const app = await bootstrap({ configFile: [file], configDir: [], pluginCache: false }, { prog, loadConfig: true, logDestination: quiet() });
    expect(app.loaded?.warnings ?? ['not loaded']).toEqual([]);
  });
});
