import { describe, expect, test } from 'vitest';
import {
  HostCycleState,
  Limiter,
  NO_SUCH_NAME,
  SnmpRequestError,
  TOO_BIG,
  compareOids,
  getScalars,
  walkSubtrees,
  type RawVarbind,
  type SnmpChannel,
} from '../src/index.js';

/** An in-memory agent with snmpd's GETBULK cap and optional tooBig limits. */
class FakeAgent implements SnmpChannel {
  readonly label = 'snmp://fake:161';
  version: '1' | '2c' | '3' = '2c';
  readonly mib: RawVarbind[];
  bulkCalls = 0;
  constructor(entries: Array<[string, number]>, readonly maxResponses = 100, readonly tooBigAbove = Infinity) {
    this.mib = entries.map(([oid, value]) => ({ oid, type: 2, value })).sort((a, b) => compareOids(a.oid, b.oid));
  }
  #next(oid: string): RawVarbind {
    return this.mib.find((vb) => compareOids(vb.oid, oid) > 0) ?? { oid, type: 130, value: null };
  }
  async get(oids: readonly string[]): Promise<RawVarbind[]> {
    if (oids.length > this.tooBigAbove) throw new SnmpRequestError(this.label, 'protocol', 'TooBig', TOO_BIG);
    return oids.map((oid) => this.mib.find((vb) => vb.oid === oid) ?? { oid, type: 129, value: null });
  }
  async getNext(oids: readonly string[]): Promise<RawVarbind[]> {
    return oids.map((oid) => {
      const vb = this.#next(oid);
      if (vb.type === 130) throw new SnmpRequestError(this.label, 'protocol', `NoSuchName: ${oid}`, NO_SUCH_NAME, oid);
      return vb;
    });
  }
  async getBulk(oids: readonly string[], maxRepetitions: number): Promise<RawVarbind[][]> {
    this.bulkCalls++;
    if (this.version === '1') return (await this.getNext(oids)).map((vb) => [vb]);
    if (oids.length * maxRepetitions > this.tooBigAbove && maxRepetitions > 1) throw new SnmpRequestError(this.label, 'protocol', 'TooBig', TOO_BIG);
    const reps = Math.min(maxRepetitions, Math.floor(this.maxResponses / oids.length)); // snmpd: 0 when the columns alone exceed the cap
    const cursors = [...oids];
    const cols: RawVarbind[][] = oids.map(() => []);
    for (let r = 0; r < reps; r++) {
      cursors.forEach((c, i) => {
        const vb = this.#next(c);
        cols[i]!.push(vb);
        cursors[i] = vb.oid;
      });
    }
    return cols;
  }
}

function table(column: string, rows: number): Array<[string, number]> {
  return Array.from({ length: rows }, (_, i) => [`${column}.${i + 1}`, i] as [string, number]);
}

describe('walkSubtrees', () => {
  const entries = [...table('1.3.6.1.2.1.2.2.1.2', 40), ...table('1.3.6.1.2.1.2.2.1.10', 40), ...table('1.3.6.1.2.1.2.2.1.16', 40), ['1.3.6.1.2.1.4.3.0', 7] as [string, number]];

  test('keeps walking when the agent truncates responses', async () => {
    const agent = new FakeAgent(entries, 7);
    const rows = await walkSubtrees(agent, ['1.3.6.1.2.1.2.2.1.2', '1.3.6.1.2.1.2.2.1.10', '1.3.6.1.2.1.2.2.1.16'], 100);
    expect(rows.map((r) => r.length)).toEqual([40, 40, 40]);
    expect(rows[1]![39]![0]).toBe('1.3.6.1.2.1.2.2.1.10.40');
    expect(agent.bulkCalls).toBeGreaterThan(10);
  });

  test('asks for fewer columns when the agent answers nothing (more columns than its varbind cap)', async () => {
    const agent = new FakeAgent(entries, 2);
    const rows = await walkSubtrees(agent, ['1.3.6.1.2.1.2.2.1.2', '1.3.6.1.2.1.2.2.1.10', '1.3.6.1.2.1.2.2.1.16'], 25);
    expect(rows.map((r) => r.length)).toEqual([40, 40, 40]);
  });

  test('stops a column on the arc boundary (1.3.6.1.2.1.2.2.1.1 is not 1.3.6.1.2.1.2.2.1.10)', async () => {
    const agent = new FakeAgent([...entries, ...table('1.3.6.1.2.1.2.2.1.1', 3)]);
    const [rows] = await walkSubtrees(agent, ['1.3.6.1.2.1.2.2.1.1'], 25);
    expect(rows!.map(([oid]) => oid)).toEqual(['1.3.6.1.2.1.2.2.1.1.1', '1.3.6.1.2.1.2.2.1.1.2', '1.3.6.1.2.1.2.2.1.1.3']);
  });

  test('halves repetitions, then columns, on tooBig', async () => {
    const agent = new FakeAgent(entries, 100, 8);
    const rows = await walkSubtrees(agent, ['1.3.6.1.2.1.2.2.1.2', '1.3.6.1.2.1.2.2.1.10', '1.3.6.1.2.1.2.2.1.16'], 64);
    expect(rows.map((r) => r.length)).toEqual([40, 40, 40]);
  });

  test('an empty or missing subtree yields no rows; the end of the MIB ends the walk', async () => {
    const agent = new FakeAgent(entries);
    expect(await walkSubtrees(agent, ['1.3.6.1.4.1.2021.9.1.6', '1.3.6.1.9'], 10)).toEqual([[], []]);
  });

  test('SNMPv1: GETNEXT walks ending in noSuchName', async () => {
    const agent = new FakeAgent(entries.slice(0, 45));
    agent.version = '1';
    const rows = await walkSubtrees(agent, ['1.3.6.1.2.1.2.2.1.2', '1.3.6.1.2.1.2.2.1.10'], 10);
    expect(rows.map((r) => r.length)).toEqual([40, 5]);
  });

  test('an agent going backwards is a protocol error, not an endless loop', async () => {
    const agent = new FakeAgent(entries);
    agent.getBulk = async (oids) => oids.map(() => [{ oid: '1.3.6.1.2.1.2.2.1.2.1', type: 2, value: 1 }]);
    await expect(walkSubtrees(agent, ['1.3.6.1.2.1.2.2.1.2'], 10)).rejects.toThrow(/not increasing/);
  });
});

