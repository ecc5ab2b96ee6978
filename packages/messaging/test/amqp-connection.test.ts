/**
 * The reconnect loop without a broker: what it logs while a broker is away (one line per backoff
 * step, a warning that says it waits, passwords hidden), and close() ending a connection attempt to
 * a silent host at once instead of after the connect timeout.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { findFreePort } from '@ceilometer-ts/test-services';
import { afterEach, describe, expect, it } from 'vitest';
import { AmqpConnection, classifyConnectFailure } from '../src/index.js';
import { recordingLogger } from './recording-logger.js';

const fast = { initialDelayMs: 40, multiplier: 2, maxDelayMs: 160, jitter: 0 };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('AmqpConnection while the broker is away', () => {
  const open: AmqpConnection[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    for (const s of servers.splice(0)) s.close();
  });

  it('says it is waiting for the broker, with the delay, once per backoff step and at warn level', async () => {
    const port = await findFreePort();
    const logger = recordingLogger();
    const connection = new AmqpConnection({ url: `rabbit://ceilometer:s3cret@127.0.0.1:${port}/`, reconnect: fast, logger });
    open.push(connection);
    connection.start();
    await sleep(700);
    const waiting = logger.entries.filter((e) => e.msg.startsWith('waiting for broker'));
    // 40 + 80 + 160 + 160 ... ms: a handful of lines, never one per event-loop turn
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    expect(waiting.length).toBeLessThanOrEqual(8);
    expect(waiting.every((e) => e.level === 'warn')).toBe(true);
    expect(waiting[0]!.msg).toMatch(new RegExp(`^waiting for broker rabbit://ceilometer:\\*\\*\\*@127\\.0\\.0\\.1:${port}/ \\(the broker is not reachable: .*ECONNREFUSED.*\\); retrying in 0\\.04 s$`));
    expect(waiting[1]!.msg).toMatch(/retrying in 0\.08 s$/);
    expect(JSON.stringify(logger.entries)).not.toContain('s3cret');
    expect(logger.lines('error')).toEqual([]);
    expect(connection.lastFailure?.kind).toBe('unreachable');
  });

  it('tries every host of the URL before waiting, and logs the round as one line', async () => {
    const [a, b] = [await findFreePort(), await findFreePort()];
    const logger = recordingLogger();
    const connection = new AmqpConnection({ url: `rabbit://u:p@127.0.0.1:${a},u:p@127.0.0.1:${b}/`, reconnect: { ...fast, initialDelayMs: 200, maxDelayMs: 200 }, logger });
    open.push(connection);
    connection.start();
    await sleep(150);
    const waiting = logger.entries.filter((e) => e.msg.startsWith('waiting for broker'));
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.fields['errors']).toHaveLength(2);
  });

  it('close() ends a connection attempt to a host that accepts and never answers, without waiting for the connect timeout', async () => {
    const sockets: Socket[] = [];
    const closedAt: number[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.resume(); // read (and ignore) the AMQP header, so 'close' can fire
      socket.on('close', () => closedAt.push(Date.now()));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const connection = new AmqpConnection({ url: `rabbit://guest:guest@127.0.0.1:${port}/`, connectTimeoutMs: 10_000 });
    connection.start();
    const deadline = Date.now() + 5000;
    while (sockets.length === 0 && Date.now() < deadline) await sleep(10);
    expect(sockets).toHaveLength(1);
    const closing = Date.now();
    await connection.close();
    while (closedAt.length === 0 && Date.now() < closing + 5000) await sleep(10);
    expect(closedAt[0]! - closing).toBeLessThan(1000);
  });
});

describe('AmqpConnection.expedite', () => {
  const open: AmqpConnection[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });

  it('cuts a long backoff wait short and retries every interval until the deadline, quietly, then backs off again', async () => {
    const port = await findFreePort();
    const logger = recordingLogger();
    const connection = new AmqpConnection({ url: `rabbit://u:p@127.0.0.1:${port}/`, reconnect: { initialDelayMs: 60_000, multiplier: 1, maxDelayMs: 60_000, jitter: 0 }, logger });
    open.push(connection);
    connection.start();
    while (!logger.entries.some((e) => e.msg.startsWith('waiting for broker'))) await sleep(10);
    // the first failure waits 60 s; a closing notifier needs the broker within the next second
    const started = Date.now();
    connection.expedite(started + 1000, 100);
    expect(connection.expedited).toBe(true);
    await sleep(1400);
    const quick = logger.entries.filter((e) => e.msg.startsWith('broker still unreachable while stopping'));
    // about one round per 100 ms inside the 1 s window, none before it nor after
    expect(quick.length).toBeGreaterThanOrEqual(5);
    expect(quick.length).toBeLessThanOrEqual(11);
    expect(quick.every((e) => e.level === 'debug' && e.at - started <= 1050)).toBe(true);
    expect(quick.every((e) => Number(e.fields['retryInMs']) <= 100)).toBe(true);
    expect(connection.expedited).toBe(false);
    // the first round after the window backs off as before, with its usual warning
    const waiting = logger.entries.filter((e) => e.msg.startsWith('waiting for broker'));
    expect(waiting).toHaveLength(2);
    expect(waiting[1]!.msg).toMatch(/retrying in 60 s$/);
  });
});

describe('classifyConnectFailure', () => {
  it('tells a refused login, a refused vhost, an unreachable broker and a timeout apart', () => {
    const auth = new Error('Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile."');
    expect(classifyConnectFailure(auth).kind).toBe('auth');
    expect(classifyConnectFailure(new Error('Handshake terminated by server: 530 (NOT-ALLOWED) with message "NOT_ALLOWED - vhost nope not found"')).kind).toBe('vhost');
    expect(classifyConnectFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })).kind).toBe('unreachable');
    expect(classifyConnectFailure(new Error('connect ETIMEDOUT')).kind).toBe('timeout');
    expect(classifyConnectFailure('weird').kind).toBe('other');
  });
});
