import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { libvirtTestDomains, libvirtTestNodeXml, writeLibvirtTestNode } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ceilo-test-node-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const haveVirsh = existsSync('/usr/bin/virsh');

function virsh(uri: string, ...args: string[]): string {
  return execFileSync('/usr/bin/virsh', ['-q', '-c', uri, ...args], { encoding: 'utf8' });
}

describe('libvirtTestNodeXml', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(libvirtTestNodeXml({ domains: 5, seed: 7 })).toBe(libvirtTestNodeXml({ domains: 5, seed: 7 }));
    expect(libvirtTestNodeXml({ domains: 5, seed: 7 })).not.toBe(libvirtTestNodeXml({ domains: 5, seed: 8 }));
  });

  it('covers every case with 3 domains', () => {
    const d = libvirtTestDomains({ domains: 3 });
    expect(d.map((x) => x.metadata)).toEqual(['nova/1.1', 'nova/1.1', 'none']);
    expect(d.map((x) => x.disks.length)).toEqual([1, 2, 3]);
    expect(d[2]!.disks[2]).toEqual({ target: 'sda', type: 'file', device: 'cdrom' });
    expect(d[1]!.disks[0]!.type).toBe('block');
    expect(d.map((x) => x.nics.length)).toEqual([1, 2, 1]);
    expect(d[0]!.nics[0]!.filterref).toMatch(/^nova-instance-instance-00000001-fa163e/);
    expect(d[1]!.memballoon).toBe('absent');
  });

  it('varies states, metadata versions, Nova 2025.2 extras and balloons over 20 domains', () => {
    const d = libvirtTestDomains({ domains: 20 });
    expect(new Set(d.map((x) => x.state))).toEqual(new Set(['running', 'paused', 'shutoff']));
    expect(new Set(d.map((x) => x.metadata))).toEqual(new Set(['nova/1.1', 'nova/1.0', 'none']));
    expect(d.filter((x) => x.metadata === 'none')).toHaveLength(1);
    expect(d.some((x) => x.novaExtras)).toBe(true);
    expect(new Set(d.map((x) => x.memballoon))).toEqual(new Set(['virtio', 'absent', 'none']));
    expect(new Set(d.map((x) => x.uuid)).size).toBe(20);
  });
});

describe.skipIf(!haveVirsh)('writeLibvirtTestNode with the test driver', () => {
  it('serves the domains, their states, Nova metadata and devices', async () => {
    const uri = await writeLibvirtTestNode(dir, { domains: 12 });
    expect(uri).toBe(`test://${join(dir, 'node.xml')}`);
    const domains = libvirtTestDomains({ domains: 12 });
    const list = virsh(uri, 'list', '--all', '--uuid').trim().split('\n').map((l) => l.trim());
    expect(new Set(list)).toEqual(new Set(domains.map((d) => d.uuid)));

    const paused = domains.find((d) => d.state === 'paused')!;
    const shutoff = domains.find((d) => d.state === 'shutoff')!;
    expect(virsh(uri, 'domstate', paused.name).trim()).toBe('paused');
    expect(virsh(uri, 'domstate', shutoff.name).trim()).toBe('shut off');

    const v10 = domains.find((d) => d.metadata === 'nova/1.0')!;
    const meta = virsh(uri, 'metadata', v10.name, 'http://openstack.org/xmlns/libvirt/nova/1.0');
    expect(meta).toContain(`<name>${v10.displayName}</name>`);
    const extras = domains.find((d) => d.novaExtras)!;
    const meta11 = virsh(uri, 'metadata', extras.name, 'http://openstack.org/xmlns/libvirt/nova/1.1');
    expect(meta11).toContain(`id="${extras.flavor.id}"`);
    expect(meta11).toContain('<extraSpecs');

    const running = domains[0]!;
    expect(virsh(uri, 'domiflist', running.name)).toContain(running.nics[0]!.target);
    expect(virsh(uri, 'domblklist', running.name)).toContain('vda');
    expect(virsh(uri, 'dommemstat', running.name)).toContain('rss');
  });
});
