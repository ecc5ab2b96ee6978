/**
 * Loading definition files: an invalid definition is skipped with an error naming file, line and
 * key while the others load; `namespaces`; the first definition of a name wins; a file that is
 * not YAML stops the agent with file and line.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@ceilometer-ts/sdk';
import { build, capturingLogger, context, definitionsDir } from './helpers.js';

const VALID = (name: string) => `
- name: ${name}
  sample_type: gauge
  unit: u
  value_attribute: v
  endpoint_type: x
  url_path: v1/x
`;

describe('definition files', () => {
  it('skips each invalid definition with file:line: key, and loads the others', async () => {
    const dir = await definitionsDir({
      'a.yaml': `${VALID('good.one')}
- name: bad.type
  sample_type: average
  unit: u
  value_attribute: v
  endpoint_type: x
  url_path: v1/x
- name: bad.missing
  sample_type: gauge
  value_attribute: v
  endpoint_type: x
  url_path: v1/x
- name: bad.operation
  sample_type: gauge
  unit: u
  value_attribute: "v | __import__('os').system(value)"
  endpoint_type: x
  url_path: v1/x
- name: bad.handler
  sample_type: gauge
  unit: u
  value_attribute: v
  endpoint_type: x
  url_path: v1/x
  response_handlers: [json, yaml]
- name: "bad.multi.{cat}"
  sample_type: gauge
  unit: u
  value_attribute: ops
  endpoint_type: x
  url_path: v1/x
- name: bad.auth
  sample_type: gauge
  unit: u
  value_attribute: v
  url_path: http://127.0.0.1:1/x
  module: awsauth
  authentication_object: S3Auth
`,
      'b.yaml': VALID('good.two'),
      'ignored.yml': VALID('not.yaml.suffix'),
    });
    const logger = capturingLogger();
    const built = await build(context({ dirs: [dir] }, logger));
    expect(built.map((b) => b.name)).toEqual(['good.one', 'good.two']);
    const errors = logger.lines.filter((l) => l.level === 'error').map((l) => l.msg);
    const file = join(dir, 'a.yaml');
    expect(errors).toHaveLength(6);
    expect(errors[0]).toContain(`invalid dynamic pollster [bad.type] skipped: ${file}:10: [1].sample_type: invalid sample type "average"`);
    expect(errors[1]).toContain(`${file}:15: [2].unit: required field(s) unit not specified`);
    expect(errors[2]).toMatch(new RegExp(`${file}:23: \\[3\\]\\.value_attribute: invalid attribute path .*unknown method "system"`));
    expect(errors[3]).toContain(`${file}:32: [4].response_handlers[1]: invalid response_handler value "yaml"`);
    expect(errors[4]).toContain(`${file}:36: [5].value_attribute: a multi-metric pollster needs value_attribute like "[list].field"`);
    expect(errors[5]).toContain(`${file}:44: [6].module: authenticator awsauth.S3Auth is not supported`);
  });

  it('builds a definition only in the namespaces it lists (default central), once per process, first file wins', async () => {
    const dir = await definitionsDir({
      'a.yaml': `${VALID('central.only')}${VALID('both').replace('url_path: v1/x', 'url_path: v1/x\n  namespaces: [central, compute]')}${VALID('compute.only').replace('url_path: v1/x', 'url_path: v1/x\n  namespaces: compute')}`,
      'b.yaml': VALID('central.only').replace('unit: u', 'unit: second'),
    });
    const logger = capturingLogger();
    const central = context({ dirs: [dir], namespace: 'central' }, logger);
    // The agent gives every builder of a process the same services.
    const compute = { ...context({ dirs: [dir], namespace: 'compute' }, logger), services: central.services };
    expect((await build(central)).map((b) => b.name)).toEqual(['central.only', 'both']);
    expect((await build(compute)).map((b) => b.name)).toEqual(['compute.only']);
    // Building again for the same namespace (a second load in the process) builds the same set.
    expect((await build(central)).map((b) => b.name)).toEqual(['central.only', 'both']);
    expect(logger.lines.some((l) => /\[central\.only\] is already defined/.test(l.msg))).toBe(true);
  });

  it('a file that is not YAML stops loading with file and line', async () => {
    const dir = await definitionsDir({ 'broken.yaml': '- name: x\n  unit: [unclosed\n' });
    const err = await build(context({ dirs: [dir] }, capturingLogger())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain(join(dir, 'broken.yaml'));
  });

  it('a missing directory is no pollsters (upstream logs and goes on)', async () => {
    expect(await build(context({ dirs: ['/nonexistent/pollsters.d'] }, capturingLogger()))).toEqual([]);
  });
});
