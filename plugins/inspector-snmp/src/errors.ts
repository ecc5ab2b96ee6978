/**
 * The inspector's errors: sdk `InspectorError`s that name the host (`snmp://10.0.0.5:161`) and
 * why, and never carry a community, user key or privacy password.
 */
import { InspectorError } from '@ceilometer-ts/sdk';

/** Why an SNMP read failed. */
export type SnmpFailure =
  /** No answer within timeout x (retries + 1): host down, port closed, wrong community (v1/v2c drop silently). */
  | 'timeout'
  /** SNMPv3 report: unknown user, wrong digest (auth key), decryption error, ... */
  | 'auth'
  /** The agent answered with an error status or a malformed/out-of-order response. */
  | 'protocol'
  /** The resource URL or `[hardware]` options are unusable (unknown protocol, bad number, ...). */
  | 'config'
  /** The inspector was closed while the request was in flight. */
  | 'closed';

/** An SNMP read or URL problem for one host. */
export class SnmpInspectorError extends InspectorError {
  constructor(
    /** Host and port as `snmp://host:port`: safe to log. */
    readonly host: string,
    readonly failure: SnmpFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${host}: ${message}`, options);
  }
}
