import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MapServiceRegistry, silentLogger, verifySignature, type ConfigView, type PluginContext, type PyDict } from '@ceilometer-ts/sdk';
import { FrameReader, TCPPublisher, TcpPublishError, unpackMeterMessage } from '../src/index.js';
import { golden, samples } from './fixtures.js';

const values: Record<string, unknown> = { 'publisher.telemetry_secret': 'change this for valid signing', 'DEFAULT.host': 'agent-1' };
const config = { has: (g: string, n: string) => `${g}.${n}` in values, get: (g: string, n: string) => values[`${g}.${n}`] } as unknown as ConfigView;
const context = { logger: silentLogger, services: new MapServiceRegistry(), config } as unknown as PluginContext;

interface Collector { port: number; bytes: () => Buffer; connections: Socket[]; server: Server; close: () => Promise<void> }
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function collector(port = 0): Promise<Collector> {
  const chunks: Buffer[] = [];
  const connections: Socket[] = [];
  const server = createServer((s) => {
    connections.push(s);
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const c = {
    port: (server.address() as AddressInfo).port, connections, server, bytes: () => Buffer.concat(chunks),
    close: () => new Promise<void>((r) => { for (const s of connections) s.destroy(); server.close(() => r()); }),
  };
  cleanups.push(c.close);
  return c;
}
const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};
const publisher = (port: number): TCPPublisher => {
  const p = new TCPPublisher(context, `tcp://127.0.0.1:${port}`);
  cleanups.push(() => p.close());
  return p;
};

describe('TCPPublisher', () => {
  it('streams length-prefixed msgpack byte for byte as upstream master', async () => {
    const c = await collector();
    const p = publisher(c.port);
    await p.publishSamples(samples);
    await until(() => c.bytes().length >= golden.tcp_stream.length / 2);
    expect(c.bytes().toString('hex')).toBe(golden.tcp_stream);
    const reader = new FrameReader();
    const bodies = [...c.bytes()].reduce<Buffer[]>((acc, byte) => [...acc, ...reader.push(Buffer.from([byte]))], []);
    expect(bodies).toHaveLength(3);
    const first = unpackMeterMessage(bodies[0]!);
    expect(first).toMatchObject({ counter_name: 'cpu', publisher_id: 'agent-1', user_name: null });
    expect(verifySignature(first as PyDict, 'change this for valid signing')).toBe(true);
  });

  it('reconnects after the collector drops the connection, on one connection otherwise', async () => {
    const c = await collector();
    const p = publisher(c.port);
    await p.publishSamples(samples.slice(0, 1));
    await p.publishSamples(samples.slice(1, 2));
    await until(() => c.connections.length === 1 && new FrameReader().push(c.bytes()).length === 2);
    expect(c.connections).toHaveLength(1);
    c.connections[0]!.destroy();
    await until(() => !p.connected);
    await p.publishSamples(samples.slice(2));
    await until(() => c.connections.length === 2);
    expect(c.connections).toHaveLength(2);
    await until(() => new FrameReader().push(c.bytes()).length === 3);
    expect(new FrameReader().push(c.bytes()).map((b) => unpackMeterMessage(b)['counter_name'])).toEqual(['cpu', 'memory.usage', 'disk.usage']);
  });

  it('rejects while the collector is down and delivers once it is back', async () => {
    const c = await collector();
    const port = c.port;
    await c.close();
    const p = publisher(port);
    const err = await p.publishSamples(samples).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TcpPublishError);
    expect(err).toMatchObject({ code: 'CEILO_ERR_PUBLISHER_TCP_SEND', count: 3 });
    const back = await collector(port);
    await p.publishSamples(samples);
    await until(() => new FrameReader().push(back.bytes()).length === 3);
    expect(back.bytes().toString('hex')).toBe(golden.tcp_stream);
  });
});
