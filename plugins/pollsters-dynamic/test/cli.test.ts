/**
 * End to end: `ceilometer-polling --poll-once` with a definitions directory, an OpenStack
 * definition (static session to a local HTTP server, resources from polling.yaml), a multi-metric
 * one, a host command, and an invalid definition that is logged while the others run.
 * Needs the build (`pnpm -s build`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionsDir, startServer, type TestServer } from './helpers.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const LAUNCHER = join(ROOT, 'bin/ceilometer-polling');
const built = existsSync(join(ROOT, 'plugins/pollsters-dynamic/dist/builder.js')) && existsSync(join(ROOT, 'packages/cli/dist'));

describe.skipIf(!built)('ceilometer-polling --poll-once with dynamic pollsters (spawned)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      '/v1/clusters': { clusters: [{ id: 'c1', status: 'OK', project_id: 'p', user_id: 'u', categories: [{ c: 'a', n: 1 }, { c: 'b', n: 2 }] }] },
    });
  });
  afterAll(() => server.close());

  it('polls every valid definition once and names the invalid one with file and line', async () => {
    const dir = await definitionsDir({
      'clusters.yaml': `
- name: dyn.cluster.status
  sample_type: gauge
  unit: cluster
  value_attribute: status
  value_mapping: {OK: 1}
  endpoint_type: container-infra
  url_path: v1/clusters
- name: "dyn.cluster.{c}"
  sample_type: delta
  unit: n
  value_attribute: "[categories].n"
  endpoint_type: container-infra
  url_path: v1/clusters
- name: dyn.broken
  sample_type: gauge
  unit: u
  endpoint_type: container-infra
  url_path: v1/clusters
- name: dyn.host
  sample_type: gauge
  unit: u
  value_attribute: out | int(value)
  resource_id_attribute: ". | 'host-' + value['out']"
  host_command: echo 7
  response_handlers: [text]
`,
    });
    const tmp = await mkdtemp(join(tmpdir(), 'dynpoll-cli-'));
    const polling = join(tmp, 'polling.yaml');
    await writeFile(polling, `---\nsources:\n  - name: dyn\n    interval: 300\n    meters: ["dyn.*"]\n    resources: ["${server.url}/"]\n`);
    const conf = join(tmp, 'ceilometer.conf');
    await writeFile(
      conf,
      [
        '[DEFAULT]',
        '[polling]',
        `cfg_file = ${polling}`,
        `pollsters_definitions_dirs = ${dir}`,
        'dynamic_pollsters_allowed_commands = echo',
        'enable_notifications = false',
        '[service_credentials]',
        'auth_type = gnocchi-basic',
        `endpoint = ${server.url}`,
        '',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, [LAUNCHER, '--config-file', conf, '--polling-namespaces', 'central', '--poll-once'], { cwd: ROOT, env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0' }, timeout: 60_000 }, (err, out, errText) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: out, stderr: errText }),
      );
    });
    const samples = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = samples.map((s) => [s['name'], s['type'], s['unit'], s['resource_id'], s['volume']]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(summary, stderr.slice(-3000)).toEqual([
      ['dyn.cluster.a', 'delta', 'n', 'c1', 1],
      ['dyn.cluster.b', 'delta', 'n', 'c1', 2],
      ['dyn.cluster.status', 'gauge', 'cluster', 'c1', 1],
      ['dyn.host', 'gauge', 'u', 'host-7', 7],
    ]);
    expect(stderr).toContain(`${join(dir, 'clusters.yaml')}:15: [2].value_attribute: required field(s) value_attribute not specified`);
    expect(code, stderr.slice(-3000)).toBe(0);
  }, 90_000);
});
