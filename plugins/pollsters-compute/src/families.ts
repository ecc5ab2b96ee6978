/**
 * The record families compute meters read: the instance's stats, its vNICs, its disks (counters
 * and sizes). Resource ids and extra metadata as upstream master's `instance_stats.py`, `net.py`
 * and `disk.py`.
 */
import type { ComputeInstance, DiskInfo, DiskStats, InstanceStats, InterfaceStats, MetadataValue } from '@ceilometer-ts/sdk';
import type { StatsFamily } from './compute-pollster.js';

const one = (stats: InstanceStats): readonly InstanceStats[] => [stats];

/** `inspect_instance`: one record, resource id = instance id. */
export const INSTANCE: StatsFamily<'inspectInstance', InstanceStats> = {
  method: 'inspectInstance',
  items: one,
  resourceId: (instance) => instance.id,
};

/** `cpu` adds `cpu_number` to the metadata. */
export const INSTANCE_CPU: StatsFamily<'inspectInstance', InstanceStats> = {
  ...INSTANCE,
  extraMetadata: (_instance, stats) => ({ cpu_number: stats.cpuNumber ?? null }),
};

/**
 * `inspect_vnics`: resource id is the filter reference when there is one, else
 * `<instance_name>-<instance id>-<vNIC>`; metadata adds name, mac, fref, parameters, vnic_name.
 */
export const VNICS: StatsFamily<'inspectVnics', InterfaceStats> = {
  method: 'inspectVnics',
  items: (vnics) => vnics,
  keep: (filter, vnic) => filter.networkInterface(vnic.name),
  resourceId: (instance, vnic) => vnic.fref ?? `${instance.instanceName}-${instance.id}-${vnic.name}`,
  extraMetadata: (_instance, vnic): Record<string, MetadataValue> => ({
    name: vnic.name,
    mac: vnic.mac,
    fref: vnic.fref,
    parameters: vnic.parameters,
    vnic_name: vnic.fref ?? vnic.name,
  }),
};

const diskResourceId = (instance: ComputeInstance, disk: { readonly device: string }): string => `${instance.id}-${disk.device}`;
const diskMetadata = (_instance: ComputeInstance, disk: { readonly device: string }): Record<string, MetadataValue> => ({ disk_name: disk.device });

/** `inspect_disks`: resource id `<instance id>-<device>`, metadata adds `disk_name`. */
export const DISKS: StatsFamily<'inspectDisks', DiskStats> = {
  method: 'inspectDisks',
  items: (disks) => disks,
  keep: (filter, disk) => filter.disk(disk.device),
  resourceId: diskResourceId,
  extraMetadata: diskMetadata,
};

/** `inspect_disk_info`: as the disk counters. */
export const DISK_INFO: StatsFamily<'inspectDiskInfo', DiskInfo> = {
  method: 'inspectDiskInfo',
  items: (disks) => disks,
  keep: (filter, disk) => filter.disk(disk.device),
  resourceId: diskResourceId,
  extraMetadata: diskMetadata,
};
