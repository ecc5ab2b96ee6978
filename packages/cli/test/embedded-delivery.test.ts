/**
 * Embedded mode (issue 9): a hung HTTP publisher must not stall polling. The polling agent's
 * PipelineSink hands batches to the pipeline and returns; the hung publisher's delivery queue holds
 * (and, past its retry timeout, drops and counts) its batches while the file publisher gets
 * everything once, and closing is bounded.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryPublisherFactory, SamplePipelineManager } from '@ceilometer-ts/pipeline';
import { PipelineSink } from '@ceilometer-ts/polling';
import { makeSample, MapServiceRegistry, silentLogger } from '@ceilometer-ts/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { agentFiles, testRegistry } from './agent-notification-helpers.js';

describe('embedded pipeline with a hung HTTP publisher', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  it('publish() returns at once every cycle; the file gets every sample once; close is bounded', async () => {
    const server = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => {
      server.closeAllConnections();
      server.close();
    });
    const port = (server.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'ceilo-embedded-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const pipelineFile = join(dir, 'pipeline.yaml');
    writeFileSync(
      pipelineFile,
      `sources:\n  - name: all\n    meters: ["*"]\n    sinks: [a]\nsinks:\n  - name: a\n    publishers:\n      - file://${dir}/out.json?json\n      - "http://127.0.0.1:${port}/?timeout=5&max_retries=0&delivery_retry_timeout=1"\n`,
    );
    const files = agentFiles('rabbit://unused', 'sources: []\nsinks: []\n');
    cleanups.push(() => files.cleanup());
    const pipeline = await SamplePipelineManager.fromFile(pipelineFile, {
      publisherFactory: new RegistryPublisherFactory({ kind: 'sample', registry: testRegistry(), context: { config: files.config, logger: silentLogger, services: new MapServiceRegistry() }, logger: silentLogger }),
      logger: silentLogger,
    });
    const sink = new PipelineSink(pipeline, silentLogger, { closeTimeoutMs: 500 });
    // 20 "cycles" of 10 samples: each hand-over must be immediate although the HTTP target hangs.
    const slowest: number[] = [];
    for (let cycle = 0; cycle < 20; cycle++) {
      const samples = Array.from({ length: 10 }, (_, i) => makeSample({ name: 'cpu', type: 'gauge', unit: '%', volume: cycle * 10 + i, resource_id: `seq-${cycle * 10 + i}` }));
      const started = Date.now();
      await sink.publish(samples);
      slowest.push(Date.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(Math.max(...slowest)).toBeLessThan(100);
    expect(sink.queueDepth()).toBeGreaterThan(0);
    const started = Date.now();
    await sink.close();
    expect(Date.now() - started).toBeLessThan(3000);
    const ids = readFileSync(join(dir, 'out.json'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { resource_id: string }).resource_id);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    const http = sink.deliveryStats().find((s) => s.publisher.startsWith('http'));
    expect(http).toMatchObject({ delivered: 0, dropped: 200, queuedBatches: 0 });
  });
});
