/**
 * Dynamic pollsters against a local HTTP server: every key of upstream's definitions, through the
 * builder as the agent runs it. OpenStack definitions use a static session (`gnocchi-basic`) to
 * the server, so the catalog is not needed; resources are the endpoint URLs `endpoint:` discovery
 * would give.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { brief, build, capturingLogger, context, definitionsDir, poll, startServer, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clusters = {
  clusters: [
    { uuid: 'c1', status: 'CREATE_COMPLETE', project_id: 'p1', user_id: 'u1', name: 'one', labels: { a: '1' }, node_count: 3, owner: 'proj$alice ' },
    { uuid: 'c2', status: 'CREATE_FAILED', project_id: 'p2', user_id: 'u2', name: 'two', labels: {}, node_count: 1, owner: 'proj$bob' },
    { uuid: 'c3', status: 'WEIRD', project_id: 'p3', user_id: 'u3', name: 'three', labels: {}, node_count: 0, owner: 'x$y' },
  ],
};

describe('single-metric OpenStack definitions', () => {
  it('value_mapping, default_value, skip_sample_values, metadata_fields, metadata_mapping, id attributes with operations, headers', async () => {
    server = await startServer({ '/v1/clusters/detail': clusters });
    const dir = await definitionsDir({
      'magnum.yaml': `---
- name: "dynamic.magnum.cluster"
  sample_type: "gauge"
  unit: "cluster"
  value_attribute: "status"
  endpoint_type: "container-infra"
  url_path: "v1/clusters/detail"
  headers:
    "OpenStack-API-Version": "container-infra latest"
  metadata_fields: ["name", "labels", "node_count", "owner | value.split('$')[0]"]
  metadata_mapping:
    name: "display_name"
    node_count: "nodes"
  preserve_mapped_metadata: false
  skip_sample_values: ["CREATE_FAILED"]
  value_mapping:
    CREATE_COMPLETE: "2"
  default_value: 0
  resource_id_attribute: "uuid"
  user_id_attribute: "owner | value.split('$')[1].strip()"
`,
    });
    const logger = capturingLogger();
    const built = await build(context({ dirs: [dir], endpoint: server.url }, logger));
    expect(built.map((b) => b.name)).toEqual(['dynamic.magnum.cluster']);
    expect(built[0]!.pollster.defaultDiscovery).toBe('endpoint:container-infra');
    const samples = await poll(built, 'dynamic.magnum.cluster', [`${server.url}/`]);
    expect(brief(samples)).toEqual([
      ['dynamic.magnum.cluster', 2, 'c1'],
      ['dynamic.magnum.cluster', 0, 'c3'],
    ]);
    expect(samples[0]).toMatchObject({
      type: 'gauge',
      unit: 'cluster',
      user_id: 'alice',
      project_id: 'p1',
      resource_metadata: { display_name: 'one', labels: { a: '1' }, nodes: 3, "owner | value.split('$')[0]": 'proj' },
    });
    expect(samples[0]!.resource_metadata).not.toHaveProperty('name');
    expect(server.headers[0]!['openstack-api-version']).toBe('container-infra latest');
    expect(logger.lines.some((l) => l.level === 'warn' && /"WEIRD" was not found in value_mapping/.test(l.msg))).toBe(true);
  });

  it('response_entries_key with a nested path, url_path as an expression over base_metadata, the first key by default', async () => {
    server = await startServer({
      '/v2/things': { data: { items: [{ id: 'a', size: 10 }, { id: 'b', size: 20 }] } },
      '/v2/first': { servers: [{ id: 's', size: 1 }], other: [] },
    });
    const dir = await definitionsDir({
      'a.yaml': `
- name: nested.things
  sample_type: gauge
  unit: B
  value_attribute: size
  endpoint_type: thing
  url_path: "'v2/' + kind"
  base_metadata: { kind: things }
  response_entries_key: data.items
- name: first.key
  sample_type: gauge
  unit: B
  value_attribute: size | value * 1024
  endpoint_type: thing
  url_path: v2/first
`,
    });
    const built = await build(context({ dirs: [dir], endpoint: server.url }, capturingLogger()));
    expect(brief(await poll(built, 'nested.things', [server.url]))).toEqual([
      ['nested.things', 10, 'a'],
      ['nested.things', 20, 'b'],
    ]);
    expect(brief(await poll(built, 'first.key', [server.url]))).toEqual([['first.key', 1024, 's']]);
  });

  it('a 500 from one endpoint is a warning and no samples for it; the next resource is still polled', async () => {
    server = await startServer({ '/bad/v1/x': { status: 500, body: { error: 'boom' } }, '/good/v1/x': { x: [{ id: 'g', v: 1 }] } });
    const dir = await definitionsDir({ 'x.yaml': `[{name: x.v, sample_type: gauge, unit: u, value_attribute: v, endpoint_type: x, url_path: v1/x}]` });
    const logger = capturingLogger();
    const built = await build(context({ dirs: [dir], endpoint: server.url }, logger));
    const samples = await poll(built, 'x.v', [`${server.url}/bad`, `${server.url}/good`]);
    expect(brief(samples)).toEqual([['x.v', 1, 'g']]);
    expect(logger.lines.some((l) => l.level === 'warn' && /while loading samples for/.test(l.msg))).toBe(true);
  }, 20_000);
});

describe('paging with next_sample_url_attribute', () => {
  it('follows a relative next link and an absolute one built by operations (filter/lambda)', async () => {
    server = await startServer({
      '/v1/volumes': (_req, url) =>
        url.searchParams.get('marker') === 'b'
          ? { body: { volumes: [{ id: 'c', size: 3 }], links: [{ rel: 'prev', href: 'x' }] } }
          : { body: { volumes: [{ id: 'a', size: 1 }, { id: 'b', size: 2 }], links: [{ rel: 'next', href: `${server!.url}/v1/volumes?marker=b` }] } },
      '/v1/pages': (_req, url) =>
        url.searchParams.get('page') === '2' ? { body: { items: [{ id: 'y', v: 2 }] } } : { body: { items: [{ id: 'x', v: 1 }], next: 'v1/pages?page=2' } },
    });
    const dir = await definitionsDir({
      'paging.yaml': `
- name: paged.volumes
  sample_type: gauge
  unit: GB
  value_attribute: size
  endpoint_type: volumev3
  url_path: v1/volumes
  response_entries_key: volumes
  next_sample_url_attribute: "links | filter(lambda v: v.get('rel') == 'next', value) | list(value) | value[0] | value.get('href')"
- name: paged.relative
  sample_type: gauge
  unit: u
  value_attribute: v
  endpoint_type: x
  url_path: v1/pages
  response_entries_key: items
  next_sample_url_attribute: next
`,
    });
    const built = await build(context({ dirs: [dir], endpoint: server.url }, capturingLogger()));
    expect(brief(await poll(built, 'paged.relative', [server.url]))).toEqual([
      ['paged.relative', 1, 'x'],
      ['paged.relative', 2, 'y'],
    ]);
    // The last page has no "next" link: filter() gives [], and value[0] raises IndexError; upstream
    // only treats KeyError as "no next page", so this definition fails its cycle as upstream does.
    await expect(poll(built, 'paged.volumes', [server.url])).rejects.toThrow(/IndexError/);
    expect(server.requests).toContain('GET /v1/volumes?marker=b');
  });

  it('stops on a repeated next URL instead of looping', async () => {
    server = await startServer({ '/v1/loop': { items: [{ id: 'l', v: 1 }], next: 'v1/loop' } });
    const dir = await definitionsDir({
      'loop.yaml': `[{name: loop, sample_type: gauge, unit: u, value_attribute: v, endpoint_type: x, url_path: v1/loop, response_entries_key: items, next_sample_url_attribute: next}]`,
    });
    const built = await build(context({ dirs: [dir], endpoint: server.url }, capturingLogger()));
    expect(brief(await poll(built, 'loop', [server.url]))).toEqual([['loop', 1, 'l']]);
    expect(server.requests).toEqual(['GET /v1/loop']);
  });
});

describe('multi-metric definitions', () => {
  it('name.{attr} with [list].field makes one meter per element; skip_sample_values skips by value and by sub-metric name', async () => {
    server = await startServer({
      '/admin/usage': {
        summary: [
          {
            user: 'proj1$alice',
            categories: [
              { category: 'get_obj', ops: 46 },
              { category: 'put_obj', ops: 0 },
              { category: 'list_bucket', ops: 8 },
            ],
          },
        ],
      },
    });
    const dir = await definitionsDir({
      'rgw.yaml': `
- name: "dynamic.radosgw.api.request.{category}"
  sample_type: "gauge"
  unit: "request"
  value_attribute: "[categories].ops"
  endpoint_type: object-store
  url_path: admin/usage
  response_entries_key: summary
  skip_sample_values: [0, list_bucket]
  user_id_attribute: "user | value.split('$')[1]"
  project_id_attribute: "user | value.split('$') | value[0]"
  resource_id_attribute: "user | value.split('$') | value[0]"
`,
    });
    const built = await build(context({ dirs: [dir], endpoint: server.url }, capturingLogger()));
    const samples = await poll(built, 'dynamic.radosgw.api.request.{category}', [server.url]);
    expect(brief(samples)).toEqual([['dynamic.radosgw.api.request.get_obj', 46, 'proj1']]);
    expect(samples[0]).toMatchObject({ user_id: 'alice', project_id: 'proj1' });
  });

  it("an element without the sub-metric attribute is upstream's KeyError, naming it", async () => {
    server = await startServer({ '/m': { items: [{ id: 'r', list: [{ kind: 'a', v: 1 }, { v: 2 }] }] } });
    const dir = await definitionsDir({ 'm.yaml': `[{name: "m.{kind}", sample_type: gauge, unit: u, value_attribute: "[list].v", endpoint_type: x, url_path: m}]` });
    const built = await build(context({ dirs: [dir], endpoint: server.url }, capturingLogger()));
    await expect(poll(built, 'm.{kind}', [server.url])).rejects.toThrow(/KeyError: 'kind'/);
  });
});

describe('response_handlers', () => {
  it('xml (xmltodict semantics), text, and the chain falling through to the next handler', async () => {
    server = await startServer({
      '/xml': { body: '<?xml version="1.0"?><test><item id="7"><v>1</v><empty/></item><item id="8"><v>2</v><empty/></item></test>', contentType: 'application/xml' },
      '/text': { body: '42', contentType: 'text/plain' },
      '/plain': { body: 'not json, not xml', contentType: 'text/plain' },
    });
    const dir = await definitionsDir({
      'h.yaml': `
- name: xml.v
  sample_type: gauge
  unit: u
  value_attribute: v
  endpoint_type: x
  url_path: xml
  response_entries_key: test.item
  resource_id_attribute: "@id"
  metadata_fields: [empty]
  response_handlers: [json, xml]
- name: text.v
  sample_type: gauge
  unit: u
  value_attribute: out
  resource_id_attribute: "out | 'r' + value"
  endpoint_type: x
  url_path: text
  response_handlers: [xml, text]
- name: nothing.parses
  sample_type: gauge
  unit: u
  value_attribute: v
  endpoint_type: x
  url_path: plain
  response_handlers: [json, xml]
`,
    });
    const built = await build(context({ dirs: [dir], endpoint: server.url }, capturingLogger()));
    const xml = await poll(built, 'xml.v', [server.url]);
    expect(brief(xml)).toEqual([
      ['xml.v', 1, '7'],
      ['xml.v', 2, '8'],
    ]);
    expect(xml[0]!.resource_metadata).toEqual({ empty: null });
    expect(brief(await poll(built, 'text.v', [server.url]))).toEqual([['text.v', 42, 'r42']]);
    await expect(poll(built, 'nothing.parses', [server.url])).rejects.toThrow(/no remaining handlers .* used handlers: json .*xml/);
  });
});

describe('extra_metadata_fields', () => {
  it('nested definitions see sample, extra_metadata_captured and extra_metadata_by_name; responses cached; skips honoured', async () => {
    server = await startServer({
      '/v2.1/servers/detail': {
        servers: [
          { id: 'vm1', status: 'ACTIVE', tenant_id: 'p1', user_id: 'u1' },
          { id: 'vm2', status: 'ACTIVE', tenant_id: 'p1', user_id: 'u1' },
          { id: 'vm3', status: 'ACTIVE', tenant_id: 'skipme', user_id: 'u1' },
        ],
      },
      '/v3/projects/p1': { project: { id: 'p1', name: 'admin', domain_id: 'default' } },
      '/v3/domains/default': { domain: { id: 'default', name: 'Default' } },
    });
    const dir = await definitionsDir({
      'nova.yaml': `
- name: dynamic.server.status
  sample_type: gauge
  unit: server
  value_attribute: status
  endpoint_type: compute
  url_path: /v2.1/servers/detail?all_tenants=true
  project_id_attribute: tenant_id
  value_mapping: { ACTIVE: "1" }
  default_value: 0
  extra_metadata_fields_cache_seconds: 3600
  extra_metadata_fields_skip:
    - tenant_id: skipme
  extra_metadata_fields:
    - name: project_name
      endpoint_type: identity
      url_path: "'/v3/projects/' + str(sample['project_id'])"
      response_entries_key: project
      value: name
      metadata_fields: [domain_id]
    - name: project_domain
      endpoint_type: identity
      url_path: "'/v3/domains/' + str(extra_metadata_by_name['project_name']['metadata']['domain_id'])"
      response_entries_key: domain
      value: name
    - name: project_domain_again
      endpoint_type: identity
      url_path: "'/v3/domains/' + extra_metadata_captured['domain_id']"
      response_entries_key: domain
      value: name
`,
    });
    const built = await build(context({ dirs: [dir], endpoint: server.url }, capturingLogger()));
    const samples = await poll(built, 'dynamic.server.status', [server.url]);
    expect(brief(samples)).toEqual([
      ['dynamic.server.status', 1, 'vm1'],
      ['dynamic.server.status', 1, 'vm2'],
      ['dynamic.server.status', 1, 'vm3'],
    ]);
    expect(samples[0]!.resource_metadata).toEqual({ project_name: 'admin', domain_id: 'default', project_domain: 'Default', project_domain_again: 'Default' });
    expect(samples[2]!.resource_metadata).toEqual({});
    // One request per URL: the second server and the second nested field with the same URL hit the cache.
    expect(server.requests.filter((r) => r === 'GET /v3/projects/p1')).toHaveLength(1);
    expect(server.requests.filter((r) => r === 'GET /v3/domains/default')).toHaveLength(1);
    await poll(built, 'dynamic.server.status', [server.url]);
    expect(server.requests.filter((r) => r === 'GET /v3/projects/p1')).toHaveLength(1);
  });
});
