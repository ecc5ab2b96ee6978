import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PyFloat } from '@ceilometer-ts/sdk';
import { AttributeDefinitions, compileJsonPath, DefinitionError, DefinitionField, noTraitPlugins, staticTraitPluginFactory, type TraitPlugin } from '../src/index.js';
import { ATTRIBUTE_SAMPLES } from './attribute-samples.js';

const [computePolled, computeNotified, , , snmpDisk] = ATTRIBUTE_SAMPLES;

describe('JsonPath.first', () => {
  it('is the first non-null match, or undefined', () => {
    expect(compileJsonPath('resource_metadata.(instance_host|host)').first(computeNotified)).toBe('compute-2');
    expect(compileJsonPath('resource_metadata.(instance_host|host)').first(computePolled)).toBe('compute-1');
    expect(compileJsonPath('resource_metadata.deleted_at').first(computeNotified)).toBeUndefined();
    expect(compileJsonPath('resource_metadata.nothing').first(computeNotified)).toBeUndefined();
    expect(compileJsonPath('volume').first(computeNotified)).toBe(1);
  });

  it('keeps wire values as they are (a PyFloat stays a PyFloat)', () => {
    expect(compileJsonPath('a').first({ a: new PyFloat(2) })).toEqual(new PyFloat(2));
  });
});

describe('DefinitionField.first', () => {
  it('is parse() with null as undefined, literals kept', () => {
    expect(new DefinitionField('x', 'resource_metadata.deleted_at', noTraitPlugins).first(computeNotified)).toBeUndefined();
    expect(new DefinitionField('x', 0, noTraitPlugins).first(computeNotified)).toBe(0);
    expect(new DefinitionField('x', ['resource_metadata.instance_host', 'resource_metadata.host'], noTraitPlugins).first(computeNotified)).toBe('compute-2');
  });
});

describe('AttributeDefinitions', () => {
  it("evaluates upstream's alternations over a sample, leaving out attributes with no value", () => {
    const attrs = new AttributeDefinitions({
      host: 'resource_metadata.(instance_host|host)',
      flavor_id: 'resource_metadata.(instance_flavor_id|(flavor.id)|flavor_id)',
      flavor_name: 'resource_metadata.(instance_type|(flavor.name)|flavor_name)',
      server_group: 'resource_metadata.user_metadata.server_group',
      deleted_at: 'resource_metadata.deleted_at',
    });
    expect(attrs.names).toEqual(['host', 'flavor_id', 'flavor_name', 'server_group', 'deleted_at']);
    expect(attrs.evaluate(computePolled!)).toEqual({ host: 'compute-1', flavor_id: 'f1', flavor_name: 'm1.small', server_group: 'sg-1' });
    expect(attrs.evaluate(computeNotified!)).toEqual({ host: 'compute-2', flavor_id: 'f2', flavor_name: 'm1.large' });
  });

  it('reads plain sample-shaped objects too', () => {
    expect(new AttributeDefinitions({ device_name: 'resource_metadata.device', id: 'resource_id' }).evaluate({ resource_id: 'r', resource_metadata: { device: 'sda' } }))
      .toEqual({ device_name: 'sda', id: 'r' });
  });

  it('has no attributes when the section is missing or null', () => {
    expect(new AttributeDefinitions(undefined).evaluate(snmpDisk!)).toEqual({});
    expect(new AttributeDefinitions(null).names).toEqual([]);
  });

  it('passes matches through a trait plugin', () => {
    class Upper implements TraitPlugin {
      traitValues(matches: readonly (readonly [string, unknown])[]): unknown[] {
        return matches.map(([, v]) => String(v).toUpperCase());
      }
    }
    const attrs = new AttributeDefinitions({ device_name: { fields: 'resource_metadata.device', plugin: 'upper' } }, staticTraitPluginFactory({ upper: Upper }));
    expect(attrs.evaluate(snmpDisk!)).toEqual({ device_name: 'SDA' });
  });

  it.each([
    [{ host: 'resource_metadata.(' }, ['host'], /Parse error in JSONPath specification 'resource_metadata.\(' for host/],
    [{ host: { fields: 'a', plugin: 'nope' } }, ['host', 'plugin'], /No plugin named nope available for host/],
    [{ host: { plugin: 'split' } }, ['host'], /The field 'fields' is required for host/],
    [['resource_metadata.host'], [], /attributes must be a mapping/],
  ])('refuses %j with the attribute in the error path', (cfg, path, message) => {
    let caught: unknown;
    try {
      new AttributeDefinitions(cfg);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DefinitionError);
    expect((caught as DefinitionError).path).toEqual(path);
    expect((caught as DefinitionError).message).toMatch(message);
  });

  it("loads every resource's attributes of upstream's and the seed's gnocchi_resources.yaml", () => {
    for (const f of ['gnocchi_resources.yaml', 'seed-gnocchi_resources.yaml']) {
      const cfg = parse(readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8')) as { resources: { attributes?: unknown }[] };
      for (const r of cfg.resources) expect(() => new AttributeDefinitions(r.attributes)).not.toThrow();
    }
  });
});
