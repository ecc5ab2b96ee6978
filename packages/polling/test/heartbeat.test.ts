import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@ceilometer-ts/sdk';
import { heartbeatSocketPath, HeartbeatServer } from '../src/index.js';

const read = (path: string) =>
  new Promise<string>((resolve, reject) => {
    let text = '';
    connect(path)
      .on('data', (c) => (text += c.toString()))
      .on('end', () => resolve(text))
      .on('error', reject);
  });

describe('heartbeat', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ceilo-hb-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the socket after the sorted namespaces', () => {
    expect(heartbeatSocketPath('/run/c', ['compute', 'central'])).toBe('/run/c/ceilometer-central-compute.socket');
  });

  it('reports the last poll time of each pollster, one per line', async () => {
    const hb = new HeartbeatServer(dir, ['central'], silentLogger);
    await hb.start();
    try {
      expect(await read(hb.path)).toBe('');
      hb.pollsterPolled('cpu', '2026-11-23T19:00:00.000001');
      hb.pollsterPolled('memory.usage', '2026-11-23T19:00:01.000002');
      hb.pollsterPolled('cpu', '2026-11-23T19:01:00.000003');
      expect(await read(hb.path)).toBe('cpu 2026-11-23T19:01:00.000003\nmemory.usage 2026-11-23T19:00:01.000002');
    } finally {
      await hb.stop();
    }
    expect(existsSync(hb.path)).toBe(false);
  });
});
