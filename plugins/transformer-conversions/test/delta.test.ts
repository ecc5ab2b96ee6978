import { describe, expect, it } from 'vitest';
import { DeltaTransformer } from '../src/index.js';
import { at, recordingLogger, sample } from './helpers.js';

function run(growthOnly: boolean, timestamps: readonly number[]) {
  const logger = recordingLogger();
  const t = new DeltaTransformer([{ target: { name: 'new_meter' }, growth_only: growthOnly }], { logger });
  const input = [
    sample({ volume: 26, timestamp: at(timestamps[0] as number), resource_metadata: { version: '1.0' } }),
    sample({ volume: 16, timestamp: at(timestamps[1] as number), resource_metadata: { version: '2.0' } }),
    sample({ volume: 53, timestamp: at(timestamps[2] as number), user_id: 'test_user_bis', resource_metadata: { version: '1.0' } }),
  ];
  return { out: input.map((s) => t.handleSample(s)).filter((s) => s !== null), logger };
}

describe('delta (rocky cases)', () => {
  it('emits deltas, negative ones included', () => {
    const { out } = run(false, [0, 1, 2]);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ name: 'new_meter', type: 'delta', unit: 'ns', volume: -10, resource_metadata: { version: '2.0' } });
    expect(out[1]).toMatchObject({ name: 'new_meter', type: 'delta', unit: 'ns', volume: 37, resource_metadata: { version: '1.0' } });
  });

  it('reads every timestamp upstream parse_isotime reads (regression: basic format and hour-only offsets were dropped)', () => {
    const t = new DeltaTransformer([{ target: { name: 'new_meter' } }], { logger: recordingLogger() });
    expect(t.handleSample(sample({ volume: 26, timestamp: '20151029T141215Z' }))).toBeNull();
    expect(t.handleSample(sample({ volume: 36, timestamp: '2015-10-29T16:12:16+02' }))).toMatchObject({ volume: 10 });
    // and refuses what upstream refuses (space before the offset)
    expect(t.handleSample(sample({ volume: 46, timestamp: '2015-10-29 14:12:17 +00:00' }))).toBeNull();
  });

  it('drops out-of-order samples', () => {
    const { out, logger } = run(false, [0, -300, 1]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ volume: 27, resource_metadata: { version: '1.0' } });
    expect(logger.warnings).toContain('Dropping out of time order sample: %s for %s @ %s');
  });

  it('drops negative deltas with growth_only', () => {
    const { out, logger } = run(true, [0, 1, 2]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ name: 'new_meter', type: 'delta', volume: 37 });
    expect(logger.warnings).toContain('Negative delta detected, dropping value');
  });

  it('keeps a series per meter and resource', () => {
    const t = new DeltaTransformer({});
    expect(t.handleSample(sample({ volume: 1, resource_id: 'a' }))).toBeNull();
    expect(t.handleSample(sample({ volume: 5, resource_id: 'b' }))).toBeNull();
    expect(t.handleSample(sample({ volume: 4, resource_id: 'a', timestamp: at(1) }))).toMatchObject({ name: 'cpu', volume: 3, resource_id: 'a' });
  });
});
