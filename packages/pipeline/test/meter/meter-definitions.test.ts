import { ConfigError, silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MeterDefinitions } from '../../src/meter/index.js';
import { METERS_DIR, fixture, traitPlugins } from './definitions-helpers.js';

const USER = '4d2a1b7c9e8f4a6b8c0d1e2f3a4b5c6d';
const PROJECT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const meters = MeterDefinitions.loadFromDirs([METERS_DIR], { traitPlugins });
const byName = (name: string) => Object.fromEntries(meters.toSamples(fixture(name)).map((s) => [s.name, s]));

describe('the bundled meters.yaml', () => {
  it('loads every definition', () => {
    expect(meters.issues).toEqual([]);
    expect(meters.definitions.length).toBe(38);
  });

  it('turns compute.instance.create.end into instance samples, booting time and user metadata', () => {
    const s = byName('nova-compute.instance.create.end');
    expect(Object.keys(s)).toEqual(['disk.ephemeral.size', 'disk.root.size', 'compute.instance.booting.time', 'vcpus', 'memory']);
    expect(s['memory']).toMatchObject({
      type: 'gauge', unit: 'MiB', volume: 2048, user_id: USER, project_id: PROJECT, resource_id: '3f1d6c2e-9a7b-4c5d-8e0f-1a2b3c4d5e6f',
      timestamp: '2024-05-01T12:00:35.101938+00:00', source: 'openstack',
    });
    expect(s['memory']!.resource_metadata).toMatchObject({
      host: 'compute-01', flavor_id: '2', flavor_name: 'm1.small', display_name: 'web-01', image_ref: '8b6c2c7e-1d3f-4e8a-9b0c-2d3e4f5a6b7c',
      user_metadata: { stack: 'b7c8d9e0-f1a2-4b3c-8d4e-5f6a7b8c9d0e', server_group: 'web' },
    });
    expect(s['memory']!.resource_metadata).not.toHaveProperty('deleted_at'); // '' is falsy: left out
    // Upstream's ctxt fallback `ctxt.user_id|ctxt.user` parses as ctxt.(user_id|ctxt).user: no user.
    expect(s['compute.instance.booting.time']).toMatchObject({ volume: 34.512, unit: 'sec', user_id: null });
  });

  it('does not match compute.instance.update (excluded by the lookahead)', () => {
    expect(meters.matches('compute.instance.update')).toBe(false);
    expect(meters.toSamples(fixture('nova-compute.instance.update'))).toEqual([]);
  });

  it('reads cinder volumes with a filter and snapshots', () => {
    const v = byName('cinder-volume.create.end')['volume.size']!;
    expect(v).toMatchObject({ volume: 10, unit: 'GiB', resource_id: '6c5b4a39-2817-4f60-9e5d-4c3b2a190807' });
    expect(v.resource_metadata).toEqual({
      display_name: 'db-data', volume_type: '3e1f2a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b', volume_type_id: '3e1f2a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
      image_id: '8b6c2c7e-1d3f-4e8a-9b0c-2d3e4f5a6b7c',
    });
    expect(byName('cinder-snapshot.create.end')['snapshot.size']).toMatchObject({ volume: 10, resource_id: '0f9e8d7c-6b5a-4493-8271-605f4e3d2c1b' });
  });

  it('makes image.download and image.serve from image.send, with payload metadata when none is defined', () => {
    const s = byName('glance-image.send');
    expect(s['image.download']).toMatchObject({ type: 'delta', volume: 662700032, user_id: '0a9b8c7d6e5f40312233445566778899' });
    expect(s['image.serve']!.resource_metadata).toMatchObject({ event_type: 'image.send', host: 'image.localhost', destination_ip: '10.0.0.5' });
    expect(byName('glance-image.upload')['image.size']).toMatchObject({ volume: 662700032, project_id: PROJECT, user_id: null });
  });

  it('splits lookup payloads into one sample per item', () => {
    const s = meters.toSamples(fixture('magnum-bay.metrics.update'));
    expect(s.map((x) => [x.name, x.unit, x.volume])).toEqual([['memory', 'B', 1048576], ['cpu.util', '%', 12.5]]);
  });

  it('makes nothing from uneven lookup lists, with upstream warning', () => {
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (...args: unknown[]) => void warnings.push(String(args[args.length - 1])), child: () => logger };
    const m = MeterDefinitions.loadFromDirs([METERS_DIR], { traitPlugins, logger });
    expect(m.toSamples(fixture('magnum-bay.metrics.uneven'))).toEqual([]);
    expect(warnings).toContain('Only 1 fetched meters contain "unit" field instead of 2.');
  });

  it('names samples with arithmetic and filters', () => {
    expect(meters.toSamples(fixture('keystone-identity.authenticate')).map((s) => s.name)).toEqual(['identity.authenticate.success']);
    const cpu = Object.fromEntries(meters.toSamples(fixture('nova-compute.metrics.update')).map((s) => [s.name, s]));
    expect(cpu['compute.node.cpu.percent']).toMatchObject({ volume: 12, resource_id: 'compute-01_compute-01.example.org', timestamp: '2024-05-01T12:00:00+00:00' });
    expect(cpu['compute.node.cpu.idle.time']!.volume).toBeNull(); // dropped later by the pipeline's volume check
  });

  it('reports but skips definitions using a plugin nobody installed', () => {
    const bare = MeterDefinitions.loadFromDirs([METERS_DIR]);
    expect(bare.issues.map((i) => `${i.line}: ${i.path}`)).toEqual(['420: metric[36].volume.plugin', '404: metric[35].volume.plugin', '227: metric[20].volume.plugin']);
    expect(bare.issues[2]!.message).toMatch(/^No plugin named timedelta available for volume/);
  });
});

