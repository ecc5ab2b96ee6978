/**
 * The virtual MIB: a HostSnapshot rendered as the OIDs and types net-snmp's snmpd would serve for the
 * same machine, so SNMP meter definitions work unchanged over `local://`.
 */
import type { OidValue } from '@ceilometer-ts/sdk';
import type { HostSnapshot } from '../host-snapshot.js';
import { cpuPercentages, totalTicks, type CpuTimes } from '../proc/stat.js';
import { counter32, counter64, gauge32, hexOctets, integer, ipAddress, octets, timeTicks } from './mib-values.js';
import * as O from './oids.js';

/** OID to value, in no particular order. */
export type MibValues = Map<string, OidValue>;

function system(mib: MibValues, s: HostSnapshot, hostname: string): void {
  mib.set(O.SYS_UPTIME, timeTicks(s.uptimeSeconds * 100));
  mib.set(O.HR_SYSTEM_UPTIME, timeTicks(s.uptimeSeconds * 100));
  mib.set(O.SYS_NAME, octets(hostname));
}

function load(mib: MibValues, s: HostSnapshot): void {
  [s.load.load1, s.load.load5, s.load.load15].forEach((value, i) => {
    const row = i + 1;
    mib.set(`${O.LA_ENTRY}.1.${row}`, integer(row));
    mib.set(`${O.LA_ENTRY}.2.${row}`, octets(['Load-1', 'Load-5', 'Load-15'][i]!));
    mib.set(`${O.LA_ENTRY}.3.${row}`, octets(value.toFixed(2)));
    mib.set(`${O.LA_ENTRY}.5.${row}`, integer(value * 100));
  });
}

function cpu(mib: MibValues, s: HostSnapshot, previous: CpuTimes | undefined): void {
  const c = s.cpu;
  const raw: ReadonlyArray<[number, number]> = [
    [50, c.user], [51, c.nice], [52, c.system], [53, c.idle], [54, c.iowait],
    // NOTE: net-snmp serves ssCpuRawKernel as 0 on Linux and ssCpuRawInterrupt as irq.
    [55, 0], [56, c.irq], [61, c.softirq], [64, c.steal], [65, c.guest], [66, c.guestNice],
  ];
  for (const [column, ticks] of raw) mib.set(`${O.SYSTEM_STATS}.${column}.0`, counter32(ticks));
  mib.set(`${O.SYSTEM_STATS}.67.0`, integer(s.cpuCount));
  if (s.blockIo) {
    mib.set(`${O.SYSTEM_STATS}.57.0`, counter32(s.blockIo.outgoingBlocks));
    mib.set(`${O.SYSTEM_STATS}.58.0`, counter32(s.blockIo.incomingBlocks));
  }
  // ssCpuUser/System/Idle: snmpd serves them once it has history; we need one previous reading.
  if (previous && cpuPercentages(previous, c)) {
    const total = totalTicks(c) - totalTicks(previous);
    const share = (delta: number): number => (100 * delta) / total;
    mib.set(`${O.SYSTEM_STATS}.9.0`, integer(share(c.user - previous.user + c.nice - previous.nice)));
    mib.set(`${O.SYSTEM_STATS}.10.0`, integer(share(c.system - previous.system)));
    mib.set(`${O.SYSTEM_STATS}.11.0`, integer(share(c.idle - previous.idle)));
  }
}

function memory(mib: MibValues, s: HostSnapshot): void {
  const m = s.memory;
  const scalars: ReadonlyArray<[number, number]> = [
    [3, m.swapTotal], [4, m.swapAvail], [5, m.total], [6, m.avail], [11, m.avail + m.swapAvail], [14, m.buffer], [15, m.cached],
  ];
  for (const [column, kb] of scalars) mib.set(`${O.MEMORY}.${column}.0`, integer(kb));
}

function filesystems(mib: MibValues, s: HostSnapshot): void {
  s.filesystems.forEach((fs, i) => {
    const row = i + 1;
    const col = (n: number): string => `${O.DSK_ENTRY}.${n}.${row}`;
    const low = (kb: number): number => kb % 2 ** 32;
    const high = (kb: number): number => Math.floor(kb / 2 ** 32);
    mib.set(col(1), integer(row));
    mib.set(col(2), octets(fs.path));
    mib.set(col(3), octets(fs.device));
    mib.set(col(6), integer(fs.totalKB));
    mib.set(col(7), integer(fs.availKB));
    mib.set(col(8), integer(fs.usedKB));
    mib.set(col(9), integer(fs.totalKB > 0 ? Math.ceil((100 * fs.usedKB) / fs.totalKB) : 0));
    mib.set(col(11), gauge32(low(fs.totalKB)));
    mib.set(col(12), gauge32(high(fs.totalKB)));
    mib.set(col(13), gauge32(low(fs.availKB)));
    mib.set(col(14), gauge32(high(fs.availKB)));
    mib.set(col(15), gauge32(low(fs.usedKB)));
    mib.set(col(16), gauge32(high(fs.usedKB)));
  });
}

