import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@ceilometer-ts/sdk';
import { loadDefinitionsFile, PACKAGED_DEFINITIONS_FILE, parseConverter, parseDefinitions, type MeterDefinition } from '../src/index.js';
import { parseLocatedYaml } from '@ceilometer-ts/located-yaml';
import { FIXTURES } from './helpers.js';

const STEIN_NAMES = [...readFileSync(`${FIXTURES}stein-snmp.yaml`, 'utf8').matchAll(/- name: (\S+)/g)].map((m) => m[1]!);
const SEED_NETWORK = ['incoming', 'outgoing'].flatMap((d) => ['bytes', 'packets', 'errors', 'drop'].map((w) => `hardware.network.${d}.${w}`));

function parse(text: string) {
  return parseDefinitions(parseLocatedYaml(text, 'defs.yaml'));
}

describe('packaged definitions (data/snmp.yaml)', async () => {
  const result = await loadDefinitionsFile(PACKAGED_DEFINITIONS_FILE);
  const byName = new Map(result.definitions.map((d) => [d.name, d]));

  it('parses without errors or warnings', () => {
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it("ships every one of Stein's 31 meters, with Stein's type and unit, plus the seed's network meters", () => {
    expect(STEIN_NAMES).toHaveLength(31);
    const stein = readFileSync(`${FIXTURES}stein-snmp.yaml`, 'utf8');
    for (const name of STEIN_NAMES) {
      const def = byName.get(name);
      expect(def, name).toBeDefined();
      const block = stein.slice(stein.indexOf(`- name: ${name}\n`)).split('- name:')[1]!;
      expect(block).toContain(`type: ${def!.type}`);
      expect(block.replaceAll('"', '')).toContain(`unit: ${def!.unit}`);
    }
    for (const name of SEED_NETWORK) expect(byName.has(name), name).toBe(true);
    expect(result.definitions).toHaveLength(36);
  });

  it('keeps device metadata, typed, on every disk meter (Stein lost it on four of them)', () => {
    for (const name of ['read.bytes', 'write.bytes', 'read.requests', 'write.requests', 'size.total', 'size.used']) {
      const def = byName.get(`hardware.disk.${name}`)!;
      const device = def.metadata.find((m) => m.name === 'device');
      expect(device, name).toBeDefined();
      expect(device!.converter.text).toBe('str');
      expect(def.postOp).toBe('disk');
    }
  });

  it('reads 64-bit octet counters first and sums packet columns', () => {
    expect(byName.get('hardware.network.incoming.bytes')).toMatchObject({ oids: ['1.3.6.1.2.1.31.1.1.1.6'], fallbackOids: ['1.3.6.1.2.1.2.2.1.10'] });
    expect(byName.get('hardware.network.outgoing.packets')!.oids).toHaveLength(3);
    const speed = byName.get('hardware.network.incoming.bytes')!.metadata.find((m) => m.name === 'speed')!;
    expect(speed.converter.convert({ type: 'Gauge32', value: 1_000_000_000 })).toBe(125_000_000);
  });
});

describe("Stein's own snmp.yaml", () => {
  it('loads with its defects repaired and reported as warnings', async () => {
    const result = await loadDefinitionsFile(`${FIXTURES}stein-snmp.yaml`);
    expect(result.errors).toEqual([]);
    expect(result.definitions).toHaveLength(31);
    const writeBytes = result.definitions.find((d) => d.name === 'hardware.disk.write.bytes')!;
    expect(writeBytes.metadata.map((m) => m.name)).toEqual(['device']);
    expect(result.warnings.map((w) => `${w.line}: ${w.path}`)).toEqual([
      '136: metric[14].snmp_inspector.device',
      '146: metric[15].snmp_inspector.device',
      '156: metric[16].snmp_inspector.device',
    ]);
    const mac = result.definitions.find((d) => d.name === 'hardware.network.incoming.bytes')!.metadata.find((m) => m.name === 'mac')!;
    expect(mac.converter.convert({ type: 'OctetString', value: '0xfa163e0a0b0c' })).toBe('fa163e0a0b0c');
  });
});

describe('definition errors', () => {
  it('skips bad definitions with file:line:path and keeps the good ones', () => {
    const result = parse(`metric:
  - name: good
    unit: B
    type: gauge
    snmp_inspector: {matching_type: type_exact, oid: "1.3.6.1.2.1.1.3.0", type: int}
  - name: evil
    unit: B
    type: gauge
    snmp_inspector:
      matching_type: type_exact
      oid: "1.3.6.1.2.1.1.3.0"
      type: "lambda x: __import__('os').system('id')"
  - name: bad
    unit: B
    type: counter
    snmp_inspector: {matching_type: fuzzy, oid: "1.3.x", post_op: _post_op_magic}
  - unit: B
    type: gauge
    snmp_inspector: {matching_type: type_exact, oid: "1.3"}
`);
    expect(result.definitions.map((d: MeterDefinition) => d.name)).toEqual(['good']);
    expect(result.errors.map((e) => `${e.file}:${e.line}: ${e.path}`)).toEqual([
      'defs.yaml:12: metric[1].snmp_inspector.type',
      'defs.yaml:15: metric[2].type',
      'defs.yaml:16: metric[2].snmp_inspector.matching_type',
      'defs.yaml:16: metric[2].snmp_inspector.oid',
      'defs.yaml:16: metric[2].snmp_inspector.post_op',
      'defs.yaml:17: metric[3].name',
    ]);
    expect(result.errors[0]!.message).toMatch(/unsupported converter/);
  });

  it('rejects a file without a metric list and YAML syntax errors', () => {
    expect(parse('foo: 1').errors[0]!.path).toBe('metric');
    expect(() => parse('metric: [')).toThrow(ConfigError);
  });
});

describe('converters', () => {
  it('converts and scales without eval', () => {
    const v = (value: number | string | bigint) => ({ type: 'Integer' as const, value });
    const conv = (t: string) => {
      const c = parseConverter(t);
      if (typeof c === 'string') throw new Error(c);
      return c.convert;
    };
    expect(conv('int')(v('42'))).toBe(42);
    expect(conv('float')(v('0.25'))).toBe(0.25);
    expect(conv('int * 1024')(v(3))).toBe(3072);
    expect(conv('int')(v(2n ** 60n))).toBe(2 ** 60);
    expect(conv('str')(v(5))).toBe('5');
    expect(conv('hex')({ type: 'OctetString', value: '\u00fa\u0016>\n\u000b\f' })).toBe('fa163e0a0b0c');
    expect(conv('hex')({ type: 'OctetString', value: 'FA:16:3E:0A:0B:0C' })).toBe('fa163e0a0b0c');
    expect(parseConverter('str * 2')).toMatch(/only int and float/);
    expect(parseConverter('int / 0')).toMatch(/division by zero/);
  });
});
