import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDomain } from '../src/index.js';
import { fixtures } from './helpers.js';

const read = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

describe('describeDomain', () => {
  it('reads a QEMU guest: os, memory, vNIC without bridge, disks with a source', () => {
    const d = describeDomain(read('dumpxml-qemu.xml'));
    expect(d).toMatchObject({ name: 'ceilo-guest-1', osType: 'hvm', arch: 'x86_64', maxMemoryKiB: 196608, vcpus: 1, disks: ['vda'] });
    expect(d.vnics).toEqual([{ name: 'ceilotap0', mac: 'fa:16:3e:99:00:01', fref: null, parameters: { interfaceid: null, bridge: null } }]);
    expect(d.nova).toMatchObject({ namespaceVersion: '1.1', name: 'qemu-guest-1', userId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1', userName: 'alice', projectName: 'demo' });
    expect(d.nova!.flavor).toEqual({ name: 'm1.nano', id: null, vcpus: 1, memory: 192, disk: 1, ephemeral: 0, swap: 0, extraSpecs: null });
    expect(d.nova!.rootImageId).toBe('cccccccc-cccc-4ccc-8ccc-cccccccccc01');
    expect(d.nova!.imageMeta).toBeNull();
  });

  it('reads a boot-from-volume test-driver domain: no root image, two OVS vNICs', () => {
    const d = describeDomain(read('dumpxml-test-instance2.xml'));
    expect(d.uuid).toBe('22222222-2222-4222-8222-222222222222');
    expect(d.disks).toEqual(['vda', 'vdb']);
    expect(d.vnics.map((v) => [v.name, v.parameters['interfaceid'], v.parameters['bridge']])).toEqual([
      ['tapdddddddd-02', 'dddddddd-dddd-4ddd-8ddd-dddddddddd02', 'br-int'],
      ['tapdddddddd-03', 'dddddddd-dddd-4ddd-8ddd-dddddddddd03', 'br-int'],
    ]);
    expect(d.nova!.rootImageId).toBeNull();
    expect(d.nova!.flavor!.ephemeral).toBe(10);
  });

  const xml = (metadata: string, devices = ''): string => `<domain type='kvm'><name>i-1</name><uuid>ABCDEF00-0000-4000-8000-000000000001</uuid>
    <metadata>${metadata}</metadata><memory unit='MiB'>512</memory><vcpu current='2'>4</vcpu>
    <os><type arch='aarch64'>hvm</type></os><devices>${devices}</devices></domain>`;

  it('finds Nova metadata by namespace URI whatever the prefix, 1.1 before 1.0; none for other namespaces', () => {
    const v10 = describeDomain(xml(`<x:instance xmlns:x="http://openstack.org/xmlns/libvirt/nova/1.0"><x:name>old</x:name></x:instance>`));
    expect(v10.nova).toMatchObject({ namespaceVersion: '1.0', name: 'old', flavor: null, userId: null });
    const both = describeDomain(
      xml(`<a:instance xmlns:a="http://openstack.org/xmlns/libvirt/nova/1.0"><a:name>old</a:name></a:instance><instance xmlns="http://openstack.org/xmlns/libvirt/nova/1.1"><name>new</name></instance>`),
    );
    expect(both.nova!.name).toBe('new');
    expect(describeDomain(xml(`<nova:instance xmlns:nova="http://example.com/other"><nova:name>x</nova:name></nova:instance>`)).nova).toBeNull();
    expect(describeDomain(xml('')).nova).toBeNull();
  });

  it('reads units, current vCPUs, flavor id, extra specs and image_meta (Nova 2025.2 metadata)', () => {
    const d = describeDomain(
      xml(`<nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1"><nova:name>n</nova:name>
      <nova:flavor name="f" id="42"><nova:memory>512</nova:memory><nova:vcpus>4</nova:vcpus><nova:extraSpecs><nova:extraSpec name="hw:cpu_policy">dedicated</nova:extraSpec><nova:extraSpec name="empty"/></nova:extraSpecs></nova:flavor>
      <nova:image uuid="img-1"><nova:containerFormat>bare</nova:containerFormat><nova:diskFormat>qcow2</nova:diskFormat><nova:minDisk>1</nova:minDisk><nova:minRam>0</nova:minRam>
      <nova:properties><nova:property name="hw_machine_type">q35</nova:property></nova:properties></nova:image></nova:instance>`),
    );
    expect(d.uuid).toBe('abcdef00-0000-4000-8000-000000000001');
    expect(d.maxMemoryKiB).toBe(524288);
    expect(d.vcpus).toBe(2);
    expect(d.arch).toBe('aarch64');
    expect(d.nova!.flavor).toEqual({ name: 'f', id: '42', vcpus: 4, memory: 512, disk: 0, ephemeral: 0, swap: 0, extraSpecs: { 'hw:cpu_policy': 'dedicated', empty: null } });
    expect(d.nova!.imageMeta).toEqual({ base_image_ref: 'img-1', container_format: 'bare', disk_format: 'qcow2', min_disk: '1', min_ram: '0', hw_machine_type: 'q35' });
  });

  it('reads filterref parameters lower-cased, skips interfaces without mac or target and disks without source', () => {
    const d = describeDomain(
      xml(
        '',
        `<interface type='bridge'><mac address='fa:16:3e:00:00:01'/><source bridge='br0'/><target dev='tap1'/>
           <filterref filter='nova-instance-i-1'><parameter name='IP' value='10.0.0.2'/><parameter name='DHCPSERVER' value='10.0.0.1'/></filterref></interface>
         <interface type='bridge'><mac address='fa:16:3e:00:00:02'/></interface>
         <interface type='bridge'><target dev='tap3'/></interface>
         <disk type='file' device='cdrom'><target dev='hdc'/></disk>
         <disk type='file' device='disk'><source file='/x'/><target dev='vda'/></disk>`,
      ),
    );
    expect(d.vnics).toEqual([
      { name: 'tap1', mac: 'fa:16:3e:00:00:01', fref: 'nova-instance-i-1', parameters: { ip: '10.0.0.2', dhcpserver: '10.0.0.1', interfaceid: null, bridge: 'br0' } },
    ]);
    expect(d.disks).toEqual(['vda']);
  });
});
