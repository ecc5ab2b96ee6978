/**
 * Scale: many snmpd agents (one process each) polled in one cycle. 50 agents by default;
 * CEILO_SNMP_SCALE_AGENTS=200 for the full size (starting 200 agents takes 30-60 s).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MapCycleCache, parseHardwareResourceUrl } from '@ceilometer-ts/sdk';
import { startSnmpdFleet, type SnmpdService } from '@ceilometer-ts/test-services';
import { SnmpHardwareInspector } from '../src/index.js';

const AGENTS = Number(process.env['CEILO_SNMP_SCALE_AGENTS'] ?? 50);
const STEIN: { scalars: string[]; subtrees: string[] } = JSON.parse(readFileSync(new URL('./fixtures/stein-oids.json', import.meta.url), 'utf8'));

let fleet: SnmpdService;
beforeAll(async () => {
  fleet = await startSnmpdFleet(AGENTS);
}, 60_000 + AGENTS * 1500);
afterAll(async () => {
  await fleet?.stop();
}, 120_000);

test(`${AGENTS} agents polled in one cycle, every host complete`, async () => {
  expect(fleet.ports).toHaveLength(AGENTS);
  // a few MB of private memory per agent (PSS); RSS counts shared libraries once per process
  expect(fleet.pssKb / AGENTS).toBeLessThan(16 * 1024);
  const inspector = new SnmpHardwareInspector({ maxParallelHosts: 64 });
  try {
    const cycle = { cache: new MapCycleCache(), timestamp: new Date().toISOString(), sourceName: 'scale', signal: new AbortController().signal };
    const t0 = Date.now();
    const results = await Promise.all(fleet.ports.map((p) => inspector.inspect(parseHardwareResourceUrl(`snmp://127.0.0.1:${p}`), STEIN, cycle)));
    const wallMs = Date.now() - t0;
    const sizes = new Set(results.map((r) => [...r.keys()].filter((k) => !k.startsWith('1.3.6.1.4.1.2021.11.')).length));
    expect(sizes.size).toBe(1); // same host behind every agent: same rows everywhere
    expect(results.every((r) => r.has('1.3.6.1.4.1.2021.4.5.0') && r.has('1.3.6.1.2.1.2.2.1.10.1'))).toBe(true);
    expect(wallMs).toBeLessThan(30_000);
  } finally {
    await inspector.close();
  }
}, 120_000);
