/**
 * Which partition queue a sample goes to: a stable hash of its pipeline's name and its
 * resource_id, modulo `[notification] pipeline_processing_queues`. Upstream Queens hashed with
 * Python's `hash()`, which is salted per process (PYTHONHASHSEED), so two agents could send one
 * resource to two queues; this hash is the same in every process and on every machine.
 */

/** The topic of partition `n` (upstream's `ceilometer_ipc-sample-<n>`; its queue is `<topic>.sample`). */
export function partitionTopic(partition: number): string {
  return `ceilometer_ipc-sample-${partition}`;
}

/**
 * FNV-1a over the UTF-16 code units of `pipeline`, a NUL and `resourceId`, finished with
 * murmur3's avalanche so the low bits (what the modulo keeps) depend on every input bit.
 */
export function partitionKeyHash(pipeline: string, resourceId: string): number {
  let h = 0x811c9dc5;
  const mix = (text: string): void => {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  };
  mix(pipeline);
  h = Math.imul(h ^ 0, 0x01000193); // the NUL separator: ("ab", "c") and ("a", "bc") differ
  mix(resourceId);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The partition (0 to `partitions` - 1) of the samples of `resourceId` in pipeline `pipeline`. */
export function partitionOf(pipeline: string, resourceId: string, partitions: number): number {
  return partitionKeyHash(pipeline, resourceId) % partitions;
}
