import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { container, INVOKE_ARGS, MapServiceRegistry, PLUGIN_CONTEXT, PyFloat, silentLogger, TraitType, type Event, type Logger, type PluginContext, type Sample } from '@ceilometer-ts/sdk';
import { open } from 'node:fs/promises';
import { CHUNK_BYTES, FilePublisher, FilePublisherOpenError } from '../src/index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

// The same records the fixtures were written from by upstream's FilePublisher (Python 3.11).
const samples: Sample[] = [
  { name: 'hardware.cpu.load.1min', type: 'gauge', unit: 'process', volume: 0.22, user_id: null, project_id: null,
    resource_id: 'node-1', timestamp: '2026-11-23T19:00:00.000000+00:00', resource_metadata: { resource_url: 'local://localhost' },
    source: 'openstack', id: '8a3f6c1e-0000-4000-8000-000000000001', monotonic_time: null },
  { name: 'weird', type: 'cumulative', unit: 'B', volume: 123456789012345, user_id: 'u', project_id: "it's",
    resource_id: 'r "q"\\x', timestamp: '2026-11-23T19:00:00.000000+00:00',
    resource_metadata: { nested: { list: [1, 2.5, true, null, 1e-5, new PyFloat(1.5e16), 'caf\u00e9 \u2603 \u{1F600}'], tab: 'a\tb\n' } },
    source: 'src', id: '8a3f6c1e-0000-4000-8000-000000000002', monotonic_time: 12.75 },
];
const events: Event[] = [{
  message_id: 'm-1', event_type: 'compute.instance.create.end', generated: '2026-11-23T19:00:00.000000',
  traits: [{ name: 'service', dtype: TraitType.text, value: 'compute' }, { name: 'memory_mb', dtype: TraitType.int, value: 512 },
    { name: 'f', dtype: TraitType.float, value: 0.5 }],
  raw: {},
}];

function recordingLogger(): Logger & { errors: unknown[][] } {
  const errors: unknown[][] = [];
  const logger = { ...silentLogger, errors, error: (...args: unknown[]) => void errors.push(args), child: () => logger };
  return logger as Logger & { errors: unknown[][] };
}
const context = (logger: Logger = silentLogger): PluginContext => ({ logger, services: new MapServiceRegistry() }) as unknown as PluginContext;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'publisher-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FilePublisher output', () => {
  it('writes what upstream writes by default (repr of the dict)', async () => {
    const path = join(dir, 'out.log');
    const p = new FilePublisher(context(), `file://${path}`);
    await p.publishSamples(samples);
    await p.publishEvents(events);
    await p.close();
    expect(readFileSync(path, 'utf8')).toBe(fixture('python-repr.log'));
  });

  it('writes what upstream writes with ?json', async () => {
    const path = join(dir, 'out.json');
    const p = new FilePublisher(context(), [`file://${path}?json`]);
    await p.publishSamples(samples);
    await p.publishEvents(events);
    await p.close();
    expect(readFileSync(path, 'utf8')).toBe(fixture('python-json.log'));
  });

  it('keeps call order across unawaited publishes and flushes on close', async () => {
    const path = join(dir, 'order.log');
    const p = new FilePublisher(context(), `file://${path}?json`);
    const publishes: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) publishes.push(p.publishSamples([{ ...samples[0]!, volume: i }]));
    await p.close();
    await Promise.all(publishes);
    const volumes = readFileSync(path, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as Sample).volume);
    expect(volumes).toEqual([...Array(50).keys()]);
  });

  it('streams a large publish: samples sharing a big payload are written in bounded chunks, never as one string', async () => {
    // issue 8: 10,000 samples each carrying a 568 KB payload are 5.7 GB of lines; here 200 x ~100 KB
    const metrics = Array.from({ length: 2000 }, (_, i) => ({ name: `bay.metric.${i}`, value: i + 0.5, unit: '%' }));
    const many: Sample[] = Array.from({ length: 200 }, (_, i) => ({ ...samples[0]!, resource_id: `r-${i}`, resource_metadata: { metrics, i } }));
    const path = join(dir, 'big.json');
    const handle = await open(path, 'a');
    const proto = Object.getPrototypeOf(handle) as { write: (...args: unknown[]) => Promise<unknown> };
    await handle.close();
    const sizes: number[] = [];
    const original = proto.write;
    const spy = vi.spyOn(proto, 'write').mockImplementation(function (this: unknown, ...args: unknown[]) {
      sizes.push((args[0] as Buffer).length);
      return original.apply(this, args);
    });
    try {
      const p = new FilePublisher(context(), `file://${path}?json`);
      await p.publishSamples(many);
      await p.close();
    } finally {
      spy.mockRestore();
    }
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(200);
    expect((JSON.parse(lines[199]!) as Sample).resource_metadata).toMatchObject({ i: 199 });
    const record = Buffer.byteLength(lines[0]!) + 1;
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(200 * record - 1000);
    expect(Math.max(...sizes)).toBeLessThan(CHUNK_BYTES + record + 1000);
  });

  it('formats a value the batch shares once, with the same output', async () => {
    const shared = { metrics: Array.from({ length: 100 }, (_, i) => ({ name: `m-${i}`, value: i + 1.5 })), note: 'caf\u00e9' };
    const batch: Sample[] = Array.from({ length: 3 }, (_, i) => ({ ...samples[0]!, resource_id: `r-${i}`, resource_metadata: { ...shared, i } }));
    for (const query of ['', '?json']) {
      const path = join(dir, `shared${query ? '.json' : '.log'}`);
      const p = new FilePublisher(context(), `file://${path}${query}`);
      await p.publishSamples(batch);
      await p.close();
      const unshared = new FilePublisher(context(), `file://${path}.ref${query}`);
      for (const s of batch) await unshared.publishSamples([structuredClone(s)]);
      await unshared.close();
      expect(readFileSync(path, 'utf8')).toBe(readFileSync(`${path}.ref`, 'utf8'));
    }
  });

  it('creates the file at construction, as Python opens it', async () => {
    const path = join(dir, 'empty.log');
    await new FilePublisher(context(), `file://${path}`).close();
    expect(readFileSync(path, 'utf8')).toBe('');
  });
});

