/**
 * Where the Node Manager sits on the IPMB: Intel NM spec 4.5, the OEM SDR record (type C0h) in an
 * `ipmitool sdr dump` file holds Intel's manufacturer id, 0Dh, 01h, then the NM device's slave
 * address and its channel number (bits 7:4 of the next byte).
 */

/** Manufacturer id 57 01 00, then 0D 01: the start of the NM discovery record's body. */
const INTEL_NM_RECORD = '5701000d01';

/** The `-b <channel> -t <slave address>` that bridge a raw command to the Node Manager. */
export interface NodeManagerAddress {
  readonly channel: string;
  readonly slaveAddress: string;
}

/** The NM address in an SDR dump (upstream's `_parse_slave_and_channel`), or undefined without one. */
export function findNodeManagerAddress(sdrDump: Uint8Array): NodeManagerAddress | undefined {
  const hex = Buffer.from(sdrDump).toString('hex');
  const at = hex.indexOf(INTEL_NM_RECORD);
  if (at < 0) return undefined;
  const next = hex.slice(at + INTEL_NM_RECORD.length, at + INTEL_NM_RECORD.length + 4);
  if (next.length < 3) return undefined;
  // byte 5 is the slave address; the high nibble of byte 6 the channel
  return { slaveAddress: `0x${next.slice(0, 2)}`, channel: `0x${next[2]!}` };
}

/** The ipmitool arguments that bridge to the Node Manager. */
export function bridgeArgs(address: NodeManagerAddress): string[] {
  return ['-b', address.channel, '-t', address.slaveAddress];
}