describe('getScalars', () => {
  test('splits tooBig batches and leaves out absent OIDs', async () => {
    const agent = new FakeAgent([...table('1.3.6.1.4.1.2021.4', 30).map(([o, v]) => [`${o}.0`, v] as [string, number])], 100, 4);
    const oids = [...Array.from({ length: 30 }, (_, i) => `1.3.6.1.4.1.2021.4.${i + 1}.0`), '1.3.6.1.4.1.2021.11.9.0'];
    const values = await getScalars(agent, oids);
    expect(values.size).toBe(30);
    expect(values.get('1.3.6.1.4.1.2021.4.30.0')).toEqual({ type: 'Integer', value: 29 });
    expect(values.has('1.3.6.1.4.1.2021.11.9.0')).toBe(false);
  });
});

describe('HostCycleState', () => {
  test('fetches each scalar and subtree once per cycle, sharing concurrent requests', async () => {
    const state = new HostCycleState();
    const calls: Array<[readonly string[], readonly string[]]> = [];
    const fetch = (scalars: readonly string[], subtrees: readonly string[]) => {
      calls.push([scalars, subtrees]);
      return Promise.resolve({
        values: new Map(scalars.map((s) => [s, { type: 'Integer' as const, value: 1 }])),
        rows: subtrees.map((t) => [[`${t}.1`, { type: 'Integer' as const, value: 2 }] as const]),
      });
    };
    const [a, b] = await Promise.all([
      state.read({ scalars: ['1.3.1.0', '1.3.2.0'], subtrees: ['1.3.9'] }, fetch),
      state.read({ scalars: ['1.3.2.0', '1.3.9.1'], subtrees: ['1.3.9', '1.3.10'] }, fetch),
    ]);
    expect(calls).toEqual([
      [['1.3.1.0', '1.3.2.0'], ['1.3.9']],
      [[], ['1.3.10']],
    ]);
    expect([...a.keys()]).toEqual(['1.3.1.0', '1.3.2.0', '1.3.9.1']);
    expect([...b.keys()]).toEqual(['1.3.2.0', '1.3.9.1', '1.3.10.1']);
    await state.read({ scalars: ['1.3.1.0'], subtrees: ['1.3.9', '1.3.10'] }, fetch);
    expect(calls).toHaveLength(2);
  });

  test('a failed host fails fast for the rest of the cycle', async () => {
    const state = new HostCycleState();
    let calls = 0;
    const fetch = () => {
      calls++;
      return Promise.reject(new Error('timeout'));
    };
    await expect(state.read({ scalars: ['1.3.1.0'], subtrees: ['1.3.9'] }, fetch)).rejects.toThrow('timeout');
    await expect(state.read({ scalars: ['1.3.1.0'], subtrees: ['1.3.9'] }, fetch)).rejects.toThrow('timeout');
    expect(calls).toBe(1);
  });

  // Regression: a scalar-only request to a dead host left the fetch's other half rejecting with
  // nobody awaiting it, and Node ended the polling agent with triggerUncaughtException.
  test.each([
    ['scalars only', { scalars: ['1.3.1.0'], subtrees: [] }],
    ['subtrees only', { scalars: [], subtrees: ['1.3.9'] }],
    ['a scalar read from a failed walk', { scalars: ['1.3.9.1'], subtrees: ['1.3.9'] }],
  ])('a failed fetch for %s leaves no unhandled rejection behind', async (_, request) => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const state = new HostCycleState();
      await expect(state.read(request, () => Promise.reject(new Error('timeout')))).rejects.toThrow('timeout');
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});

test('Limiter never runs more than its limit', async () => {
  const limiter = new Limiter(3);
  let running = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: 20 }, () =>
      limiter.run(async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 2));
        running--;
      }),
    ),
  );
  expect(peak).toBe(3);
  expect(limiter.peak).toBe(3);
  expect(limiter.active).toBe(0);
});
