/**
 * OIDs of the custom.hardware.* meters (dotted, no leading dot). See snmp-meters in the README.
 */
export const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
const SS = '1.3.6.1.4.1.2021.11';
/** ssCpuRaw* counters by our meter word. */
export const CPU_RAW: Readonly<Record<string, string>> = {
  user: `${SS}.50.0`,
  nice: `${SS}.51.0`,
  system: `${SS}.52.0`,
  idle: `${SS}.53.0`,
  wait: `${SS}.54.0`,
  kernel: `${SS}.55.0`,
  interrupt: `${SS}.56.0`,
  softinterrupt: `${SS}.61.0`,
  steal: `${SS}.64.0`,
  guest: `${SS}.65.0`,
  guestnice: `${SS}.66.0`,
};
/** The states whose ticks make the total (guest and guestnice are inside user and nice; kernel overlaps system). */
export const CPU_TOTAL_STATES = ['user', 'nice', 'system', 'idle', 'wait', 'interrupt', 'softinterrupt', 'steal'] as const;

const MEM = '1.3.6.1.4.1.2021.4';
export const MEM_TOTAL_SWAP = `${MEM}.3.0`;
export const MEM_AVAIL_SWAP = `${MEM}.4.0`;
export const MEM_TOTAL_REAL = `${MEM}.5.0`;
export const MEM_AVAIL_REAL = `${MEM}.6.0`;
export const MEM_BUFFER = `${MEM}.14.0`;
export const MEM_CACHED = `${MEM}.15.0`;

const DSK = '1.3.6.1.4.1.2021.9.1';
export const DSK_PATH = `${DSK}.2`;
export const DSK_DEVICE = `${DSK}.3`;
export const DSK_TOTAL = `${DSK}.6`;
export const DSK_USED = `${DSK}.8`;
export const DSK_TOTAL_LOW = `${DSK}.11`;
export const DSK_TOTAL_HIGH = `${DSK}.12`;
export const DSK_USED_LOW = `${DSK}.15`;
export const DSK_USED_HIGH = `${DSK}.16`;

const DIO = '1.3.6.1.4.1.2021.13.15.1.1';
export const DISK_IO_DEVICE = `${DIO}.2`;
export const DISK_IO_NREAD = `${DIO}.3`;
export const DISK_IO_NWRITTEN = `${DIO}.4`;
export const DISK_IO_READS = `${DIO}.5`;
export const DISK_IO_WRITES = `${DIO}.6`;
export const DISK_IO_NREAD_X = `${DIO}.12`;
export const DISK_IO_NWRITTEN_X = `${DIO}.13`;

const IF = '1.3.6.1.2.1.2.2.1';
export const IF_DESCR = `${IF}.2`;
export const IF_SPEED = `${IF}.5`;
export const IF_PHYS_ADDRESS = `${IF}.6`;
export const IF_ADMIN_STATUS = `${IF}.7`;
export const IF_OPER_STATUS = `${IF}.8`;
const IFX = '1.3.6.1.2.1.31.1.1.1';
export const IF_NAME = `${IFX}.1`;
export const IF_HIGH_SPEED = `${IFX}.15`;
export const IP_AD_ENT_IF_INDEX = '1.3.6.1.2.1.4.20.1.2';
