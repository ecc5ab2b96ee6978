import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RING_PARTITIONS, HashRing } from '../src/index.js';

const KEYS = Array.from({ length: 10_000 }, (_, i) => `resource-${i}`);
const members = (n: number): string[] => Array.from({ length: n }, (_, i) => `agent-${i}`);

function assignment(ring: HashRing): string[] {
  return KEYS.map((k) => ring.getNode(k) ?? '');
}

function moved(before: readonly string[], after: readonly string[]): number {
  return before.filter((owner, i) => owner !== after[i]).length;
}

describe('HashRing', () => {
  it('has 32 points per member by default, as tooz', () => {
    expect(DEFAULT_RING_PARTITIONS).toBe(32);
    expect(new HashRing(members(3)).size).toBe(96);
    expect(new HashRing(members(3), { partitions: 8 }).size).toBe(24);
  });

  it('an empty ring owns nothing', () => {
    const ring = new HashRing();
    expect(ring.getNode('x')).toBeUndefined();
    expect(ring.getNodes('x')).toEqual([]);
  });

  it.each([2, 3, 5, 10])('adding a member to %i moves about 1/(N+1) of 10,000 keys, all to the new member', (n) => {
    const ring = new HashRing(members(n));
    const before = assignment(ring);
    ring.addMember(`agent-${n}`);
    const after = assignment(ring);
    const count = moved(before, after);
    const ideal = KEYS.length / (n + 1);
    // 32 points per member: the share of one member varies by roughly ±30 % around the ideal
    expect(count).toBeGreaterThan(ideal * 0.5);
    expect(count).toBeLessThan(ideal * 1.6);
    expect(after.filter((owner, i) => owner !== before[i]).every((owner) => owner === `agent-${n}`)).toBe(true);
  });

  it('removing a member moves only its keys, and removing what was added restores the assignment', () => {
    const ring = new HashRing(members(4));
    const before = assignment(ring);
    ring.removeMember('agent-2');
    const after = assignment(ring);
    for (let i = 0; i < KEYS.length; i += 1) if (before[i] !== 'agent-2') expect(after[i]).toBe(before[i]);
    ring.addMember('agent-2');
    expect(assignment(ring)).toEqual(before);
    expect(ring.removeMember('nobody')).toBe(false);
  });

  it('spreads keys over every member; a weight of 2 takes about twice the keys', () => {
    const ring = new HashRing(members(3));
    ring.addMember('heavy', 2);
    const counts = new Map<string, number>();
    for (const owner of assignment(ring)) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['agent-0', 'agent-1', 'agent-2', 'heavy']);
    const light = ((counts.get('agent-0') ?? 0) + (counts.get('agent-1') ?? 0) + (counts.get('agent-2') ?? 0)) / 3;
    expect((counts.get('heavy') ?? 0) / light).toBeGreaterThan(1.3);
  });

  it('getNodes gives distinct replicas and passes over ignored members', () => {
    const ring = new HashRing(members(3));
    const all = ring.getNodes('key', { replicas: 5 });
    expect(new Set(all).size).toBe(3);
    expect(all[0]).toBe(ring.getNode('key'));
    expect(ring.getNodes('key', { ignore: [all[0]!] })).toEqual([all[1]]);
  });

  it('does not depend on the order members are added in', () => {
    const a = new HashRing(['x', 'y', 'z']);
    const b = new HashRing(['z']);
    b.addMembers(['y', 'x']);
    expect(assignment(a)).toEqual(assignment(b));
  });

  it('gives the same assignment in every process (V8 hash seeds differ)', () => {
    const here = fileURLToPath(new URL('.', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'ceilo-ring-'));
    try {
      const script = join(dir, 'assign.mts');
      writeFileSync(
        script,
        `import { createHash } from 'node:crypto';
import { HashRing } from ${JSON.stringify(join(here, '..', 'src', 'hash-ring.ts'))};
const ring = new HashRing(['agent-0', 'agent-1', 'agent-2', 'agent-3']);
const owners = Array.from({ length: 10000 }, (_, i) => ring.getNode('resource-' + i)).join(',');
process.stdout.write(createHash('sha256').update(owners).digest('hex'));
`,
      );
      const tsx = createRequire(import.meta.url).resolve('tsx');
      const run = (seed: number): string => {
        const r = spawnSync(process.execPath, [`--hash-seed=${seed}`, '--import', tsx, script], { encoding: 'utf8', timeout: 60_000 });
        expect(r.stderr).toBe('');
        return r.stdout;
      };
      const here4 = assignment(new HashRing(['agent-0', 'agent-1', 'agent-2', 'agent-3'])).join(',');
      const local = createHash('sha256').update(here4).digest('hex');
      expect(run(1)).toBe(local);
      expect(run(424242)).toBe(local);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
