import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { isPortOpen, startRedis, type RedisService } from '../src/index.js';

/** One inline RESP command (PING, AUTH x) and its first reply line. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let data = '';
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString();
      if (data.includes('\r\n')) {
        socket.destroy();
        resolve(data.split('\r\n')[0] ?? '');
      }
    });
    socket.write(`${line}\r\n`);
  });
}

describe('startRedis', () => {
  const started: RedisService[] = [];
  afterAll(async () => {
    for (const r of started) await r.stop();
  });

  it('starts a private server, restarts it on the same port, and stops it', async () => {
    const redis = await startRedis();
    started.push(redis);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}/0`);
    expect(await command(redis.port, 'PING')).toBe('+PONG');
    await redis.down();
    expect(await isPortOpen(redis.port)).toBe(false);
    await redis.up();
    expect(await command(redis.port, 'PING')).toBe('+PONG');
    await redis.restart({ downMs: 100 });
    expect(await command(redis.port, 'PING')).toBe('+PONG');
    await redis.stop();
    expect(await isPortOpen(redis.port)).toBe(false);
  });

  it('requires the password it was given, and the URL carries it', async () => {
    const redis = await startRedis({ password: 'pa@ss' });
    started.push(redis);
    expect(redis.url).toBe(`redis://:pa@ss@127.0.0.1:${redis.port}/0`);
    expect(await command(redis.port, 'PING')).toMatch(/^-NOAUTH/);
    expect(await command(redis.port, 'AUTH pa@ss')).toBe('+OK');
  });
});