describe('loading meter definitions', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };

  it('locates bad definitions as file:line: path and skips them', () => {
    dir = mkdtempSync(join(tmpdir(), 'meters-'));
    write('a/bad.yaml', [
      'metric:',
      '  - name: ok',
      '    event_type: x.y',
      "    type: gauge\n    unit: B\n    volume: $.payload.v\n    resource_id: $.payload.id",
      '  - name: no-volume',
      '    event_type: x.y',
      "    type: gauge\n    unit: B\n    resource_id: $.payload.id",
      '  - name: bad-type',
      '    event_type: x.y',
      "    type: rate\n    unit: B\n    volume: 1\n    resource_id: $.payload.id",
      '  - name: bad-path',
      '    event_type: x.y',
      "    type: gauge\n    unit: B\n    volume: 1\n    resource_id: $.payload.id\n    metadata:\n      m: $.a / 2",
    ].join('\n'));
    const m = MeterDefinitions.loadFromDirs([join(dir, 'a')]);
    expect(m.definitions.map((d) => d.name)).toEqual(['ok']);
    expect(m.issues.map((i) => `${i.line}: ${i.path}: ${i.message.split(':')[0]}`)).toEqual([
      "26: metric[3].metadata.m: Parse error in JSONPath specification '$.a / 2' for m",
      '15: metric[2].type: Invalid type rate specified',
      "8: metric[1].volume: Required fields ['volume'] not specified",
    ]);
    expect(() => MeterDefinitions.loadFromDirs([join(dir, 'a')], { strict: true })).toThrow(ConfigError);
  });

  it('keeps the first file of sorted directories and the last duplicate within a file', () => {
    dir = mkdtempSync(join(tmpdir(), 'meters-'));
    const def = (unit: string) => `  - {name: m, event_type: e, type: gauge, unit: ${unit}, volume: 1, resource_id: $.payload.id}\n`;
    write('a/2.yaml', `metric:\n${def('two')}`);
    write('a/1.yaml', `metric:\n${def('one-first')}${def('one-last')}`);
    write('b/0.yaml', `metric:\n${def('b')}`);
    const m = MeterDefinitions.loadFromDirs([join(dir, 'a'), join(dir, 'b'), join(dir, 'missing')]);
    const n = { event_type: 'e', payload: { id: 'r' }, publisher_id: 'p', priority: 'info', message_id: 'm', timestamp: '2024-05-01 00:00:00' };
    expect(m.toSamples(n).map((s) => s.unit)).toEqual(['one-last']);
  });

  it('refuses a file without a metric list', () => {
    expect(() => MeterDefinitions.fromText('meters: []\n', 'x.yaml')).toThrowErrorMatchingInlineSnapshot(`[ConfigError: x.yaml:1: metric: expected a "metric" list of meter definitions]`);
  });
});