describe('FilePublisher rotation', () => {
  it('rotates like RotatingFileHandler', async () => {
    const path = join(dir, 'rot.log');
    const p = new FilePublisher(context(), `file://${path}?max_bytes=400&backup_count=2&json`);
    for (let i = 0; i < 7; i++) await p.publishSamples([samples[0]!]); // ~330 bytes a line
    await p.close();
    expect(readdirSync(dir).sort()).toEqual(['rot.log', 'rot.log.1', 'rot.log.2']);
    for (const f of ['rot.log', 'rot.log.1', 'rot.log.2']) expect(readFileSync(join(dir, f), 'utf8').split('\n')).toHaveLength(2);
  });

  it('rotates inside one batch and never rotates an empty file', async () => {
    const path = join(dir, 'batch.log');
    const p = new FilePublisher(context(), `file://${path}?max_bytes=10&backup_count=3`);
    await p.publishSamples([samples[0]!, samples[0]!, samples[0]!]);
    await p.close();
    expect(readdirSync(dir).sort()).toEqual(['batch.log', 'batch.log.1', 'batch.log.2']);
  });

  it('does not rotate when only one of max_bytes and backup_count is given', async () => {
    const path = join(dir, 'one.log');
    const p = new FilePublisher(context(), `file://${path}?max_bytes=10`);
    await p.publishSamples([samples[0]!, samples[0]!]);
    await p.close();
    expect(readdirSync(dir)).toEqual(['one.log']);
  });

  it('appends to an existing file', async () => {
    const path = join(dir, 'existing.log');
    writeFileSync(path, 'old\n');
    const p = new FilePublisher(context(), `file://${path}`);
    await p.publishSamples([samples[0]!]);
    await p.close();
    expect(readFileSync(path, 'utf8').startsWith('old\n{')).toBe(true);
  });
});

describe('FilePublisher configuration', () => {
  it('logs an error and drops everything without a path', async () => {
    const logger = recordingLogger();
    const p = new FilePublisher(context(logger), 'file://');
    expect(p.enabled).toBe(false);
    expect(logger.errors).toEqual([['The path for the file publisher is required']]);
    await p.publishSamples(samples);
    await p.close();
  });

  it('logs an error and disables itself when max_bytes is not a number', () => {
    const logger = recordingLogger();
    const p = new FilePublisher(context(logger), `file://${join(dir, 'x.log')}?max_bytes=ten&backup_count=1`);
    expect(p.enabled).toBe(false);
    expect(logger.errors).toEqual([['max_bytes and backup_count should be numbers.']]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails to load when the file cannot be opened', () => {
    const err = (() => {
      try {
        new FilePublisher(context(), `file://${join(dir, 'missing', 'x.log')}`);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(FilePublisherOpenError);
    expect((err as FilePublisherOpenError).code).toBe('CEILO_ERR_PUBLISHER_FILE_OPEN');
  });

  it('rejects a call it cannot write (the delivery queue retries it); see file-publisher-failures.test.ts', async () => {
    const path = join(dir, 'w.log');
    const p = new FilePublisher(context(), `file://${path}?max_bytes=10&backup_count=1`);
    await p.publishSamples([samples[0]!]);
    rmSync(dir, { recursive: true }); // the rollover's reopen fails
    await expect(p.publishSamples([samples[0]!])).rejects.toMatchObject({ code: 'CEILO_ERR_PUBLISHER_FILE_WRITE' });
    await p.close();
  });

  it('is made by tsyringe from the manager invoke args', async () => {
    const path = join(dir, 'di.log');
    const child = container.createChildContainer();
    child.register(PLUGIN_CONTEXT, { useValue: context() });
    child.register(INVOKE_ARGS, { useValue: [{ url: `file://${path}?json`, parsed: new URL(`file://${path}?json`) }] });
    const p = child.resolve(FilePublisher);
    expect(p.settings).toEqual({ path, json: true, maxBytes: 0, backupCount: 0 });
    await p.close();
    vi.restoreAllMocks();
  });
});
