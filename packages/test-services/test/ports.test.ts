import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { findFreePort, isPortOpen, parseKeyValueLines, serviceScriptsDir, waitForPort } from '@ceilometer-ts/test-services';
import { existsSync } from 'node:fs';

describe('test-services helpers', () => {
  it('parses KEY=VALUE lines and finds the scripts', () => {
    expect(parseKeyValueLines('RABBIT_URL=rabbit://g:g@127.0.0.1:5674/\nnoise\nA_B=x=y\n')).toEqual({ RABBIT_URL: 'rabbit://g:g@127.0.0.1:5674/', A_B: 'x=y' });
    expect(existsSync(`${serviceScriptsDir()}/start-rabbitmq.sh`)).toBe(true);
  });

  it('waitForPort resolves once a listener appears and rejects on timeout', async () => {
    const port = await findFreePort();
    expect(await isPortOpen(port)).toBe(false);
    await expect(waitForPort(port, '127.0.0.1', 200, 50)).rejects.toThrow(/did not accept/);
    const server = createServer().listen(port, '127.0.0.1');
    await waitForPort(port, '127.0.0.1', 5000, 20);
    server.close();
  });
});
