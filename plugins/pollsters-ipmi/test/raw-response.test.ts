/** ipmitool raw responses and the SDR's Node Manager record, as upstream's engine reads them. */
import { describe, expect, it } from 'vitest';
import { NM_CUPS_UTILIZATION, NM_STATISTICS, RawResponseError, littleEndian, parseRawResponse } from '../src/node-manager/raw-response.js';
import { bridgeArgs, findNodeManagerAddress } from '../src/node-manager/sdr-oem-record.js';

describe('ipmitool raw responses', () => {
  it('split into the template fields across ipmitool\'s 16-byte lines', () => {
    const fields = parseRawResponse(' 57 01 00 e6 00 40 00 a1 01 d4 00 10 27 7e 65 3c\n 00 00 00 50\n', NM_STATISTICS);
    expect(fields['Manufacturer_ID']).toEqual(['57', '01', '00']);
    expect(littleEndian(fields['Maximum_value']!)).toBe(417);
    expect(fields['DomainID_PolicyState']).toEqual(['50']);
  });

  it('refuse a response of another length', () => {
    expect(() => parseRawResponse(' 57 01 00\n', NM_STATISTICS)).toThrow(RawResponseError);
    expect(() => parseRawResponse('', NM_STATISTICS)).toThrow(/length mismatch: 1 bytes, expected 20/);
  });

  it('read little-endian values, exact beyond 2^53, and refuse what is not hex', () => {
    expect(littleEndian([])).toBe(0);
    expect(littleEndian(['2a', '00', '00', '00', '00', '00', '00', '00'])).toBe(42);
    const fields = parseRawResponse(' 57 01 00 ff ff ff ff ff ff ff ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00', NM_CUPS_UTILIZATION);
    expect(littleEndian(fields['CPU_Utilization']!)).toBe(0xffffffffffffffffn);
    expect(() => littleEndian(['zz'])).toThrow(RawResponseError);
  });
});

describe('the Node Manager OEM record', () => {
  it('gives the slave address and the channel (high nibble of the next byte)', () => {
    const address = findNodeManagerAddress(Buffer.from('00000051c00b5701000d012c6000', 'hex'))!;
    expect(address).toEqual({ slaveAddress: '0x2c', channel: '0x6' });
    expect(bridgeArgs(address)).toEqual(['-b', '0x6', '-t', '0x2c']);
  });

  it('is absent from an SDR without Intel NM', () => {
    expect(findNodeManagerAddress(Buffer.from('0100510114013500', 'hex'))).toBeUndefined();
  });
});
