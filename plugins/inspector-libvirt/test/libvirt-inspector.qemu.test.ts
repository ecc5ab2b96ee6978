/**
 * The inspector against a real libvirtd running a tiny QEMU guest (TCG): every statistics group
 * comes from the one bulk call and the counters move. Uses the run's shared guest when
 * `CEILO_TEST_LIBVIRT_URI` is set, else starts one (scripts/services/start-libvirt-qemu.sh); skips
 * when this machine cannot run it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtDomain } from '@ceilometer-ts/sdk';
import { LibvirtQemuUnavailableError, startLibvirtQemu, type LibvirtQemuService } from '@ceilometer-ts/test-services';
import { LibvirtInspector } from '../src/index.js';
import { contextOf, instanceOf, newCycle, recordingLogger } from './helpers.js';

let guest: LibvirtQemuService | undefined;
let skipReason = '';
let insp: LibvirtInspector;

beforeAll(async () => {
  try {
    guest = await startLibvirtQemu();
  } catch (error) {
    if (!(error instanceof LibvirtQemuUnavailableError)) throw error;
    skipReason = error.message;
    return;
  }
  insp = new LibvirtInspector(contextOf({ 'DEFAULT.libvirt_uri': guest.uri }, recordingLogger()));
}, 240_000);

afterAll(async () => {
  await insp?.close();
  await guest?.stop();
});

function theGuest(domains: readonly VirtDomain[]): VirtDomain {
  const named = domains.find((d) => (guest?.guestName ? d.name === guest.guestName : d.nova?.name === 'qemu-guest-1'));
  return named ?? domains.find((d) => d.state === 1)!;
}

describe('LibvirtInspector on a QEMU guest', () => {
  it('reads cpu, balloon, vNIC and block statistics from one bulk call, and they move', async (ctx) => {
    if (!guest) {
      console.warn(`QEMU guest tests skipped: ${skipReason}`);
      ctx.skip();
      return;
    }
    const c1 = newCycle();
    const domain = theGuest(await insp.listDomains(c1));
    expect(domain).toMatchObject({ state: 1, osType: 'hvm', arch: 'x86_64' });
    expect(domain.nova?.flavor?.name).toBe('m1.nano');
    const instance = instanceOf(domain.uuid, domain.name);
    const read = async (cycle = newCycle()) => ({
      stats: await insp.inspectInstance(instance, cycle),
      vnics: await insp.inspectVnics(instance, cycle),
      disks: await insp.inspectDisks(instance, cycle),
      info: await insp.inspectDiskInfo(instance, cycle),
    });
    const a = await read(c1);
    expect(a.stats.cpuNumber).toBe(1);
    expect(a.stats.cpuTime).toBeGreaterThan(0);
    expect(a.stats.memoryActual).toBe(domain.maxMemoryKiB! / 1024);
    expect(a.stats.memoryUsage).toBeGreaterThan(0);
    expect(a.stats.memoryResident).toBeGreaterThan(0);
    expect(a.stats.memoryMax).toBe(192);
    expect(a.stats.raw!.get('balloon.rss')).toBeGreaterThan(0);
    expect(a.vnics.map((v) => [v.mac, v.fref])).toEqual([['fa:16:3e:99:00:01', null]]);
    expect(a.disks.map((d) => d.device)).toEqual(['vda']);
    expect(a.disks[0]!.readRequests).toBeGreaterThan(0);
    expect(a.disks[0]!.readTotalTimes).toBeGreaterThan(0);
    expect(a.info[0]).toMatchObject({ device: 'vda', capacity: 16 * 1024 * 1024 });
    // Everything came from the bulk call: no per-domain fallback commands.
    const commands = insp.session.stats.commands;

    await new Promise((r) => setTimeout(r, 5600)); // the guest reads, writes and pings every 5 s
    const b = await read();
    expect(b.stats.cpuTime).toBeGreaterThan(a.stats.cpuTime!);
    expect(b.vnics[0]!.txPackets).toBeGreaterThan(a.vnics[0]!.txPackets);
    expect(b.disks[0]!.readBytes).toBeGreaterThan(a.disks[0]!.readBytes);
    expect(b.disks[0]!.writeRequests).toBeGreaterThan(a.disks[0]!.writeRequests);
    expect(insp.session.stats.commands - commands).toBe(2); // list + domstats
    expect(insp.reader.stats.bulkReads).toBe(2);
  }, 60_000);
});
