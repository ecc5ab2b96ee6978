/**
 * The OIDs the virtual MIB serves (dotted, no leading dot): the subset of SNMPv2-MIB,
 * HOST-RESOURCES-MIB, UCD-SNMP-MIB, UCD-DISKIO-MIB, IF-MIB and IP-MIB that net-snmp's snmpd serves
 * on Linux and that the hardware meter definitions read.
 */
export const SYS_NAME = '1.3.6.1.2.1.1.5.0';
export const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
export const HR_SYSTEM_UPTIME = '1.3.6.1.2.1.25.1.1.0';

export const UCD = '1.3.6.1.4.1.2021';
/** laTable columns (.1 index, .2 names, .3 load string, .5 load × 100). */
export const LA_ENTRY = `${UCD}.10.1`;
/** UCD memory scalars, group prefix (`.<n>.0`). */
export const MEMORY = `${UCD}.4`;
/** dskTable columns. */
export const DSK_ENTRY = `${UCD}.9.1`;
/** systemStats scalars, group prefix (`.<n>.0`). */
export const SYSTEM_STATS = `${UCD}.11`;
/** diskIOTable columns. */
export const DISK_IO_ENTRY = `${UCD}.13.15.1.1`;

export const IF_ENTRY = '1.3.6.1.2.1.2.2.1';
export const IF_NUMBER = '1.3.6.1.2.1.2.1.0';
export const IFX_ENTRY = '1.3.6.1.2.1.31.1.1.1';

export const IP_IN_RECEIVES = '1.3.6.1.2.1.4.3.0';
export const IP_OUT_REQUESTS = '1.3.6.1.2.1.4.10.0';
export const IP_ADDR_ENTRY = '1.3.6.1.2.1.4.20.1';
