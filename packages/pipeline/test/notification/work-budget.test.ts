import { makeSample, type ResourceMetadata } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { exceedsWorkBudget, MeterDefinitions, processBatch, emptyProcessStats, MeterNotificationEndpoint, DEFAULT_WORK_BUDGET, type Processing } from '../../src/index.js';
import { silentLogger } from '@ceilometer-ts/sdk';
import { magnumMessage } from '../helpers/magnum.js';
import { METERS_DIR, traitPlugins } from '../meter/definitions-helpers.js';
import { FakeSamplePublisher } from './helpers.js';

const withMetadata = (n: number, metadata: (i: number) => ResourceMetadata) =>
  Array.from({ length: n }, (_, i) => makeSample({ name: 'm', type: 'gauge', unit: 'u', volume: i, resource_id: 'r', resource_metadata: metadata(i) }));

describe('exceedsWorkBudget', () => {
  it('counts samples', () => {
    expect(exceedsWorkBudget(withMetadata(3, () => ({})), { maxSamples: 3, maxMetadataBytes: 0 })).toBeUndefined();
    expect(exceedsWorkBudget(withMetadata(4, () => ({})), { maxSamples: 3, maxMetadataBytes: 0 })).toMatch(/^4 samples exceed \[notification\] max_samples_per_notification \(3\)/);
  });

  it('charges shared metadata to every sample carrying it, but walks it once', () => {
    const shared = { list: Array.from({ length: 1000 }, (_, i) => `item-${i}`) }; // ~10 KB
    const samples = withMetadata(100, (i) => ({ ...shared, i }));
    expect(exceedsWorkBudget(samples, { maxSamples: 0, maxMetadataBytes: 2_000_000 })).toBeUndefined();
    expect(exceedsWorkBudget(samples, { maxSamples: 0, maxMetadataBytes: 500_000 })).toMatch(/max_metadata_bytes_per_notification \(500000 bytes\)/);
  });

  it('skips the walk when samples x twice the message size fit (metadata comes from the message)', () => {
    const shared = { list: Array.from({ length: 1000 }, (_, i) => `item-${i}`) };
    const samples = withMetadata(100, (i) => ({ ...shared, i }));
    expect(exceedsWorkBudget(samples, { maxSamples: 0, maxMetadataBytes: 500_000 }, 12_000)).toBeDefined(); // 100 x 25 KB > budget: walked
    expect(exceedsWorkBudget(samples, { maxSamples: 0, maxMetadataBytes: 500_000 }, 100)).toBeUndefined(); // trusted small message
  });

  it('estimates JSON sizes closely', () => {
    const metadata = { a: 'text', b: [1, 2.5, true, null], c: { d: 'é' } };
    const [sample] = withMetadata(1, () => metadata);
    const exact = JSON.stringify(metadata).length;
    expect(exceedsWorkBudget([sample!], { maxSamples: 0, maxMetadataBytes: exact * 2 })).toBeUndefined();
    expect(exceedsWorkBudget([sample!], { maxSamples: 0, maxMetadataBytes: Math.floor(exact / 2) })).toBeDefined();
  });

  it('makes the 10,000-metric magnum notification poison by default (5.7 GB of metadata), nothing published', async () => {
    const publisher = new FakeSamplePublisher();
    const processing: Processing = { samples: { endpoints: [new MeterNotificationEndpoint(MeterDefinitions.loadFromDirs([METERS_DIR], { traitPlugins }))], publisher } };
    const small = magnumMessage(10);
    const stats = emptyProcessStats();
    const started = performance.now();
    const result = await processBatch([{ message: small, context: {} }, { message: magnumMessage(10_000), context: {} }], processing, { ackOnEventError: true, logger: silentLogger, stats, budget: DEFAULT_WORK_BUDGET });
    expect(result[0]).toBe('handled');
    expect(result[1]).toEqual({ poison: expect.stringMatching(/max_metadata_bytes_per_notification/) });
    expect(publisher.calls.map((c) => c.length)).toEqual([10]);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
