import { describe, expect, it } from 'vitest';
import { createUuid1Generator, uuid1 } from '@ceilometer-ts/sdk';

const V1 = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuid1', () => {
  it('lays out fields as RFC 4122 and Python do', () => {
    // uuid.UUID(fields=(0x1d4c6a4e, 0xc7a9, 0x11f0 & 0x0fff, 0x8d | 0x80, 0xe9, 0x0242ac120002)) in Python:
    const ts = 0x1f0c7a91d4c6a4en - 0x01b21dd213814000n; // ticks since 1970
    const gen = createUuid1Generator({ node: 0x0242ac120002n, clockSeq: 0x0de9, now: () => ts });
    expect(gen()).toBe('1d4c6a4e-c7a9-11f0-8de9-0242ac120002');
    expect(gen()).toBe('1d4c6a4f-c7a9-11f0-8de9-0242ac120002'); // clock did not move: bumped by one tick
  });

  it('carries the bump into the high word when the low word wraps', () => {
    const ts = 0x1f0c7a9ffffffffn - 0x01b21dd213814000n;
    const gen = createUuid1Generator({ node: 0x0242ac120002n, clockSeq: 0x0de9, now: () => ts });
    expect(gen()).toBe('ffffffff-c7a9-11f0-8de9-0242ac120002');
    expect(gen()).toBe('00000000-c7aa-11f0-8de9-0242ac120002');
  });

  it('computes the wall-clock timestamp word by word as exactly as BigInt arithmetic', () => {
    const before = BigInt(Date.now()) * 10_000n + 0x01b21dd213814000n;
    const id = uuid1();
    const after = BigInt(Date.now() + 1) * 10_000n + 0x01b21dd213814000n;
    const ticks = BigInt(`0x${id.slice(15, 18)}${id.slice(9, 13)}${id.slice(0, 8)}`);
    expect(ticks >= before && ticks <= after).toBe(true);
  });

  it('makes unique, increasing-time version-1 ids from the wall clock', () => {
    const ids = Array.from({ length: 1000 }, () => uuid1());
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(id).toMatch(V1);
    const [a = '', , , , node = ''] = ids[0]?.split('-') ?? [];
    const hi = BigInt(`0x${(ids[0] ?? '').slice(15, 18)}${(ids[0] ?? '').slice(9, 13)}${a}`);
    const ms = Number((hi - 0x01b21dd213814000n) / 10_000n);
    expect(Math.abs(ms - Date.now())).toBeLessThan(5_000);
    expect(node).toHaveLength(12);
  });
});
