/**
 * The non-OpenStack variant (`module` + `authentication_object` against any HTTP service) and the
 * host-command variant (an allow-listed program run without a shell).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BarbicanCredentialsDiscovery, splitCommand } from '../src/index.js';
import { fakePollCycle } from '@ceilometer-ts/sdk/testing';
import { brief, build, capturingLogger, context, definitionsDir, poll, startServer, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('non-OpenStack APIs', () => {
  it('HTTPBasicAuth from authentication_parameters, absolute url_path, paging relative to it, ids read even when named as their field', async () => {
    server = await startServer({
      '/admin/usage': (req, url) => {
        if (req.headers.authorization !== `Basic ${Buffer.from('access:secret').toString('base64')}`) return { status: 403, body: 'denied' };
        return url.searchParams.get('page') === '2'
          ? { body: { summary: [{ user: 'p2$bob', total: { successful_ops: 5 } }] } }
          : { body: { summary: [{ user: 'p1$alice', total: { successful_ops: 102 } }], next: '/admin/usage?page=2' } };
      },
    });
    const dir = await definitionsDir({
      'rgw.yaml': `
- name: "dynamic.radosgw.api.request.successful_ops"
  sample_type: "gauge"
  unit: "request"
  value_attribute: "total.successful_ops"
  url_path: "${server.url}/admin/usage"
  module: "requests.auth"
  authentication_object: "HTTPBasicAuth"
  authentication_parameters: "access, secret"
  user_id_attribute: "user | value.split('$')[1]"
  project_id_attribute: "user | value.split('$') | value[0]"
  resource_id_attribute: "user | value.split('$') | value[0]"
  response_entries_key: "summary"
  next_sample_url_attribute: next
`,
    });
    const built = await build(context({ dirs: [dir] }, capturingLogger()));
    expect(built[0]!.pollster.defaultDiscovery).toBe('barbican:');
    const samples = await poll(built, 'dynamic.radosgw.api.request.successful_ops', ['No secrets found']);
    expect(brief(samples)).toEqual([
      ['dynamic.radosgw.api.request.successful_ops', 102, 'p1'],
      ['dynamic.radosgw.api.request.successful_ops', 5, 'p2'],
    ]);
    expect(samples[1]).toMatchObject({ user_id: 'bob', project_id: 'p2' });
    expect(server.requests).toEqual(['GET /admin/usage', 'GET /admin/usage?page=2']);
  });

  // Upstream's non-OpenStack gatherer reads user_id_attribute and project_id_attribute even at their
  // defaults, so entries need those keys (a KeyError otherwise, as upstream).
  it('credentials from the discovered resource (Barbican payload); a non-200 fails the cycle naming URL and status', async () => {
    server = await startServer({ '/api': (req) => (req.headers.authorization === `Basic ${Buffer.from('u:p').toString('base64')}` ? { body: [{ id: 'r', v: 1, user_id: 'u1', project_id: 'p1' }] } : { status: 401, body: 'no' }) });
    const dir = await definitionsDir({
      'x.yaml': `[{name: ext.v, sample_type: gauge, unit: u, value_attribute: v, url_path: "${server.url}/api", module: requests.auth, authentication_object: HTTPBasicAuth}]`,
    });
    const built = await build(context({ dirs: [dir] }, capturingLogger()));
    expect(brief(await poll(built, 'ext.v', ['u, p']))).toEqual([['ext.v', 1, 'r']]);
    await expect(poll(built, 'ext.v', ['u, wrong'])).rejects.toThrow(/request \[http:\/\/127\.0\.0\.1:\d+\/api\]: status \[401\]/);
  });

  it('the barbican discovery without a secret id gives upstream\'s placeholder', async () => {
    const discovery = new BarbicanCredentialsDiscovery(context({ dirs: [] }, capturingLogger()));
    expect(await discovery.discover(fakePollCycle(), '')).toEqual(['No secrets found']);
    expect(discovery.groupId).toBe('global'); // upstream's NonOpenStackCredentialsDiscovery inherits DiscoveryBase's group
  });
});

describe('host commands', () => {
  const XML = `<test><user_id>id1_u</user_id><project_id>id1_p</project_id><id>id1</id><meta>meta-data-to-store</meta><value>1</value></test>`;

  it("runs upstream's documented example with an allow-listed echo, without a shell", async () => {
    const dir = await definitionsDir({
      'host.yaml': `
- name: "dynamic.host.command"
  sample_type: "gauge"
  unit: "request"
  value_attribute: "value"
  response_entries_key: "test"
  host_command: "echo '${XML}'"
  metadata_fields:
      - "meta"
  response_handlers:
      - xml
`,
    });
    const built = await build(context({ dirs: [dir], allowedCommands: ['echo'] }, capturingLogger()));
    expect(built[0]!.pollster.defaultDiscovery).toBe('local_node');
    const samples = await poll(built, 'dynamic.host.command', ['compute-1']);
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({ volume: 1, resource_id: 'id1', user_id: 'id1_u', project_id: 'id1_p', resource_metadata: { meta: 'meta-data-to-store' } });
  });

  it('pages with next_sample_url_attribute building the next command', async () => {
    const dir = await definitionsDir({
      'pages.yaml': `
- name: host.pages
  sample_type: gauge
  unit: B
  value_attribute: Size
  resource_id_attribute: Key
  response_entries_key: Contents
  host_command: echo '{"Contents":[{"Key":"a","Size":1}],"NextToken":"t1"}'
  next_sample_url_attribute: >-
    NextToken | 'echo \\'{"Contents":[{"Key":"' + value + '","Size":2}]}\\''
`,
    });
    const built = await build(context({ dirs: [dir], allowedCommands: ['echo'] }, capturingLogger()));
    expect(brief(await poll(built, 'host.pages', ['node']))).toEqual([
      ['host.pages', 1, 'a'],
      ['host.pages', 2, 't1'],
    ]);
  });

  it('refuses a program outside [polling] dynamic_pollsters_allowed_commands, and shell syntax', async () => {
    const dir = await definitionsDir({
      'deny.yaml': `[{name: host.deny, sample_type: gauge, unit: u, value_attribute: out, host_command: "cat /etc/hostname", response_handlers: [text]}]`,
    });
    const built = await build(context({ dirs: [dir], allowedCommands: ['echo'] }, capturingLogger()));
    await expect(poll(built, 'host.deny', ['node'])).rejects.toThrow(/program "cat" is not in \[polling\] dynamic_pollsters_allowed_commands \(echo\)/);
    expect(() => splitCommand('echo a | sh')).toThrow(/shell syntax "\|" is not supported/);
    expect(() => splitCommand('echo $(id)')).toThrow(/shell syntax "\$"/);
    expect(splitCommand(`echo 'a b' "c \\"d\\"" e\\ f`)).toEqual(['echo', 'a b', 'c "d"', 'e f']);
    expect(splitCommand(`echo 'a|b;c'`)).toEqual(['echo', 'a|b;c']);
  });
});
