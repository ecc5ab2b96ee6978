/**
 * Upstream's `Sample.as_dict()`: the fields in the order upstream's constructor assigns them,
 * which is the order Python prints and serialises them.
 */
import type { ResourceMetadata, Sample } from '@ceilometer-ts/sdk';

/**
 * The dict `sample.as_dict()` returns. A type alias (not an interface) so it is assignable to the
 * index-signature record types the publishers format (PyDict, plain JSON-like records).
 */
export type SampleDict = {
  readonly name: string;
  readonly type: Sample['type'];
  readonly unit: string;
  readonly volume: Sample['volume'];
  readonly user_id: Sample['user_id'];
  readonly project_id: Sample['project_id'];
  readonly resource_id: string;
  readonly timestamp: Sample['timestamp'];
  readonly resource_metadata: ResourceMetadata;
  readonly source: Sample['source'];
  readonly id: Sample['id'];
  readonly monotonic_time: Sample['monotonic_time'];
};

/** The sample as upstream's `sample.as_dict()`. */
export function sampleAsDict(s: Sample): SampleDict {
  return {
    name: s.name,
    type: s.type,
    unit: s.unit,
    volume: s.volume,
    user_id: s.user_id,
    project_id: s.project_id,
    resource_id: s.resource_id,
    timestamp: s.timestamp,
    resource_metadata: s.resource_metadata,
    source: s.source,
    id: s.id,
    monotonic_time: s.monotonic_time,
  };
}
