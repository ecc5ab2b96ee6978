/**
 * Issue 9: UDP never blocks. Against targets that cannot receive (a closed loopback port, a name
 * that does not resolve, datagrams too large to send) every call resolves within publish_timeout,
 * says once per call what it dropped and why, naming the publisher, and close() returns.
 */
import { describe, expect, it } from 'vitest';
import { makeSample, type Sample } from '@ceilometer-ts/sdk';
import { closedPort, pluginContext, recordingLogger, timed } from '@ceilometer-ts/publisher-common/testing';
import { UDPPublisher } from '../src/index.js';

const samples = (n: number, pad = 10): Sample[] =>
  Array.from({ length: n }, (_, i) => makeSample({ name: 'cpu', type: 'gauge', unit: '%', volume: i, resource_id: `r-${i}`, resource_metadata: { pad: 'x'.repeat(pad) } }));

describe('UDPPublisher to targets that cannot receive', () => {
  it('sends 20,000 samples to a closed port without blocking or failing', async () => {
    const port = await closedPort();
    const p = new UDPPublisher(pluginContext(recordingLogger()), `udp://127.0.0.1:${port}`);
    const { ms, error } = await timed(p.publishSamples(samples(20_000)));
    expect(error).toBeUndefined();
    // Generous bound for a loaded 2-core CI machine (2.4 s seen there, 0.3 s idle): what it proves is
    // that no datagram waits on the closed port (20,000 x even 1 ms of waiting would be 20 s).
    expect(ms).toBeLessThan(8_000);
    expect((await timed(p.close())).ms).toBeLessThan(3_000);
  });

  it('drops datagrams too large to send with one warning per call naming the publisher', async () => {
    const port = await closedPort();
    const logger = recordingLogger();
    const p = new UDPPublisher(pluginContext(logger), `udp://127.0.0.1:${port}`);
    await expect(p.publishSamples(samples(50, 70_000))).resolves.toBeUndefined();
    await p.close();
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]![0]).toMatchObject({ publisher: `udp://127.0.0.1:${port}`, dropped: 50, of: 50, err: expect.stringContaining('EMSGSIZE') });
    expect(p.dropped).toBe(50);
  });

  it('drops what an unresolvable name cannot take, says so once per call, and does not look it up again at once', async () => {
    const logger = recordingLogger();
    const p = new UDPPublisher(pluginContext(logger), 'udp://no-such-host.invalid:4952?connect_timeout=0.5&publish_timeout=1');
    const first = await timed(p.publishSamples(samples(3)));
    const second = await timed(p.publishSamples(samples(2)));
    expect(first.error).toBeUndefined();
    expect(first.ms).toBeLessThan(1_500);
    expect(second.ms).toBeLessThan(50); // the failed lookup is remembered for 10 s
    expect(logger.lines.map((l) => l[0])).toMatchObject([
      { publisher: 'udp://no-such-host.invalid:4952?connect_timeout=0.5&publish_timeout=1', kind: 'dns', dropped: 3 },
      { kind: 'dns', dropped: 2, droppedTotal: 5 },
    ]);
    expect(String(logger.lines[0]![1])).toContain('udp publisher %s: %s: %d of %d sample(s) dropped');
    expect((await timed(p.close())).ms).toBeLessThan(1_500);
  });
});
