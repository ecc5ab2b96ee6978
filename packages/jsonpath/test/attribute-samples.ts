/**
 * Sample-shaped documents (upstream's `Sample.as_dict()` keys) for the attribute tests: compute,
 * SNMP host and image/volume shapes, with the metadata variants the alternations choose between.
 */
import { makeSample, type ResourceMetadata, type Sample } from '@ceilometer-ts/sdk';

function sample(name: string, resource_id: string, resource_metadata: ResourceMetadata): Sample {
  return makeSample({
    name, type: 'gauge', unit: 'B', volume: 1, resource_id, resource_metadata,
    user_id: 'u1', project_id: 'p1', timestamp: '2026-11-23T19:00:00.123456', id: '7a1d5a44-c955-11f0-8de9-0242ac120002',
  });
}

export const ATTRIBUTE_SAMPLES: readonly Sample[] = [
  // Polled compute sample: instance_host, flavor as a mapping, user_metadata.
  sample('cpu', 'inst-1', {
    instance_host: 'compute-1', host: 'b7c0', display_name: 'vm1', image_ref: 'img-1', launched_at: '2026-11-23T18:00:00',
    flavor: { id: 'f1', name: 'm1.small', vcpus: 1 }, user_metadata: { server_group: 'sg-1' },
  }),
  // Notification-shaped instance: instance_type and instance_flavor_id, instance_host null (falls back to host).
  sample('memory', 'inst-2', { instance_host: null, host: 'compute-2', instance_type: 'm1.large', instance_flavor_id: 'f2', deleted_at: null }),
  // flavor_name via the plain key, flavor_id via (flavor.id) only.
  sample('vcpus', 'inst-3', { flavor_name: 'tiny', flavor: { id: 'f3' }, created_at: '2026-01-01T00:00:00' }),
  // SNMP host, disk and interface shapes.
  sample('hardware.cpu.load.1min', 'snmp-host-1', { resource_url: 'snmp://10.0.0.5', is_public: false }),
  sample('custom.hardware.disk.read.bytes.average', 'snmp-host-1/sda', { resource_url: 'snmp://10.0.0.5', device: 'sda' }),
  sample('hardware.network.incoming.bytes', 'snmp-host-1/eth0', { resource_url: 'snmp://10.0.0.5', name: 'eth0', mac: 'aa:bb' }),
  // Instance disk and vNIC shapes.
  sample('disk.device.read.bytes', 'inst-1-vda', { disk_name: 'vda', instance_id: 'inst-1' }),
  sample('network.incoming.bytes', 'inst-1-tap0', { vnic_name: 'tap0', instance_id: 'inst-1' }),
  // Volume: display_name missing, name present; image attributes; empty metadata.
  sample('volume.size', 'vol-1', { name: 'data', volume_type: 'ssd', image_id: null, instance_id: 'inst-1' }),
  sample('image.size', 'img-1', { name: 'cirros', container_format: 'bare', disk_format: 'qcow2' }),
  sample('storage.objects', 'acct-1', {}),
];
