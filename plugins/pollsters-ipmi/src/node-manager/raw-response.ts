/**
 * `ipmitool raw` responses as upstream's Node Manager engine reads them: the bytes in hex, split into
 * named fields by a template of field lengths (Intel NM spec), multi-byte values little-endian.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** A response that does not have the template's length (upstream's IPMIException "length mismatch"). */
export class RawResponseError extends CeilometerError {
  readonly code = 'CEILO_ERR_IPMI_RAW_RESPONSE' as const;
}

/** Field names and byte counts, in response order. */
export type RawTemplate = readonly (readonly [name: string, bytes: number])[];

/** The one status byte of the sensor initialization agent commands. */
export const ONE_RETURN: RawTemplate = [['ret', 1]];

/** IPMI Get Device ID (netfn 0x06 cmd 0x01) to the BMC. */
export const BMC_INFO: RawTemplate = [
  ['Device_ID', 1], ['Device_Revision', 1], ['Firmware_Revision_1', 1], ['Firmware_Revision_2', 1], ['IPMI_Version', 1],
  ['Additional_Device_support', 1], ['Manufacturer_ID', 3], ['Product_ID', 2], ['Auxiliary_Firmware_Revision', 4],
];

/** Get Device ID bridged to the Node Manager (the Management Engine). */
export const NM_DEVICE_ID: RawTemplate = [
  ['Device_ID', 1], ['Device_revision', 1], ['Firmware_revision_1', 1], ['Firmware_Revision_2', 1], ['IPMI_Version', 1],
  ['Additional_Device_support', 1], ['Manufacturer_ID', 3], ['Product_ID_min_version', 1], ['Product_ID_major_version', 1],
  ['Implemented_firmware', 1], ['Firmware_build_number', 1], ['Last_digit_firmware_build_number', 1], ['Image_flags', 1],
];

/** Get Node Manager Version (netfn 0x2e cmd 0xca). */
export const NM_VERSION: RawTemplate = [
  ['Manufacturer_ID', 3], ['NM_Version', 1], ['IPMI_Version', 1], ['Patch_Version', 1], ['Firmware_Revision_Major', 1], ['Firmware_Revision_Minor', 1],
];

/** Get Node Manager Statistics (netfn 0x2e cmd 0xc8): power, inlet/outlet temperature, airflow. */
export const NM_STATISTICS: RawTemplate = [
  ['Manufacturer_ID', 3], ['Current_value', 2], ['Minimum_value', 2], ['Maximum_value', 2], ['Average_value', 2],
  ['Time_stamp', 4], ['Report_period', 4], ['DomainID_PolicyState', 1],
];

/** Get CUPS Data, utilization (netfn 0x2e cmd 0x65, parameter 5). */
export const NM_CUPS_UTILIZATION: RawTemplate = [['Manufacturer_ID', 3], ['CPU_Utilization', 8], ['Mem_Utilization', 8], ['IO_Utilization', 8]];

/** Get CUPS Data, CUPS index (parameter 1). */
export const NM_CUPS_INDEX: RawTemplate = [['Manufacturer_ID', 3], ['CUPS_Index', 2]];

/** A parsed response: each field's bytes as ipmitool prints them (two hex digits each). */
export type RawFields = Readonly<Record<string, readonly string[]>>;

/**
 * Splits `ipmitool raw` output (` 57 01 00 ...`, a line break every 16 bytes) into the template's
 * fields, as upstream: the text stripped, line breaks removed, split on single spaces.
 * @throws RawResponseError when the byte count is not the template's.
 */
export function parseRawResponse(output: string, template: RawTemplate): RawFields {
  const bytes = output.trim().replaceAll('\n', '').split(' ');
  const expected = template.reduce((n, [, len]) => n + len, 0);
  if (bytes.length !== expected) throw new RawResponseError(`ipmitool output length mismatch: ${bytes.length} bytes, expected ${expected}`);
  const fields: Record<string, readonly string[]> = {};
  let at = 0;
  for (const [name, len] of template) {
    fields[name] = bytes.slice(at, at + len);
    at += len;
  }
  return fields;
}

/**
 * A little-endian field as a number (upstream's `_hex`: bytes reversed, read as one hex number; no
 * bytes is 0). Eight-byte counters beyond 2^53 stay exact as a bigint.
 * @throws RawResponseError for a byte that is not hex.
 */
export function littleEndian(bytes: readonly string[]): number | bigint {
  if (bytes.length === 0) return 0;
  const hex = [...bytes].reverse().join('');
  if (!/^[0-9a-f]+$/i.test(hex)) throw new RawResponseError(`not hex bytes: ${bytes.join(' ')}`);
  const value = BigInt(`0x${hex}`);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
