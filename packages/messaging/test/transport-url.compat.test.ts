import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseTransportUrl } from '@ceilometer-ts/messaging';

const PY = '/usr/bin/python3';
const probe = spawnSync(PY, ['-c', 'import oslo_messaging'], { stdio: 'ignore' });
const available = probe.status === 0;

const URLS = [
  'rabbit://openstack:secret@123@127.0.0.1:5672/',
  'rabbit://guest:guest@127.0.0.1:5674/',
  'rabbit://h:5672',
  'rabbit://h//',
  'rabbit://h/%2F',
  'rabbit://h/a%20b/c',
  'RABBIT://User:Pa%3Ass@Host:1',
  'rabbit://u1:p1@h1:5671,u2:p2@h2:5672,h3/vh?ssl=1&a=x&a=y&blank=&flag',
  'rabbit://u:p@[fe80::1]:5673,[::1]/',
  'rabbit://:p@h/',
  'rabbit://u@h/',
  'rabbit://@h:/',
  'rabbit://user:p:w@h:1/x?q=a+b%21',
  'rabbit://a@b:c@h:2/',
  'kombu+memory:////',
  'rabbit:///',
  'rabbit://h/v#frag',
  'rabbit://h:+5_672/',
  ' rabbit://h\t:1/',
];

function pythonParse(urls: string[]): unknown[] {
  const script = `
import json, sys
from oslo_config import cfg
import oslo_messaging
conf = cfg.ConfigOpts()
out = []
for u in json.load(sys.stdin):
    try:
        t = oslo_messaging.TransportURL.parse(conf, u)
        out.append({'transport': t.transport, 'virtualHost': t.virtual_host,
                    'hosts': [{'hostname': h.hostname, 'port': h.port, 'username': h.username, 'password': h.password} for h in t.hosts],
                    'query': t.query})
    except Exception as e:
        out.append({'error': type(e).__name__})
print(json.dumps(out))
`;
  const res = spawnSync(PY, ['-c', script], { input: JSON.stringify(urls), encoding: 'utf8' });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout) as unknown[];
}

describe.skipIf(!available)('parseTransportUrl matches oslo_messaging.TransportURL.parse', () => {
  it('gives the same result for every sample URL', () => {
    const expected = pythonParse(URLS);
    const actual = URLS.map((u) => {
      try {
        return parseTransportUrl(u);
      } catch {
        return { error: 'error' };
      }
    });
    URLS.forEach((u, i) => {
      const want = expected[i] as Record<string, unknown>;
      const got = actual[i] as Record<string, unknown>;
      if ('error' in want) expect(got, u).toHaveProperty('error');
      else expect(got, u).toEqual(want);
    });
  });
});
