/**
 * The upstream side of the IPMI compatibility test and bench: upstream Ceilometer 19.0's ipmi
 * namespace (its real agent, privsep daemon included) reaches a simulated BMC through the wrapper
 * and the sudo shim, and reads what the simulator serves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUpstreamIpmiPolling, startIpmiSim, upstreamPollingUnavailable, type IpmiSim } from '../src/index.js';

const why = upstreamPollingUnavailable();

describe.skipIf(why !== undefined)('runUpstreamIpmiPolling', () => {
  let sim: IpmiSim;
  let dir: string;
  beforeAll(async () => {
    sim = await startIpmiSim();
    dir = mkdtempSync(join(tmpdir(), 'ceilo-upstream-ipmi-'));
  });
  afterAll(async () => {
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives upstream 19.0's four sensor meters from the simulator; a sensor without a reading is left out", async () => {
    await sim.setSensorScanning(2, false);
    const run = await runUpstreamIpmiPolling({ dir, wrapperDir: sim.wrapperDir, host: 'bm-1', timeoutMs: 120_000 });
    await sim.setSensorScanning(2, true);
    const got = (run.cycles[0] ?? []).map((s) => [s.counter_name, s.resource_id, s.counter_volume, s.counter_unit, s.resource_metadata]).sort();
    expect(got).toEqual(
      [
        ['hardware.ipmi.current', 'bm-1-ps1_curr_out_(0x5)', 4.5, 'Amps', { node: 'bm-1' }],
        // 19.0 has no 'Pwr Consumption' skip (master's), so the Watts reading comes as a current
        ['hardware.ipmi.current', 'bm-1-pwr_consumption_(0x6)', 200, 'W', { node: 'bm-1' }],
        ['hardware.ipmi.fan', 'bm-1-fan_1_(0x3)', 4800, 'RPM', { node: 'bm-1' }],
        ['hardware.ipmi.temperature', 'bm-1-inlet_temp_(0x1)', 28, 'C', { node: 'bm-1' }],
        ['hardware.ipmi.voltage', 'bm-1-12v_(0x4)', 12, 'V', { node: 'bm-1' }],
      ].sort(),
    );
  }, 150_000);
});
