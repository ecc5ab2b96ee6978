/**
 * The hardware inspector contract (`ceilometer.hardware.inspectors`): how host pollsters read raw
 * values from a physical host, whatever the transport. An inspector is chosen by the resource URL's
 * scheme (`snmp://10.0.0.5`, `local://localhost`) and answers in SNMP terms (OIDs and typed values),
 * so one set of meter definitions serves every inspector: the `local` inspector serves a virtual
 * MIB computed from /proc and /sys.
 */
import type { Inspector } from './inspector.js';
import type { PollCycle } from './poll-cycle.js';

/** SNMP value types as net-snmp names them. */
export type OidValueType =
  | 'Integer'
  | 'OctetString'
  | 'ObjectIdentifier'
  | 'IpAddress'
  | 'Counter32'
  | 'Gauge32'
  | 'TimeTicks'
  | 'Opaque'
  | 'Counter64'
  | 'Null';

/** One value read for an OID. Counter64 values beyond 2^53 are bigint. */
export interface OidValue {
  readonly type: OidValueType;
  readonly value: number | bigint | string | null;
}

/** OID (dotted, no leading dot) to value. */
export type OidValues = ReadonlyMap<string, OidValue>;

/** A host to inspect, parsed from a resource URL. */
export interface HardwareHost {
  /** The URL as configured, credentials included: for the inspector only, never logged or published. */
  readonly url: URL;
  /** The URL with credentials and secret query parameters removed: what samples carry in `resource_url`. */
  readonly resourceUrl: string;
  /** Host name or address, the base of resource ids (`<host>`, `<host>.<device>`). */
  readonly hostname: string;
}

/** What a pollster family asks of one host in one cycle: scalars by GET, table columns by walk. */
export interface OidRequest {
  readonly scalars: readonly string[];
  /** Column (or subtree) OIDs to walk; every OID under each is returned. */
  readonly subtrees: readonly string[];
}

export interface HardwareInspector extends Inspector {
  /**
   * Reads the requested OIDs from one host. Implementations fetch each OID at most once per host per
   * cycle (through `cycle.cache`) and bound their own time per host; a dead host rejects with
   * InspectorError after its timeout without delaying other hosts.
   */
  inspect(host: HardwareHost, request: OidRequest, cycle: PollCycle): Promise<OidValues>;
}
