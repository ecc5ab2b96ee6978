/**
 * Side by side with upstream: the same definitions file and the same local HTTP API through
 * upstream's DynamicPollster (python3-ceilometer 19.0, `/usr/bin/python3`) and through ours give
 * the same samples (name, type, unit, volume, resource, user and project ids, metadata). Upstream
 * publishes a mapped value as text ("2"); we publish the number, so volumes are compared as floats.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sample } from '@ceilometer-ts/sdk';
import { build, capturingLogger, context, definitionsDir, poll, startServer, type TestServer } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const DRIVER = fileURLToPath(new URL('./fixtures/upstream-dynamic.py', import.meta.url));
const UPSTREAM = '/usr/lib/python3/dist-packages/ceilometer/polling/dynamic_pollster.py';

const DEFINITIONS = `
- name: "dynamic.server.status"
  sample_type: "gauge"
  unit: "server"
  value_attribute: "status"
  endpoint_type: "compute"
  url_path: "v2.1/servers/detail"
  response_entries_key: "servers"
  next_sample_url_attribute: "servers_links | filter(lambda v: v.get('rel') == 'next', value) | list(value) | value[0] | value.get('href') if value else None"
  project_id_attribute: "tenant_id"
  metadata_fields: ["name", "flavor.id", "image | value or { 'id': '' } | value['id']", "tags | ','.join(value)"]
  metadata_mapping:
    name: "display_name"
    "tags | ','.join(value)": "dynamic_tags"
  preserve_mapped_metadata: false
  value_mapping: {ACTIVE: "1", SHUTOFF: "0"}
  default_value: -1
  skip_sample_values: ["DELETED"]
  extra_metadata_fields:
    - name: "project_name"
      endpoint_type: "identity"
      url_path: "'/v3/projects/' + str(sample['project_id'])"
      response_entries_key: "project"
      value: "name"
- name: "dynamic.radosgw.api.request.{category}"
  sample_type: "delta"
  unit: "request"
  value_attribute: "[categories].ops"
  endpoint_type: "object-store"
  url_path: "admin/usage"
  response_entries_key: "summary"
  skip_sample_values: ["list_bucket"]
  user_id_attribute: "user | value.split('$')[1]"
  project_id_attribute: "user | value.split('$') | value[0]"
  resource_id_attribute: "user | value.split('$') | value[0].strip()"
- name: "dynamic.xml.items"
  sample_type: "gauge"
  unit: "B"
  value_attribute: "size | int(value) * 1024"
  endpoint_type: "storage"
  url_path: "items.xml"
  response_entries_key: "items.item"
  resource_id_attribute: "@id"
  metadata_fields: ["label", "empty"]
  response_handlers: ["json", "xml"]
`;

const upstreamAvailable = existsSync(PYTHON) && existsSync(UPSTREAM);

describe.skipIf(!upstreamAvailable)('dynamic pollsters side by side with upstream 19.0', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      '/v2.1/servers/detail': (_req, url) =>
        url.searchParams.get('marker') === 's2'
          ? { body: { servers: [{ id: 's3', status: 'PAUSED', tenant_id: 'p2', user_id: 'u2', name: 'three', flavor: { id: 'f2' }, image: { id: 'i2' }, tags: [] }] } }
          : {
              body: {
                servers: [
                  { id: 's1', status: 'ACTIVE', tenant_id: 'p1', user_id: 'u1', name: 'one', flavor: { id: 'f1' }, image: '', tags: ['a', 'b'] },
                  { id: 's2', status: 'DELETED', tenant_id: 'p1', user_id: 'u1', name: 'two', flavor: { id: 'f1' }, image: { id: 'i1' }, tags: [] },
                ],
                servers_links: [{ rel: 'next', href: `${server.url}/v2.1/servers/detail?marker=s2` }],
              },
            },
      '/v3/projects/p1': { project: { id: 'p1', name: 'admin' } },
      '/v3/projects/p2': { project: { id: 'p2', name: 'demo' } },
      '/admin/usage': {
        summary: [
          { user: 'proj1$alice', categories: [{ category: 'get_obj', ops: 46 }, { category: 'list_bucket', ops: 8 }] },
          { user: 'proj2 $bob', categories: [{ category: 'put_obj', ops: 3 }] },
        ],
      },
      '/items.xml': { body: '<items><item id="a"><size>2</size><label>x</label><empty/></item><item id="b"><size>3</size><label>y</label><empty/></item></items>', contentType: 'application/xml' },
    });
  });
  afterAll(() => server.close());

  const normalise = (s: Pick<Sample, 'name' | 'type' | 'unit' | 'volume' | 'resource_id' | 'user_id' | 'project_id' | 'resource_metadata'>) => ({
    name: s.name, type: s.type, unit: s.unit, volume: Number(s.volume), resource_id: s.resource_id, user_id: s.user_id, project_id: s.project_id, resource_metadata: s.resource_metadata,
  });

  it('gives the same samples', async () => {
    const dir = await definitionsDir({ 'defs.yaml': DEFINITIONS });
    const upstreamOut = await new Promise<string>((resolve, reject) => {
      execFile(PYTHON, [DRIVER, join(dir, 'defs.yaml'), server.url], { timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
    });
    const upstream = upstreamOut.split('\n').filter(Boolean).map((l) => normalise(JSON.parse(l) as Sample));
    const built = await build(context({ dirs: [dir], endpoint: server.url }, capturingLogger()));
    const ours: ReturnType<typeof normalise>[] = [];
    for (const b of built) ours.push(...(await poll(built, b.name, [server.url])).map(normalise));
    expect(upstream.length).toBeGreaterThan(5);
    // The same timestamp format: upstream's isotime(), whole seconds and a Z.
    const stamps = [...upstreamOut.matchAll(/"timestamp": "([^"]+)"/g)].map((m) => m[1]);
    expect(stamps.length).toBe(upstream.length);
    for (const stamp of stamps) expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const b of built) for (const s of await poll(built, b.name, [server.url])) expect(s.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(ours).toEqual(upstream);
  }, 90_000);
});
