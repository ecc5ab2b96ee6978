/**
 * Failure isolation (issue 9) against a real RabbitMQ and real HTTP/TCP targets: two sinks (A: file +
 * a failing publisher, B: file), samples counted by sequence number. The healthy files hold every
 * sample exactly once; the failing publisher gets every sample once it recovers, or the drop count
 * says exactly how many it lost; stopping is bounded.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AmqpNotifier } from '@ceilometer-ts/messaging';
import type { NotificationAgent } from '@ceilometer-ts/pipeline';
import { makeSample, silentLogger, toMeterMessage } from '@ceilometer-ts/sdk';
import { startRabbitMQ, type RabbitMQService } from '@ceilometer-ts/test-services';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationAgent } from '../src/commands/agent-notification.js';
import { agentFiles, novaEventConverter, testRegistry, type AgentFiles } from './agent-notification-helpers.js';

const MESSAGES = 60;
const PER_MESSAGE = 5;
const TOTAL = MESSAGES * PER_MESSAGE;

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function message(m: number): ReturnType<typeof toMeterMessage>[] {
  return Array.from({ length: PER_MESSAGE }, (_, i) =>
    toMeterMessage(makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: m * PER_MESSAGE + i, resource_id: `seq-${m * PER_MESSAGE + i}`, user_id: 'u', project_id: 'p', timestamp: '2024-05-01T12:00:00.123456' }), 'secret'),
  );
}

/** resource_id -> times seen in a JSON-lines file. */
function counts(file: string): Map<string, number> {
  const out = new Map<string, number>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const id = (JSON.parse(line) as { resource_id: string }).resource_id;
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

/** Whether `chattr +i` works here (root, a file system with inode flags: ext4 /tmp); the read-only cases need it. */
const chattrWorks = ((): boolean => {
  const probe = join(tmpdir(), `ceilo-chattr-probe-${process.pid}`);
  writeFileSync(probe, '');
  const ok = spawnSync('chattr', ['+i', probe]).status === 0;
  spawnSync('chattr', ['-i', probe]);
  rmSync(probe, { force: true });
  return ok;
})();

/** Whether a tmpfs can be mounted here (root, not refused by the container); the full-disk case needs it. */
const tmpfsWorks = ((): boolean => {
  const probe = join(tmpdir(), `ceilo-tmpfs-probe-${process.pid}`);
  mkdirSync(probe, { recursive: true });
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', ['-l', probe]);
  rmSync(probe, { recursive: true, force: true });
  return ok;
})();

const exactlyOnce = (c: Map<string, number>): boolean => c.size === TOTAL && [...c.values()].every((n) => n === 1);

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('delivery isolation: a failing publisher never stalls, duplicates into or loses data of the others', () => {
  let broker: RabbitMQService;
  let files: AgentFiles | undefined;
  let agent: NotificationAgent | undefined;
  let notifier: AmqpNotifier | undefined;
  const servers: Array<{ close(): unknown }> = [];
  /** Obstacles and mounts to remove once the agent has stopped (it holds the files open). */
  const undo: Array<() => void> = [];

  beforeAll(async () => {
    broker = await startRabbitMQ();
  });
  afterAll(async () => {
    await broker?.stop();
  });
  afterEach(async () => {
    await agent?.stop(1000).catch(() => {});
    await notifier?.close().catch(() => {});
    for (const s of servers.splice(0)) s.close();
    for (const u of undo.splice(0).reverse()) u();
    files?.cleanup();
    agent = undefined;
    notifier = undefined;
    files = undefined;
  });

  /** `beforeStart` runs once the directory exists (mounts, obstacles), `beforeSend` once the agent has loaded its publishers. */
  async function run(failing: string, hooks: { beforeStart?: (dir: string) => void; beforeSend?: (dir: string) => void } = {}): Promise<AgentFiles> {
    const yaml = `sources:\n  - name: all\n    meters: ["*"]\n    sinks: [a, b]\nsinks:\n  - name: a\n    publishers:\n      - file://@DIR@/a.json?json\n      - "${failing}"\n  - name: b\n    publishers:\n      - file://@DIR@/b.json?json\n`;
    files = agentFiles(broker.url, yaml, ['batch_size = 10', 'batch_timeout = 1']);
    hooks.beforeStart?.(files.dir);
    agent = createNotificationAgent({ config: files.config, registry: testRegistry(), logger: silentLogger, loader: { loadEventConverter: async () => novaEventConverter } });
    await agent.start();
    hooks.beforeSend?.(files.dir);
    notifier = new AmqpNotifier({ url: broker.url, topics: [files.topic], exchange: 'ceilometer' });
    notifier.start();
    for (let m = 0; m < MESSAGES; m++) await notifier.sample('telemetry.polling', { samples: message(m) });
    return files;
  }

  async function stopWithin(ms: number): Promise<void> {
    const started = Date.now();
    await agent!.stop(1000);
    expect(Date.now() - started).toBeLessThan(ms);
  }

  it('HTTP 500s, then recovery: healthy files exactly once, the HTTP target every sample once it recovers', async () => {
    const received = new Map<string, number>();
    let failing = true;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (failing) {
          res.writeHead(500).end();
          return;
        }
        for (const s of JSON.parse(Buffer.concat(chunks).toString()) as Array<{ resource_id: string }>) received.set(s.resource_id, (received.get(s.resource_id) ?? 0) + 1);
        res.writeHead(200).end();
      });
    });
    servers.push(server);
    const port = await listen(server);
    const { dir } = await run(`http://127.0.0.1:${port}/?max_retries=0&timeout=1`);
    await until(() => exactlyOnce(counts(join(dir, 'a.json'))) && exactlyOnce(counts(join(dir, 'b.json'))));
    failing = false;
    await until(() => received.size === TOTAL);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    expect(agent!.stats()).toMatchObject({ requeued: 0 });
    expect(agent!.stats().delivery.find((d) => d.publisher.startsWith('http'))).toMatchObject({ dropped: 0, queuedBatches: 0 });
    await stopWithin(5000);
  });

  it('HTTP that hangs: healthy files exactly once, the drop count says what the hung target lost, stop is bounded', async () => {
    const server = createServer(() => {
      /* never answers */
    });
    // closeAllConnections() returns void: chained with && the listener itself was never closed.
    servers.push({ close: () => { server.closeAllConnections(); server.close(); } });
    const port = await listen(server);
    const { dir } = await run(`http://127.0.0.1:${port}/?max_retries=0&timeout=1&delivery_retry_timeout=2`);
    await until(() => exactlyOnce(counts(join(dir, 'a.json'))) && exactlyOnce(counts(join(dir, 'b.json'))));
    await stopWithin(6000);
    const http = agent!.stats().delivery.find((d) => d.publisher.startsWith('http'));
    expect(http).toMatchObject({ delivered: 0, dropped: TOTAL, queuedBatches: 0 });
  });

  it('TCP to a closed port: healthy files exactly once, every sample the TCP publisher lost is counted', async () => {
    const probe = createTcpServer();
    const port = await listen(probe);
    await new Promise<void>((r) => probe.close(() => r()));
    const { dir } = await run(`tcp://127.0.0.1:${port}?delivery_retry_timeout=1`);
    await until(() => exactlyOnce(counts(join(dir, 'a.json'))) && exactlyOnce(counts(join(dir, 'b.json'))));
    await stopWithin(6000);
    const tcp = agent!.stats().delivery.find((d) => d.publisher.startsWith('tcp'));
    expect(tcp).toMatchObject({ delivered: 0, dropped: TOTAL, queuedBatches: 0 });
    expect(agent!.stats()).toMatchObject({ requeued: 0 });
  });

  /** A collector that accepts connections and never reads from them. */
  async function silentCollector(): Promise<number> {
    const sockets: Array<{ destroy(): void }> = [];
    const server = createTcpServer({ pauseOnConnect: true }, (s) => void sockets.push(s.on('error', () => undefined)));
    servers.push({ close: () => { for (const s of sockets) s.destroy(); server.close(); } });
    return listen(server);
  }

  async function closedPort(): Promise<number> {
    const probe = createTcpServer();
    const port = await listen(probe);
    await new Promise<void>((r) => probe.close(() => r()));
    return port;
  }

  const stat = (prefix: string) => agent!.stats().delivery.find((d) => d.publisher.startsWith(prefix));
  const healthyDone = (dir: string) => (): boolean => exactlyOnce(counts(join(dir, 'a.json'))) && exactlyOnce(counts(join(dir, 'b.json')));

  it('TCP collector that accepts and never reads: healthy files exactly once, every sample accounted for, stop is bounded', async () => {
    const port = await silentCollector();
    const { dir } = await run(`tcp://127.0.0.1:${port}?write_timeout=1&close_timeout=1&delivery_retry_timeout=1`);
    await until(healthyDone(dir));
    await until(() => (stat('tcp')?.queuedBatches ?? 1) === 0);
    await stopWithin(6000);
    const tcp = stat('tcp')!;
    // the kernel's buffers may take all of it; whatever they did not take is counted as dropped
    expect(tcp.delivered + tcp.dropped).toBe(TOTAL);
    expect(agent!.stats()).toMatchObject({ requeued: 0 });
  });

  it('Pushgateway down: healthy files exactly once, the drop count is every sample, stop is bounded', async () => {
    const port = await closedPort();
    const { dir } = await run(`prometheus://127.0.0.1:${port}/metrics/job/isolation?timeout=1&max_retries=0&delivery_retry_timeout=1`);
    await until(healthyDone(dir));
    await stopWithin(6000);
    expect(stat('prometheus')).toMatchObject({ delivered: 0, dropped: TOTAL, queuedBatches: 0 });
    expect(agent!.stats()).toMatchObject({ requeued: 0 });
  });

  it.skipIf(!chattrWorks)('read-only (immutable) file: healthy files exactly once, the file publisher gets every sample once it is writable', async () => {
    // chmod 0555 does not stop root: `chattr +i` does (writes through the open descriptor fail with EPERM)
    const { dir } = await run('file://@DIR@/c.json?json', {
      beforeSend: (d) => {
        execFileSync('chattr', ['+i', join(d, 'c.json')]);
        undo.push(() => spawnSync('chattr', ['-i', join(d, 'c.json')]));
      },
    });
    await until(healthyDone(dir));
    expect(counts(join(dir, 'c.json')).size).toBe(0);
    expect(stat('file://' + join(dir, 'c.json'))).toMatchObject({ failing: true, dropped: 0 });
    execFileSync('chattr', ['-i', join(dir, 'c.json')]);
    await until(() => exactlyOnce(counts(join(dir, 'c.json'))) && stat('file://' + join(dir, 'c.json'))?.queuedBatches === 0, 30_000);
    expect(stat('file://' + join(dir, 'c.json'))).toMatchObject({ delivered: TOTAL, dropped: 0, queuedBatches: 0 });
    await stopWithin(5000);
  });

  it.skipIf(!tmpfsWorks)('full disk (256 KiB tmpfs): healthy files exactly once, no partial line, every sample once the space is back', async () => {
    const mountpoint = join(tmpdir(), `ceilo-isolation-full-${process.pid}`);
    const file = join(mountpoint, 'c.json');
    const { dir } = await run(`file://${file}?json`, {
      beforeStart: () => {
        mkdirSync(mountpoint, { recursive: true });
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountpoint]);
        undo.push(() => {
          spawnSync('umount', ['-l', mountpoint]);
          rmSync(mountpoint, { recursive: true, force: true });
        });
      },
      beforeSend: () => writeFileSync(join(mountpoint, 'filler'), Buffer.alloc(236 * 1024)),
    });
    await until(healthyDone(dir));
    await until(() => (stat('file://' + file)?.failedAttempts ?? 0) > 0);
    const partial = readFileSync(file, 'utf8');
    expect(partial === '' || partial.endsWith('\n')).toBe(true); // whole records only
    expect(counts(file).size).toBeLessThan(TOTAL);
    rmSync(join(mountpoint, 'filler'));
    await until(() => exactlyOnce(counts(file)) && stat('file://' + file)?.queuedBatches === 0, 30_000);
    expect(stat('file://' + file)).toMatchObject({ delivered: TOTAL, dropped: 0, queuedBatches: 0 });
    await stopWithin(5000);
  });

  it('failed rotation (a directory where the backup goes): healthy files exactly once, the rotating file keeps every sample', async () => {
    const { dir } = await run('file://@DIR@/c.json?json&max_bytes=20000&backup_count=1', {
      beforeStart: (d) => {
        mkdirSync(join(d, 'c.json.1'));
        writeFileSync(join(d, 'c.json.1', 'keep'), 'x');
      },
    });
    await until(healthyDone(dir));
    await until(() => exactlyOnce(counts(join(dir, 'c.json'))) && stat('file://' + join(dir, 'c.json'))?.queuedBatches === 0);
    expect(stat('file://' + join(dir, 'c.json'))).toMatchObject({ delivered: TOTAL, dropped: 0, queuedBatches: 0 });
    await stopWithin(5000);
  });
});
