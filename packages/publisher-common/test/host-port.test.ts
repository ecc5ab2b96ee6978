import { describe, expect, it } from 'vitest';
import { CollectorAddressError, DEFAULT_COLLECTOR_PORT, parseHostPort } from '../src/index.js';

describe('parseHostPort', () => {
  it('reads host, host:port, [v6]:port and a bare IPv6 address', () => {
    expect(parseHostPort('udp://h')).toEqual({ host: 'h', port: DEFAULT_COLLECTOR_PORT });
    expect(parseHostPort('tcp://user:pw@h:9000/x')).toEqual({ host: 'h', port: 9000 });
    expect(parseHostPort('udp://[::1]:4953')).toEqual({ host: '::1', port: 4953 });
    expect(parseHostPort('udp://::1', 1)).toEqual({ host: '::1', port: 1 });
  });

  it('rejects a missing host or a bad port', () => {
    expect(() => parseHostPort('udp://:4952')).toThrow(CollectorAddressError);
    expect(() => parseHostPort('udp://h:70000')).toThrow(/invalid port "70000"/);
  });
});
