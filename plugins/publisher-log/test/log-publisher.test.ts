import { describe, expect, it, vi } from 'vitest';
import { container, INVOKE_ARGS, makeSample, MapServiceRegistry, PLUGIN_CONTEXT, silentLogger, type Logger, type PluginContext } from '@ceilometer-ts/sdk';
import { LOG_PUBLISHER_STREAM_SERVICE, LogPublisher, type LineSink } from '../src/index.js';

const sample = makeSample({ name: 'hardware.memory.total', type: 'gauge', unit: 'KB', volume: 1024, resource_id: 'node-1' });
const event = { message_id: 'm1', event_type: 'x.y', generated: '2026-11-23T19:00:00', traits: [], raw: {} };

function sinkContext(logger: Logger = silentLogger): { ctx: PluginContext; lines: string[] } {
  const lines: string[] = [];
  const sink: LineSink = {
    write(chunk, cb) {
      lines.push(...chunk.split('\n').filter(Boolean));
      setImmediate(() => cb());
      return true;
    },
  };
  const services = new MapServiceRegistry();
  services.set(LOG_PUBLISHER_STREAM_SERVICE, sink);
  return { ctx: { logger, services } as unknown as PluginContext, lines };
}

describe('LogPublisher', () => {
  it('writes ints beyond 2^53 read from the wire exactly', async () => {
    const { ctx, lines } = sinkContext();
    const p = new LogPublisher(ctx, 'log://');
    await p.publishSamples([{ ...sample, volume: 9007199254740993n, resource_metadata: { big: -18446744073709551617n, s: 'bigint:1' } }]);
    expect(lines[0]).toContain('"volume":9007199254740993,');
    expect(lines[0]).toContain('"resource_metadata":{"big":-18446744073709551617,"s":"bigint:1"}');
  });

  it('writes samples and events as JSON lines', async () => {
    const { ctx, lines } = sinkContext();
    const p = new LogPublisher(ctx, 'log://');
    const publishes = [p.publishSamples([sample, sample]), p.publishEvents([event])];
    await p.close();
    await Promise.all(publishes);
    expect(lines.map((l) => JSON.parse(l))).toEqual([sample, sample, event]);
  });

  it('stdout:// is the same publisher', async () => {
    const { ctx, lines } = sinkContext();
    const p = new LogPublisher(ctx, ['stdout://']);
    await p.publishSamples([sample]);
    expect(JSON.parse(lines[0]!)).toEqual(sample);
    expect(p.toLogger).toBe(false);
  });

  it('logs to the plugin logger with ?logger=1', async () => {
    const info = vi.fn();
    const logger = { ...silentLogger, info } as Logger;
    const { ctx, lines } = sinkContext(logger);
    const p = new LogPublisher(ctx, 'log://?logger=1');
    await p.publishSamples([sample]);
    await p.publishEvents([event]);
    expect(lines).toEqual([]);
    expect(info.mock.calls).toEqual([[{ sample }, 'sample'], [{ event }, 'event']]);
  });

  it('writes to process.stdout by default', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(((_c: unknown, cb?: () => void) => {
      cb?.();
      return true;
    }) as typeof process.stdout.write);
    const p = new LogPublisher({ logger: silentLogger, services: new MapServiceRegistry() } as unknown as PluginContext, 'log://');
    await p.publishSamples([sample]);
    await p.close();
    expect(write).toHaveBeenCalledWith(`${JSON.stringify(sample)}\n`, expect.any(Function));
    write.mockRestore();
  });

  it('is made by tsyringe from the manager invoke args', () => {
    const child = container.createChildContainer();
    child.register(PLUGIN_CONTEXT, { useValue: sinkContext().ctx });
    child.register(INVOKE_ARGS, { useValue: ['log://?logger=true'] });
    expect(child.resolve(LogPublisher).toLogger).toBe(true);
  });
});
