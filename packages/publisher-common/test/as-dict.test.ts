import { describe, expect, it } from 'vitest';
import { sampleAsDict } from '../src/index.js';
import { httpSamples } from '../src/testing/index.js';

describe('sampleAsDict', () => {
  it("keeps upstream's field order", () => {
    expect(Object.keys(sampleAsDict(httpSamples[0]!))).toEqual([
      'name', 'type', 'unit', 'volume', 'user_id', 'project_id', 'resource_id', 'timestamp', 'resource_metadata', 'source', 'id', 'monotonic_time',
    ]);
  });
});
