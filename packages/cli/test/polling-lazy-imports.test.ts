/**
 * What a polling agent that prints (or publishes through the pipeline only) leaves unloaded: the
 * AMQP client, the pipeline, and the publishers' HTTP client (got), which every agent loaded before
 * through the publishers' option modules (about 27 MB of RSS at start). Build first (`pnpm build`).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, launcherBuilt, runPolling, tempDir, type TempDir } from './polling-helpers.js';

/** A `--import` module that records every module URL the process resolves (ESM), in `file`. */
function recorder(file: string): string {
  const hook = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(file)}, result.url + '\\n');
  return result;
}`;
  return `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});\n`;
}

describe.skipIf(!launcherBuilt())('ceilometer-polling loads only what it uses', () => {
  let tmp: TempDir;
  let pluginPath: string;

  beforeAll(() => {
    tmp = tempDir('ceilo-poll-lazy-');
    pluginPath = join(tmp.dir, 'plugins');
    cpSync(join(FIXTURES, 'counter-pollster'), join(pluginPath, 'node_modules/ceilo-test-counter-pollster'), { recursive: true });
  });
  afterAll(() => tmp.cleanup());

  it('--poll-once without --publish loads neither messaging, the pipeline, the OpenStack client nor got', async () => {
    const yaml = tmp.write('polling.yaml', ['---', 'sources:', '  - name: s', '    interval: 60', '    meters: ["counter.bytes"]', '    resources: ["r1"]', ''].join('\n'));
    const conf = tmp.write('ceilometer.conf', ['[DEFAULT]', 'polling_namespaces = counter', '[polling]', `cfg_file = ${yaml}`, ''].join('\n'));
    const loaded = join(tmp.dir, 'loaded.txt');
    writeFileSync(loaded, '');
    const hook = tmp.write('recorder.mjs', recorder(loaded));
    const run = await runPolling(['--config-file', conf, '--poll-once'], { env: { CEILOMETER_PLUGIN_PATH: pluginPath, NODE_OPTIONS: `--import ${hook}` } });
    expect(run.code, run.stderr).toBe(0);
    const urls = readFileSync(loaded, 'utf8').split('\n').filter(Boolean);
    expect(urls.some((u) => u.includes('/packages/polling/dist/'))).toBe(true);
    expect(urls.filter((u) => /\/messaging\/dist\/(?!options\.js)|\/pipeline\/dist\/(?!options\.js)|\/openstack-client\/dist\/(?!options\.js)|\/got@|\/amqplib@/.test(u))).toEqual([]);
  });
});
