import { test } from 'vitest';
import { MapCycleCache, parseHardwareResourceUrl } from '@ceilometer-ts/sdk';
import { SnmpHardwareInspector } from '../src/index.js';

test('scratch', async () => {
  const insp = new SnmpHardwareInspector();
  const cycle = { cache: new MapCycleCache(), timestamp: '', sourceName: 's', signal: new AbortController().signal };
  const req = { scalars: ['1.3.6.1.4.1.2021.4.5.0', '1.3.6.1.4.1.2021.10.1.3.1', '1.3.6.1.4.1.2021.11.9.0', '.1.3.6.1.2.1.1.3.0'], subtrees: ['1.3.6.1.2.1.2.2.1.6', '1.3.6.1.4.1.2021.13.15.1.1.2', '1.3.6.1.4.1.2021.10.1.6', '1.3.6.1.2.1.31.1.1.1.6'] };
  for (const u of ['snmp://127.0.0.1:16300', 'snmp://ceilo:ceilo-auth-pass@127.0.0.1:16300?auth_proto=sha&priv_proto=aes128&priv_password=ceilo-priv-pass',
    'snmp://ceilo512:ceilo-auth-pass@127.0.0.1:16300?auth_proto=sha512&priv_proto=aes256b&priv_password=ceilo-priv-pass',
    'snmp://ceilo256c:ceilo-auth-pass@127.0.0.1:16300?auth_proto=sha&priv_proto=aes256&priv_password=ceilo-priv-pass',
    'snmp://ceilomd5:ceilo-auth-pass@127.0.0.1:16300?priv_password=ceilo-priv-pass',
    'snmp://ceiloauth:ceilo-auth-pass@127.0.0.1:16300?auth_proto=sha256',
  ]) {
    try {
      const v = await insp.inspect(parseHardwareResourceUrl(u), req, cycle);
      console.log(u.slice(0, 30), v.size, [...v].slice(0, 30));
    } catch (e) { console.log(u.slice(0,30), String(e), (e as Error).cause); }
  }
  await insp.close();
});
