import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InspectorNoDataError, InstanceNotFoundError, InstanceShutOffError, ComputeInspectorError } from '@ceilometer-ts/sdk';
import {
  parseBlockInfo,
  parseBlockInfoTable,
  parseDomainList,
  parseDomstatsRaw,
  parseInterfaceStats,
  parseMemoryStats,
  splitVirshSegment,
  virshArg,
  virshCommand,
  virshCommandError,
} from '../src/index.js';
import { domainArg } from '../src/fallback-reads.js';
import { fixtures } from './helpers.js';

const read = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

/** Splits a recorded interactive transcript the way the session does (markers @@CEILO:N@@). */
function segments(transcript: string, commands: string[]) {
  let rest = transcript;
  return commands.map((command, i) => {
    const marker = `@@CEILO:${i}@@`;
    const at = rest.indexOf(marker);
    const segment = rest.slice(0, at);
    rest = rest.slice(at + marker.length);
    return splitVirshSegment(command, segment);
  });
}

describe('virsh output', () => {
  const commands = [
    'list --all --uuid --name',
    'dommemstat instance-00000001',
    'domifstat instance-00000001 nosuch',
    'domblkinfo instance-00000001 vda',
    'dommemstat 99999999-1111-4111-8111-111111111111',
  ];
  const results = segments(read('transcript-test-driver.txt'), commands);

  it('splits an interactive transcript into output and error lines per command, prompt echoes removed', () => {
    expect(results[0]!.errors).toEqual([]);
    expect(parseDomainList(results[0]!.output)).toEqual(
      new Map([
        ['instance-00000001', '11111111-1111-4111-8111-111111111111'],
        ['instance-00000002', '22222222-2222-4222-8222-222222222222'],
        ['instance-00000003', '33333333-3333-4333-8333-333333333333'],
      ]),
    );
    expect(results[1]!.output).not.toContain('virsh >');
    expect(results[2]!.errors).toEqual(["Failed to get interface stats instance-00000001 nosuch", "invalid argument: 'nosuch' is not a known interface"]);
    expect(results[2]!.output).toBe('');
    expect(results[4]!.errors).toEqual(["failed to get domain '99999999-1111-4111-8111-111111111111'"]);
  });

  it('cuts the next prompt and marker command off output that has no final newline', () => {
    expect(splitVirshSegment('echo a', 'virsh > echo a\navirsh > echo @@CEILO"":7@@\n').output).toBe('a');
  });

  it('maps error lines to the contract errors', () => {
    expect(virshCommandError(results[4]!, 'd')).toBeInstanceOf(InstanceNotFoundError);
    const notRunning = splitVirshSegment('domifstat x tap0', "error: Requested operation is not valid: domain is not running\n");
    expect(virshCommandError(notRunning, 'd')).toBeInstanceOf(InstanceShutOffError);
    const unsupported = splitVirshSegment('domstats --perf', 'error: this function is not supported by the connection driver: virDomainBlockStatsFlags\n');
    expect(virshCommandError(unsupported, 'd')).toBeInstanceOf(InspectorNoDataError);
    const other = virshCommandError(results[2]!, 'd');
    expect(other).toBeInstanceOf(ComputeInspectorError);
    expect(other).not.toBeInstanceOf(InstanceNotFoundError);
    expect(other.message).toContain('domifstat instance-00000001 nosuch');
  });

  it('parses dommemstat, domifstat and domblkinfo', () => {
    const memory = parseMemoryStats(results[1]!.output);
    expect(memory.get('actual')).toBe(2097152);
    expect(memory.get('usable')).toBe(1048576);
    expect(memory.get('rss')).toBe(1048576);
    expect(parseMemoryStats('\n\n').size).toBe(0); // no <memballoon>: empty output, upstream's {}
    expect(parseBlockInfo(results[3]!.output)).toEqual({ capacity: 1099506450432, allocation: 1099511627776, physical: 1099511627776 });
    expect(parseBlockInfo('Capacity: 1\n')).toBeUndefined();
    const table = ' Target   Capacity        Allocation      Physical\n---------------------------------\n vda      1099506450432   1099511627776   1099511627776\n hdc      -               -               -\n';
    expect(parseBlockInfoTable(table)).toEqual(new Map([['vda', { capacity: 1099506450432, allocation: 1099511627776, physical: 1099511627776 }]]));
    const ifstat = ['tap0 rx_bytes 586', 'tap0 rx_packets 7', 'tap0 rx_errs 1', 'tap0 rx_drop 2', 'tap0 tx_bytes 176', 'tap0 tx_packets 3', 'tap0 tx_errs 4', 'tap0 tx_drop 5'].join('\n');
    expect(parseInterfaceStats(ifstat)).toEqual({ rxBytes: 586, rxPackets: 7, rxErrors: 1, rxDrop: 2, txBytes: 176, txPackets: 3, txErrors: 4, txDrop: 5 });
    expect(parseInterfaceStats('tap0 rx_bytes 586')).toBeUndefined();
  });

  it('parses domstats --raw of a real QEMU guest (every group)', () => {
    const stats = parseDomstatsRaw(read('domstats-qemu.txt'));
    const guest = stats.get('ceilo-guest-1')!;
    expect(guest.get('state.state')).toBe(1);
    expect(guest.get('vcpu.current')).toBe(1);
    expect(typeof guest.get('cpu.time')).toBe('number');
    expect(guest.get('net.0.name')).toBe('ceilotap0');
    expect(guest.get('block.0.name')).toBe('vda');
    expect(guest.get('block.0.path')).toBe('/var/lib/ceilo/guest/disk.raw');
    expect(guest.get('dirtyrate.calc_mode')).toBe('page-sampling');
    expect(guest.size).toBeGreaterThan(50);
  });

  it('parses domstats --raw of several domains (test driver: state only)', () => {
    const text = "Domain: 'a'\n  state.state=1\n  state.reason=0\n\nDomain: 'b c'\n  state.state=5\n  state.reason=2\n\n";
    const stats = parseDomstatsRaw(text);
    expect([...stats.keys()]).toEqual(['a', 'b c']);
    expect(stats.get('b c')!.get('state.state')).toBe(5);
  });

  it('quotes arguments for virsh', () => {
    expect(virshArg('11111111-1111-4111-8111-111111111111')).toBe('11111111-1111-4111-8111-111111111111');
    expect(virshArg('a b"c\\')).toBe('"a b\\"c\\\\"');
    expect(virshCommand('domifstat', 'u', 'tap 0')).toBe('domifstat u "tap 0"');
  });
});

describe('domain arguments of the fallback commands', () => {
  const uuid = '11111111-1111-4111-8111-111111111111';
  it('names a Nova domain by its (shorter) name, anything virsh could read as an id or uuid by its uuid', () => {
    expect(domainArg({ name: 'instance-0000002a', uuid })).toBe('instance-0000002a');
    expect(domainArg({ name: '42', uuid })).toBe(uuid);
    expect(domainArg({ name: '22222222-2222-4222-8222-222222222222', uuid })).toBe(uuid);
    expect(domainArg({ name: '22222222222242228222222222222222', uuid })).toBe(uuid);
    expect(domainArg({ name: 'my vm', uuid })).toBe(uuid);
    expect(domainArg({ name: 'a-very-long-domain-name-longer-than-a-uuid', uuid })).toBe(uuid);
  });
});
