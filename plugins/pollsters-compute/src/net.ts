/**
 * vNIC meters (upstream's `net.py`): counters, deltas since the previous poll (0 on the first, as
 * upstream's libvirt inspector) and byte rates (two polls needed). `network.outgoing.bytes.delta` is
 * emitted under its own name (upstream emits it as `network.outgoing.packets.delta` in some releases).
 */
import type { InterfaceStats } from '@ceilometer-ts/sdk';
import { computePollster } from './compute-pollster.js';
import { VNICS } from './families.js';

const counter = (name: string, unit: string, value: (s: InterfaceStats) => number) =>
  computePollster(VNICS, { name, type: 'cumulative', unit, volume: { kind: 'value', value } });

export const IncomingBytesPollster = counter('network.incoming.bytes', 'B', (s) => s.rxBytes);
export const IncomingPacketsPollster = counter('network.incoming.packets', 'packet', (s) => s.rxPackets);
export const OutgoingBytesPollster = counter('network.outgoing.bytes', 'B', (s) => s.txBytes);
export const OutgoingPacketsPollster = counter('network.outgoing.packets', 'packet', (s) => s.txPackets);
export const IncomingDropPollster = counter('network.incoming.packets.drop', 'packet', (s) => s.rxDrop);
export const OutgoingDropPollster = counter('network.outgoing.packets.drop', 'packet', (s) => s.txDrop);
export const IncomingErrorsPollster = counter('network.incoming.packets.error', 'packet', (s) => s.rxErrors);
export const OutgoingErrorsPollster = counter('network.outgoing.packets.error', 'packet', (s) => s.txErrors);
export const IncomingBytesDeltaPollster = computePollster(VNICS, { name: 'network.incoming.bytes.delta', type: 'delta', unit: 'B', volume: { kind: 'delta', value: (s) => s.rxBytes } });
export const OutgoingBytesDeltaPollster = computePollster(VNICS, { name: 'network.outgoing.bytes.delta', type: 'delta', unit: 'B', volume: { kind: 'delta', value: (s) => s.txBytes } });
export const IncomingBytesRatePollster = computePollster(VNICS, { name: 'network.incoming.bytes.rate', type: 'gauge', unit: 'B/s', volume: { kind: 'rate', value: (s) => s.rxBytes } });
export const OutgoingBytesRatePollster = computePollster(VNICS, { name: 'network.outgoing.bytes.rate', type: 'gauge', unit: 'B/s', volume: { kind: 'rate', value: (s) => s.txBytes } });
