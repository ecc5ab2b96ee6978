import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HashRing } from '../src/index.js';

const PYTHON = '/usr/bin/python3';
const toozMissing = !existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import tooz.hashring'], { encoding: 'utf8' }).status !== 0;

describe.skipIf(toozMissing)("HashRing against tooz's (Debian python3-tooz)", () => {
  it('assigns 2,000 keys to the same members as tooz.hashring.HashRing, weights included', () => {
    const members = ['3f2c6a1e-8c1b-4e0a-9a57-1c2d3e4f5a6b', 'agent-b', 'agent-ç', '7'];
    const keys = Array.from({ length: 2000 }, (_, i) => (i % 7 === 0 ? `instance-ü-${i}` : `resource-${i}`));
    const script = `
import json, sys
from tooz import hashring
spec = json.load(sys.stdin)
ring = hashring.HashRing([])
for m, w in spec['members']:
    ring.add_node(m, w)
print(json.dumps([sorted(ring.get_nodes(k.encode('utf-8')))[0] for k in spec['keys']]))
`;
    const weighted: [string, number][] = members.map((m, i) => [m, i === 1 ? 3 : 1]);
    const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify({ members: weighted, keys }), encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    const tooz = JSON.parse(r.stdout) as string[];
    const ring = new HashRing();
    for (const [m, w] of weighted) ring.addMember(m, w);
    expect(keys.map((k) => ring.getNode(k))).toEqual(tooz);
  });
});
