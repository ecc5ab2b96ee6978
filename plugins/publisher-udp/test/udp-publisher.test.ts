import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MapServiceRegistry, PyFloat, silentLogger, verifySignature, type ConfigView, type PluginContext, type PyDict } from '@ceilometer-ts/sdk';
import { CollectorAddressError, packPy, parseHostPort, UDPPublisher, unpackMeterMessage } from '../src/index.js';
import { golden, samples } from './fixtures.js';

const config = (secret: string): ConfigView => ({ has: (g: string, n: string) => g === 'publisher' && n === 'telemetry_secret', get: () => secret }) as unknown as ConfigView;
const context = (secret?: string): PluginContext =>
  ({ logger: silentLogger, services: new MapServiceRegistry(), ...(secret !== undefined ? { config: config(secret) } : {}) }) as unknown as PluginContext;

async function listen(family: 'udp4' | 'udp6' = 'udp4', host = '127.0.0.1') {
  const socket = createSocket(family);
  const datagrams: Buffer[] = [];
  socket.on('message', (m) => datagrams.push(m));
  await new Promise<void>((r) => socket.bind(0, host, r));
  const until = async (n: number) => {
    for (let i = 0; i < 200 && datagrams.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    return datagrams;
  };
  return { port: (socket.address() as AddressInfo).port, datagrams, until, close: () => socket.close() };
}

describe('msgpack encoding', () => {
  it('packs like msgpack-python: int widths, float64, str8/16, map16, array16, uint64', () => {
    expect(packPy(1).toString('hex')).toBe('01');
    expect(packPy(-33).toString('hex')).toBe('d0df');
    expect(packPy(0.5).toString('hex')).toBe('cb3fe0000000000000');
    expect(packPy(new PyFloat(1)).toString('hex')).toBe('cb3ff0000000000000');
    expect(packPy(1e19).toString('hex')).toBe('cf8ac7230489e80000');
    // beyond 2^53 a number is the int its JSON text (and its signature) spells
    expect(packPy(2 ** 62).toString('hex')).toBe(`cf${(4611686018427388000n).toString(16).padStart(16, '0')}`);
    expect(packPy(-(2 ** 40)).toString('hex')).toBe('d3ffffff0000000000');
    expect(packPy(1e21).toString('hex')).toBe('cb444b1ae4d6e2ef50');
    expect(packPy('a'.repeat(32)).subarray(0, 2).toString('hex')).toBe('d920');
  });
});

describe('URL', () => {
  it('reads host and port like netutils.parse_host_port, default port 4952', () => {
    expect(parseHostPort('udp://collector')).toEqual({ host: 'collector', port: 4952 });
    expect(parseHostPort('udp://10.0.0.1:5000/')).toEqual({ host: '10.0.0.1', port: 5000 });
    expect(parseHostPort('udp://[::1]:5000')).toEqual({ host: '::1', port: 5000 });
    expect(() => parseHostPort('udp://')).toThrow(CollectorAddressError);
    expect(() => parseHostPort('udp://h:x')).toThrow(CollectorAddressError);
  });
});

describe('UDPPublisher', () => {
  it('sends one datagram per sample, byte for byte what upstream sends', async () => {
    const l = await listen();
    const p = new UDPPublisher(context(), `udp://127.0.0.1:${l.port}`);
    await p.publishSamples(samples);
    await p.close();
    const got = await l.until(3);
    l.close();
    expect(got.map((d) => d.toString('hex')).sort()).toEqual([...golden.udp].sort());
    const decoded = unpackMeterMessage(got.find((d) => d.toString('hex') === golden.udp[0])!);
    expect(decoded).toMatchObject({ counter_name: 'cpu', counter_volume: 123456789012, message_id: samples[0]!.id });
    expect(verifySignature(decoded as PyDict, 'change this for valid signing')).toBe(true);
  });

  it('signs with [publisher] telemetry_secret (empty: unsigned)', async () => {
    const l = await listen();
    const p = new UDPPublisher(context(''), [{ url: `udp://127.0.0.1:${l.port}`, parsed: new URL(`udp://127.0.0.1:${l.port}`) }]);
    await p.publishSamples(samples);
    await p.close();
    const got = await l.until(3);
    l.close();
    expect(got.map((d) => d.toString('hex')).sort()).toEqual([...golden.udp_unsigned].sort());
  });

  it('resolves names preferring IPv6 and survives nobody listening', async () => {
    const l = await listen('udp6', '::1');
    const p = new UDPPublisher(context(), `udp://[::1]:${l.port}`);
    await p.publishSamples(samples.slice(1, 2));
    expect((await l.until(1)).length).toBe(1);
    l.close();
    await expect(p.publishSamples(samples)).resolves.toBeUndefined();
    await p.close();
    const unresolvable = new UDPPublisher(context(), 'udp://no-such-host.invalid:9');
    await expect(unresolvable.publishSamples(samples)).resolves.toBeUndefined();
    await unresolvable.close();
  });
});
