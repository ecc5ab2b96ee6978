/**
 * `/proc/net/snmp`: the kernel's IP-MIB counters (header line, then value line, per protocol).
 */

/** The IP-MIB scalars Stein polled: ipInReceives and ipOutRequests. */
export interface IpCounters {
  readonly inReceives: number;
  readonly outRequests: number;
}

/** Parses the `Ip:` header and value lines of `/proc/net/snmp`. */
export function parseIpCounters(text: string): IpCounters {
  const lines = text.split('\n').filter((l) => l.startsWith('Ip: '));
  const names = lines[0]?.split(/\s+/).slice(1) ?? [];
  const values = lines[1]?.split(/\s+/).slice(1).map(Number) ?? [];
  const get = (name: string): number => {
    const value = values[names.indexOf(name)];
    if (value === undefined || Number.isNaN(value)) throw new Error(`malformed /proc/net/snmp: no Ip ${name}`);
    return value;
  };
  return { inReceives: get('InReceives'), outRequests: get('OutRequests') };
}
