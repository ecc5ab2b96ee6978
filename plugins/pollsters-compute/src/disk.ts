/**
 * Disk meters (upstream's `disk.py`): per-device counters, sizes, 19.0's `disk.device.iops` and
 * `disk.device.latency` (from two consecutive polls here: upstream's libvirt inspector has neither),
 * and the flavor's root and ephemeral sizes.
 */
import type { DiskInfo, DiskStats } from '@ceilometer-ts/sdk';
import { computePollster } from './compute-pollster.js';
import { DISK_INFO, DISKS } from './families.js';
import { instanceMetadataPollster } from './instance-metadata-pollster.js';

const counter = (name: string, unit: string, value: (s: DiskStats) => number) =>
  computePollster(DISKS, { name, type: 'cumulative', unit, volume: { kind: 'value', value } });
const size = (name: string, value: (s: DiskInfo) => number) => computePollster(DISK_INFO, { name, type: 'gauge', unit: 'B', volume: { kind: 'value', value } });

export const PerDeviceReadRequestsPollster = counter('disk.device.read.requests', 'request', (s) => s.readRequests);
export const PerDeviceReadBytesPollster = counter('disk.device.read.bytes', 'B', (s) => s.readBytes);
export const PerDeviceWriteRequestsPollster = counter('disk.device.write.requests', 'request', (s) => s.writeRequests);
export const PerDeviceWriteBytesPollster = counter('disk.device.write.bytes', 'B', (s) => s.writeBytes);
export const PerDeviceDiskReadLatencyPollster = counter('disk.device.read.latency', 'ns', (s) => s.readTotalTimes);
export const PerDeviceDiskWriteLatencyPollster = counter('disk.device.write.latency', 'ns', (s) => s.writeTotalTimes);
/** Requests (read and write) per second between two polls. */
export const PerDeviceDiskIOPSPollster = computePollster(DISKS, {
  name: 'disk.device.iops',
  type: 'gauge',
  unit: 'count/s',
  volume: { kind: 'rate', value: (s) => s.readRequests + s.writeRequests },
});
/** Average time per request (ms) between two polls; 0 when no request completed. */
export const PerDeviceDiskLatencyPollster = computePollster(DISKS, {
  name: 'disk.device.latency',
  type: 'gauge',
  unit: 'ms',
  volume: { kind: 'ratio', value: (s) => s.readTotalTimes + s.writeTotalTimes, base: (s) => s.readRequests + s.writeRequests, scale: 1e-6 },
});
export const PerDeviceCapacityPollster = size('disk.device.capacity', (s) => s.capacity);
export const PerDeviceAllocationPollster = size('disk.device.allocation', (s) => s.allocation);
export const PerDevicePhysicalPollster = size('disk.device.usage', (s) => s.physical);

const int = (value: unknown): number => Math.trunc(Number(value));

/** The flavor's ephemeral disk (GiB). */
export const EphemeralSizePollster = instanceMetadataPollster('disk.ephemeral.size', 'GiB', (flavor) => int(flavor.ephemeral));
/** The flavor's root disk: disk minus ephemeral (GiB). */
export const RootSizePollster = instanceMetadataPollster('disk.root.size', 'GiB', (flavor) => int(flavor.disk) - int(flavor.ephemeral));