function disks(mib: MibValues, s: HostSnapshot): void {
  s.disks.forEach((d, i) => {
    const row = i + 1;
    const col = (n: number): string => `${O.DISK_IO_ENTRY}.${n}.${row}`;
    mib.set(col(1), integer(row));
    mib.set(col(2), octets(d.device));
    mib.set(col(3), counter32(d.readBytes));
    mib.set(col(4), counter32(d.writeBytes));
    mib.set(col(5), counter32(d.reads));
    mib.set(col(6), counter32(d.writes));
    mib.set(col(12), counter64(d.readBytes));
    mib.set(col(13), counter64(d.writeBytes));
  });
}

function interfaces(mib: MibValues, s: HostSnapshot): void {
  mib.set(O.IF_NUMBER, integer(s.interfaces.length));
  for (const ifc of s.interfaces) {
    const c = ifc.counters;
    const i = ifc.ifIndex;
    const col = (n: number): string => `${O.IF_ENTRY}.${n}.${i}`;
    const xcol = (n: number): string => `${O.IFX_ENTRY}.${n}.${i}`;
    const rxUnicast = Math.max(c.rxPackets - c.rxMulticast, 0);
    mib.set(col(1), integer(i));
    mib.set(col(2), octets(c.name));
    mib.set(col(3), integer(ifc.loopback ? 24 : 6));
    mib.set(col(4), integer(ifc.mtu));
    mib.set(col(5), gauge32(ifc.speedBps));
    mib.set(col(6), hexOctets(ifc.mac));
    mib.set(col(7), integer(ifc.adminUp ? 1 : 2));
    mib.set(col(8), integer(ifc.operStatus));
    mib.set(col(10), counter32(c.rxBytes));
    mib.set(col(11), counter32(rxUnicast));
    mib.set(col(13), counter32(c.rxDrop));
    mib.set(col(14), counter32(c.rxErrors));
    mib.set(col(16), counter32(c.txBytes));
    mib.set(col(17), counter32(c.txPackets));
    mib.set(col(19), counter32(c.txDrop));
    mib.set(col(20), counter32(c.txErrors));
    mib.set(xcol(1), octets(c.name));
    mib.set(xcol(2), counter32(c.rxMulticast));
    mib.set(xcol(6), counter64(c.rxBytes));
    mib.set(xcol(7), counter64(rxUnicast));
    mib.set(xcol(8), counter64(c.rxMulticast));
    mib.set(xcol(9), counter64(0));
    mib.set(xcol(10), counter64(c.txBytes));
    // NOTE: Linux counts no transmitted multicast or broadcast apart; all sent packets are unicast here.
    mib.set(xcol(11), counter64(c.txPackets));
    mib.set(xcol(12), counter64(0));
    mib.set(xcol(13), counter64(0));
    mib.set(xcol(15), gauge32(ifc.speedBps / 1_000_000));
  }
}

function ip(mib: MibValues, s: HostSnapshot): void {
  if (s.ip) {
    mib.set(O.IP_IN_RECEIVES, counter32(s.ip.inReceives));
    mib.set(O.IP_OUT_REQUESTS, counter32(s.ip.outRequests));
  }
  const indexByName = new Map(s.interfaces.map((i) => [i.counters.name, i.ifIndex]));
  for (const [name, addresses] of s.ipv4) {
    const ifIndex = indexByName.get(name);
    if (ifIndex === undefined) continue;
    for (const address of addresses) {
      mib.set(`${O.IP_ADDR_ENTRY}.1.${address}`, ipAddress(address));
      mib.set(`${O.IP_ADDR_ENTRY}.2.${address}`, integer(ifIndex));
    }
  }
}

/**
 * Renders a snapshot. `previousCpu` (the CPU reading of the previous call) enables the 1-interval
 * ssCpuUser/ssCpuSystem/ssCpuIdle percentages, absent without it as snmpd's are during its first minute.
 */
export function buildVirtualMib(s: HostSnapshot, hostname: string, previousCpu?: CpuTimes): MibValues {
  const mib: MibValues = new Map();
  system(mib, s, hostname);
  load(mib, s);
  cpu(mib, s, previousCpu);
  memory(mib, s);
  filesystems(mib, s);
  disks(mib, s);
  interfaces(mib, s);
  ip(mib, s);
  return mib;
}
