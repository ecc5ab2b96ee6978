/**
 * custom.hardware.network.interface.status: 1 when ifOperStatus is up(1), else 0, per interface
 * (`<host>.<ifDescr>`), with Stein's interface metadata (name, speed in bytes/s, mac, ip) and the raw
 * oper_status and admin_status.
 */
import type { MetadataValue, OidValue, Sample } from '@ceilometer-ts/sdk';
import { toHex } from '../converters.js';
import { hostSample } from '../hardware-pollster.js';
import { numericValue, type HostValues } from '../host-values.js';
import type { CustomMeter, CustomMeterInput } from './custom-meter.js';
import { IF_ADMIN_STATUS, IF_DESCR, IF_HIGH_SPEED, IF_NAME, IF_OPER_STATUS, IF_PHYS_ADDRESS, IF_SPEED, IP_AD_ENT_IF_INDEX } from './oids.js';

const MAX_GAUGE32 = 2 ** 32 - 1;

/** Stein's interface metadata for the row `suffix` (`.<ifIndex>`). */
export function interfaceMetadata(values: HostValues, suffix: string): Record<string, MetadataValue> {
  const at = (column: string): OidValue | undefined => values.rows(column).get(suffix);
  const metadata: Record<string, MetadataValue> = {};
  const name = at(IF_DESCR)?.value;
  if (typeof name === 'string') metadata.name = name;
  const speed = numericValue(at(IF_SPEED));
  const high = numericValue(at(IF_HIGH_SPEED));
  // ifSpeed saturates at 4.29 Gbit/s; ifHighSpeed (Mbit/s) tells faster links apart.
  const bps = speed !== undefined && Number(speed) >= MAX_GAUGE32 && high !== undefined ? Number(high) * 1e6 : speed;
  if (bps !== undefined) metadata.speed = Number(bps) / 8;
  const mac = at(IF_PHYS_ADDRESS);
  const hex = mac ? toHex(mac) : undefined;
  if (hex !== undefined) metadata.mac = hex;
  const ifIndex = Number(suffix.slice(1));
  let ip = '';
  for (const [ipSuffix, v] of values.rows(IP_AD_ENT_IF_INDEX)) if (Number(numericValue(v)) === ifIndex) ip = ipSuffix.slice(1);
  metadata.ip = ip;
  return metadata;
}

/** Columns the interface metadata needs. */
export const INTERFACE_METADATA_COLUMNS = [IF_DESCR, IF_SPEED, IF_PHYS_ADDRESS, IF_HIGH_SPEED, IF_NAME, IP_AD_ENT_IF_INDEX];

/** The interface status meter. */
export function networkMeters(): CustomMeter[] {
  return [
    {
      name: 'custom.hardware.network.interface.status',
      type: 'gauge',
      unit: 'status',
      request: { scalars: [], subtrees: [IF_OPER_STATUS, IF_ADMIN_STATUS, ...INTERFACE_METADATA_COLUMNS] },
      samples({ host, values, cycle, filter }: CustomMeterInput): Sample[] {
        const samples: Sample[] = [];
        for (const [suffix, oper] of values.rows(IF_OPER_STATUS)) {
          const metadata = interfaceMetadata(values, suffix);
          const name = typeof metadata.name === 'string' ? metadata.name : undefined;
          const ifName = values.rows(IF_NAME).get(suffix)?.value;
          if (!name) continue;
          if (!filter.networkInterface(name, ...(typeof ifName === 'string' ? [ifName] : []))) continue;
          const operStatus = Number(numericValue(oper));
          const admin = numericValue(values.rows(IF_ADMIN_STATUS).get(suffix));
          metadata.oper_status = operStatus;
          if (admin !== undefined) metadata.admin_status = Number(admin);
          samples.push(hostSample(this, host, operStatus === 1 ? 1 : 0, cycle, { resourceId: `${host.resourceId}.${name}`, metadata }));
        }
        return samples;
      },
    },
  ];
}
