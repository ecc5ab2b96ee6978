/**
 * The inspector against real net-snmp agents (Debian snmpd, started by scripts/services/start-snmpd.sh):
 * every Stein OID compared with net-snmp's own CLI, SNMPv3, truncated GETBULK, dead hosts, wrong
 * credentials, session reuse and the host concurrency bound.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MapCycleCache, parseHardwareResourceUrl, type OidValue, type OidValues, type PollCycle } from '@ceilometer-ts/sdk';
import { findFreePort, startSnmpd, startSnmpdFleet, type SnmpdService } from '@ceilometer-ts/test-services';
import { SnmpHardwareInspector, SnmpInspectorError } from '../src/index.js';
import { cliRead, v2c, v3 } from './net-snmp-cli.js';

const STEIN: { scalars: string[]; subtrees: string[] } = JSON.parse(readFileSync(new URL('./fixtures/stein-oids.json', import.meta.url), 'utf8'));

const newCycle = (): PollCycle => ({ cache: new MapCycleCache(), timestamp: new Date().toISOString(), sourceName: 'test', signal: new AbortController().signal });

const COUNTERS = new Set(['Counter32', 'Counter64', 'TimeTicks']);

/** Ours must match the CLI reading taken just before or just after (counters: in between). */
function expectSameReading(ours: OidValues, before: Map<string, OidValue>, after: Map<string, OidValue>): void {
  expect([...ours.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [oid, v] of ours) {
    const b = before.get(oid)!;
    const a = after.get(oid) ?? b;
    expect(v.type, oid).toBe(b.type);
    if (typeof v.value === 'number' && typeof b.value === 'number' && typeof a.value === 'number') {
      if (COUNTERS.has(v.type)) {
        expect(v.value, oid).toBeGreaterThanOrEqual(b.value);
        expect(v.value, oid).toBeLessThanOrEqual(a.value);
      } else if (v.type === 'Opaque') {
        expect(Math.min(Math.abs(v.value - b.value), Math.abs(v.value - a.value)), oid).toBeLessThan(0.001);
      } else {
        const lo = Math.min(a.value, b.value);
        const hi = Math.max(a.value, b.value);
        // gauges (free memory, disk used) may move between the three readings
        expect(v.value >= lo - 0.02 * Math.abs(lo) - 64 && v.value <= hi + 0.02 * Math.abs(hi) + 64, `${oid}: ${v.value} not near ${lo}..${hi}`).toBe(true);
      }
    } else {
      expect([b.value, a.value], oid).toContainEqual(v.value);
    }
  }
}

describe('SNMP inspector against snmpd', () => {
  let agent: SnmpdService;
  let truncating: SnmpdService;
  const target = (s: SnmpdService) => `127.0.0.1:${s.port}`;

  beforeAll(async () => {
    [agent, truncating] = await Promise.all([
      startSnmpd({
        extraV3Users: [
          { name: 'ceilo512', authProto: 'SHA-512', authPass: 'ceilo-auth-pass', privProto: 'AES-256', privPass: 'ceilo-priv-pass' },
          { name: 'ceilo256c', authProto: 'SHA', authPass: 'ceilo-auth-pass', privProto: 'AES-256-C', privPass: 'ceilo-priv-pass' },
          { name: 'ceiloauth', authProto: 'SHA-256', authPass: 'ceilo-auth-pass' },
        ],
      }),
      startSnmpd({ maxGetbulkResponses: 7, community: 'trunc-community' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([agent?.stop(), truncating?.stop()]);
  });

  test('v2c: every Stein OID the agent serves equals snmpget/snmpbulkwalk', async () => {
    const inspector = new SnmpHardwareInspector();
    try {
      const before = await cliRead(target(agent), v2c(agent.community), STEIN, agent.cliEnv);
      const ours = await inspector.inspect(parseHardwareResourceUrl(agent.url), STEIN, newCycle());
      const after = await cliRead(target(agent), v2c(agent.community), STEIN, agent.cliEnv);
      expectSameReading(ours, before, after);
      // what this agent serves of Stein's set (hrProcessorLoad/ssCpuUser need a minute of uptime)
      expect(ours.get('1.3.6.1.4.1.2021.4.5.0')?.type).toBe('Integer');
      expect(ours.get('1.3.6.1.4.1.2021.10.1.3.1')?.type).toBe('OctetString');
      expect([...ours.keys()].filter((k) => k.startsWith('1.3.6.1.2.1.2.2.1.2.')).length).toBeGreaterThan(0);
      expect([...ours.keys()].filter((k) => k.startsWith('1.3.6.1.4.1.2021.13.15.1.1.3.')).length).toBeGreaterThan(0);
      expect([...ours.keys()].filter((k) => k.startsWith('1.3.6.1.4.1.2021.9.1.6.')).length).toBeGreaterThan(0);
      expect([...ours.keys()].some((k) => k.startsWith('1.3.6.1.2.1.4.20.1.2.127.0.0.1'))).toBe(true);
    } finally {
      await inspector.close();
    }
  });

  test('v3 authPriv (SHA + AES-128, Stein URL syntax) reads the same as snmpget -v3', async () => {
    const inspector = new SnmpHardwareInspector();
    try {
      const u = agent.v3User;
      const auth = v3(u.name, u.authProto, u.authPass, u.privProto!, u.privPass!);
      const before = await cliRead(target(agent), auth, STEIN, agent.cliEnv);
      expect(agent.v3Url).toMatch(/^snmp:\/\/ceilo:ceilo-auth-pass@127\.0\.0\.1:\d+\?auth_proto=sha&priv_proto=aes128&priv_password=ceilo-priv-pass$/);
      const ours = await inspector.inspect(parseHardwareResourceUrl(agent.v3Url), STEIN, newCycle());
      const after = await cliRead(target(agent), auth, STEIN, agent.cliEnv);
      expectSameReading(ours, before, after);
    } finally {
      await inspector.close();
    }
  });

  test.each([
    ['SHA-512 + AES-256 (Blumenthal)', 'ceilo512', 'auth_proto=sha512&priv_proto=aes256b&priv_password=ceilo-priv-pass'],
    ["SHA + AES-256-C (Reeder, Stein's aes256)", 'ceilo256c', 'auth_proto=sha&priv_proto=aes256&priv_password=ceilo-priv-pass'],
    ['SHA-256 authNoPriv', 'ceiloauth', 'auth_proto=sha256'],
  ])('v3 %s', async (_, user, query) => {
    const inspector = new SnmpHardwareInspector();
    try {
      const values = await inspector.inspect(
        parseHardwareResourceUrl(`snmp://${user}:ceilo-auth-pass@127.0.0.1:${agent.port}?${query}`),
        { scalars: ['1.3.6.1.4.1.2021.4.5.0'], subtrees: ['1.3.6.1.2.1.2.2.1.2'] },
        newCycle(),
      );
      expect(values.get('1.3.6.1.4.1.2021.4.5.0')?.type).toBe('Integer');
      expect(values.get('1.3.6.1.2.1.2.2.1.2.1')).toEqual({ type: 'OctetString', value: 'lo' });
    } finally {
      await inspector.close();
    }
  });

  test('an agent that truncates GETBULK at 7 varbinds: walks still complete', async () => {
    const inspector = new SnmpHardwareInspector({ maxRepetitions: 50 });
    try {
      const host = parseHardwareResourceUrl(truncating.url);
      const before = await cliRead(target(truncating), v2c(truncating.community), STEIN, truncating.cliEnv);
      const ours = await inspector.inspect(host, STEIN, newCycle());
      const after = await cliRead(target(truncating), v2c(truncating.community), STEIN, truncating.cliEnv);
      expectSameReading(ours, before, after);
      // 16 columns, at most 7 varbinds per answer: many round trips
      expect(inspector.requestCount(host)).toBeGreaterThan(10);
    } finally {
      await inspector.close();
    }
  });

  test('one session per host across cycles; each OID fetched once per host per cycle', async () => {
    const inspector = new SnmpHardwareInspector();
    try {
      const host = parseHardwareResourceUrl(agent.url);
      const first = newCycle();
      const memory = { scalars: ['1.3.6.1.4.1.2021.4.5.0', '1.3.6.1.4.1.2021.4.6.0'], subtrees: [] };
      const network = { scalars: ['1.3.6.1.4.1.2021.4.5.0'], subtrees: ['1.3.6.1.2.1.2.2.1.10', '1.3.6.1.2.1.2.2.1.2'] };
      const [m, n] = await Promise.all([inspector.inspect(host, memory, first), inspector.inspect(host, network, first)]);
      expect(m.get('1.3.6.1.4.1.2021.4.5.0')).toEqual(n.get('1.3.6.1.4.1.2021.4.5.0'));
      const afterFirst = inspector.requestCount(host);
      await inspector.inspect(host, network, first);
      await inspector.inspect(host, STEIN, first); // only what is new is fetched
      const afterStein = inspector.requestCount(host);
      await inspector.inspect(host, STEIN, first);
      expect(inspector.requestCount(host)).toBe(afterStein);
      expect(afterFirst).toBeLessThanOrEqual(3);

      await inspector.inspect(host, STEIN, newCycle());
      expect(inspector.requestCount(host)).toBeGreaterThan(afterStein);
      expect(inspector.sessionCount).toBe(1);
    } finally {
      await inspector.close();
    }
    expect(inspector.sessionCount).toBe(0);
    await expect(inspector.inspect(parseHardwareResourceUrl(agent.url), STEIN, newCycle())).rejects.toMatchObject({ failure: 'closed' });
  });

  test('a dead host times out on its own while a good host answers on time', async () => {
    const inspector = new SnmpHardwareInspector({ timeoutMs: 400, retries: 1 });
    try {
      const closedPort = await findFreePort(); // nothing listens there
      const dead = parseHardwareResourceUrl(`snmp://secret-community@127.0.0.1:${closedPort}`);
      const good = parseHardwareResourceUrl(agent.url);
      const t0 = Date.now();
      const deadRead = inspector.inspect(dead, STEIN, newCycle()).then(
        () => Infinity,
        (err: unknown) => err,
      );
      await inspector.inspect(good, STEIN, newCycle());
      const goodMs = Date.now() - t0;
      const err = await deadRead;
      const deadMs = Date.now() - t0;
      expect(goodMs).toBeLessThan(700);
      expect(deadMs).toBeGreaterThanOrEqual(750);
      expect(err).toBeInstanceOf(SnmpInspectorError);
      expect(err).toMatchObject({ failure: 'timeout', host: `snmp://127.0.0.1:${closedPort}`, code: 'CEILO_ERR_INSPECTOR' });
      expect((err as Error).message).toMatch(/no SNMP response within 400 ms x 2 attempts/);
      expect(JSON.stringify({ m: (err as Error).message, c: String((err as Error).cause), s: (err as Error).stack })).not.toContain('secret-community');
    } finally {
      await inspector.close();
    }
  });

  test('a wrong community is a timeout that says so and does not print the community', async () => {
    const inspector = new SnmpHardwareInspector({ timeoutMs: 300, retries: 0 });
    try {
      const host = parseHardwareResourceUrl(`snmp://not-the-community@127.0.0.1:${agent.port}`);
      const err = await inspector.inspect(host, STEIN, newCycle()).catch((e: unknown) => e);
      expect(err).toMatchObject({ failure: 'timeout' });
      expect((err as Error).message).toMatch(/wrong community/);
      expect((err as Error).message).not.toContain('not-the-community');
      expect(host.resourceUrl).toBe(`snmp://127.0.0.1:${agent.port}`);
    } finally {
      await inspector.close();
    }
  });

  test('wrong SNMPv3 keys are auth errors that name the host only', async () => {
    const inspector = new SnmpHardwareInspector({ timeoutMs: 500, retries: 0 });
    try {
      const wrongKey = parseHardwareResourceUrl(`snmp://ceilo:wrong-auth-key@127.0.0.1:${agent.port}?auth_proto=sha&priv_proto=aes128&priv_password=wrong-priv-key`);
      const err = await inspector.inspect(wrongKey, STEIN, newCycle()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SnmpInspectorError);
      expect(['auth', 'timeout']).toContain((err as SnmpInspectorError).failure);
      const unknownUser = parseHardwareResourceUrl(`snmp://nobody:some-auth-key@127.0.0.1:${agent.port}?auth_proto=sha`);
      const err2 = await inspector.inspect(unknownUser, STEIN, newCycle()).catch((e: unknown) => e);
      expect(err2).toMatchObject({ failure: 'auth' });
      expect((err2 as Error).message).toMatch(/Unknown User Name/i);
      for (const e of [err, err2]) expect(String(e)).not.toMatch(/wrong-auth-key|wrong-priv-key|some-auth-key/);
    } finally {
      await inspector.close();
    }
  });
});

/** Rejections nobody handled while `body` ran (plus a few event-loop turns): each one would end the agent. */
async function unhandledDuring(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', onUnhandled);
  try {
    await body();
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return seen;
}

// Meters with scalars only (hardware.cpu.load.1min, hardware.memory.total): the request has no
// subtree, the path where a failed host used to leave an unobserved rejection behind.
describe('a failing host asked for scalars only', () => {
  let agent: SnmpdService;
  const SCALARS = { scalars: ['1.3.6.1.4.1.2021.10.1.3.1', '1.3.6.1.4.1.2021.4.5.0'], subtrees: [] };
  beforeAll(async () => {
    agent = await startSnmpd();
  });
  afterAll(async () => {
    await agent?.stop();
  });

  test.each([
    ['a closed port', async () => `snmp://127.0.0.1:${await findFreePort()}`, ['timeout']],
    ['a wrong community', async () => `snmp://not-the-community@127.0.0.1:${agent.port}`, ['timeout']],
    ['a wrong SNMPv3 auth key', async () => `snmp://ceilo:wrong-auth-key@127.0.0.1:${agent.port}?auth_proto=sha&priv_proto=aes128&priv_password=ceilo-priv-pass`, ['auth', 'timeout']],
    ['an unknown SNMPv3 user', async () => `snmp://nobody:some-auth-key@127.0.0.1:${agent.port}?auth_proto=sha`, ['auth']],
  ])('%s: a per-host InspectorError, no unhandled rejection, the good host still answers', async (_, url, failures) => {
    const inspector = new SnmpHardwareInspector({ timeoutMs: 300, retries: 0 });
    try {
      const bad = parseHardwareResourceUrl(await url());
      const good = parseHardwareResourceUrl(agent.url);
      const cycle = newCycle();
      const errors: unknown[] = [];
      const unhandled = await unhandledDuring(async () => {
        // two meters of the same cycle: the second one fails fast from the cycle state
        errors.push(await inspector.inspect(bad, { scalars: SCALARS.scalars.slice(0, 1), subtrees: [] }, cycle).catch((e: unknown) => e));
        errors.push(await inspector.inspect(bad, SCALARS, cycle).catch((e: unknown) => e));
        const values = await inspector.inspect(good, SCALARS, cycle);
        expect(values.get('1.3.6.1.4.1.2021.4.5.0')?.type).toBe('Integer');
      });
      expect(unhandled).toEqual([]);
      for (const err of errors) {
        expect(err).toBeInstanceOf(SnmpInspectorError);
        expect(failures).toContain((err as SnmpInspectorError).failure);
        expect(String(err)).not.toMatch(/not-the-community|wrong-auth-key|some-auth-key|ceilo-priv-pass/);
      }
    } finally {
      await inspector.close();
    }
  });
});

describe('many agents', () => {
  let fleet: SnmpdService;
  beforeAll(async () => {
    fleet = await startSnmpdFleet(8);
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  test('all hosts polled in one cycle with max_parallel_hosts respected', async () => {
    const inspector = new SnmpHardwareInspector({ maxParallelHosts: 3 });
    try {
      expect(fleet.ports).toHaveLength(8);
      const cycle = newCycle();
      const results = await Promise.all(
        fleet.ports.map((port) => inspector.inspect(parseHardwareResourceUrl(`snmp://127.0.0.1:${port}`), STEIN, cycle)),
      );
      for (const r of results) expect(r.get('1.3.6.1.4.1.2021.4.5.0')?.type).toBe('Integer');
      expect(inspector.peakParallelHosts).toBe(3);
      expect(inspector.sessionCount).toBe(8);
    } finally {
      await inspector.close();
    }
  });
});
