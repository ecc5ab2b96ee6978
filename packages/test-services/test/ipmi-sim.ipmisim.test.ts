import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_IPMI_SIM_SENSORS,
  ipmiSimReading,
  ipmiSimSensorsTsv,
  serviceScriptsDir,
  startIpmiSim,
  startIpmiSimFleet,
  type IpmiSim,
} from '../src/index.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs the simulator's in-band style wrapper: `ipmitool ARGS` reaching that BMC. */
function ipmitool(sim: IpmiSim, args: readonly string[]): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(join(sim.wrapperDir, 'ipmitool'), args, { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** `Sensor ID` → `Sensor Reading` of every record in `ipmitool sdr -v` output. */
function readings(sdrVerbose: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of sdrVerbose.split(/\n\s*\n/)) {
    const id = /^Sensor ID\s*:\s*(.*?) \(0x[0-9a-f]+\)$/m.exec(block)?.[1];
    const reading = /^\s*Sensor Reading\s*:\s*(.*)$/m.exec(block)?.[1];
    if (id !== undefined && reading !== undefined) out.set(id, reading.trim());
  }
  return out;
}

/** True once `pid` has exited (a zombie counts: init reaps it a moment later). */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    let state: string;
    try {
      state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').charAt(0);
    } catch {
      return true;
    }
    if (state === 'Z') return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('startIpmiSim', () => {
  let sim: IpmiSim;
  beforeAll(async () => {
    sim = await startIpmiSim();
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('the script default table is DEFAULT_IPMI_SIM_SENSORS', () => {
    const tsv = readFileSync(join(serviceScriptsDir(), 'ipmi-sim', 'sensors.tsv'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .join('\n');
    expect(`${tsv}\n`).toBe(ipmiSimSensorsTsv(DEFAULT_IPMI_SIM_SENSORS));
  });

  it('serves every sensor with its reading and unit to ipmitool sdr -v', async () => {
    const run = await ipmitool(sim, ['sdr', '-v']);
    expect(run.code, run.stderr).toBe(0);
    const got = readings(run.stdout);
    expect([...got.keys()]).toEqual(DEFAULT_IPMI_SIM_SENSORS.map((s) => s.name));
    expect(got.get('Inlet Temp')).toBe('28 (+/- 0) degrees C');
    expect(got.get('CPU1 Temp')).toBe('52 (+/- 0) degrees C');
    expect(got.get('Fan 1')).toBe('4800 (+/- 0) RPM');
    expect(got.get('12V')).toBe('12 (+/- 0) Volts');
    expect(got.get('PS1 Curr Out')).toBe('4.500 (+/- 0) Amps');
    expect(got.get('Pwr Consumption')).toBe('200 (+/- 0) Watts');
    expect(got.get('Air Pressure')).toBe('101 (+/- 0) kPa');
    expect(got.get('CPU1 Status')).toBe('7h');
    for (const s of DEFAULT_IPMI_SIM_SENSORS.filter((x) => x.eventReadingType === undefined)) {
      expect(Number.parseFloat(got.get(s.name) ?? 'NaN'), s.name).toBe(ipmiSimReading(s));
    }
    // by type, as the pollsters ask: 'Pwr Consumption' is a Current sensor; the discrete one is not listed
    const current = await ipmitool(sim, ['sdr', '-v', 'type', 'Current']);
    expect([...readings(current.stdout).keys()]).toEqual(['PS1 Curr Out', 'Pwr Consumption']);
    const temperature = await ipmitool(sim, ['sdr', '-v', 'type', 'Temperature']);
    expect([...readings(temperature.stdout).keys()]).toEqual(['Inlet Temp', 'CPU1 Temp']);
    // master's Fan pollster reports `Normal Maximum` as maximum_rpm (normal maximum = the UNC threshold)
    expect((await ipmitool(sim, ['sdr', '-v', 'type', 'Fan'])).stdout).toMatch(/^\s*Normal Maximum\s*:\s*14400\.000$/m);
    const power = await ipmitool(sim, ['sensor', 'get', 'Pwr Consumption']);
    expect(power.stdout).toMatch(/Sensor Reading\s*:\s*200 \(\+\/- 0\) Watts/);
  });

  it('setSensorValue changes a reading; setSensorScanning makes a sensor disappear and come back', async () => {
    await sim.setSensorValue(1, 30);
    expect(readings((await ipmitool(sim, ['sdr', '-v', 'type', 'Temperature'])).stdout).get('Inlet Temp')).toBe('30 (+/- 0) degrees C');

    await sim.setSensorScanning(2, false);
    const gone = readings((await ipmitool(sim, ['sdr', '-v', 'type', 'Temperature'])).stdout);
    expect(gone.get('CPU1 Temp')).toBe('Disabled');
    expect(gone.get('Inlet Temp')).toBe('30 (+/- 0) degrees C');
    await sim.setSensorScanning(2, true);
    expect(readings((await ipmitool(sim, ['sdr', '-v', 'type', 'Temperature'])).stdout).get('CPU1 Temp')).toBe('52 (+/- 0) degrees C');
    await sim.setSensorValue(1, 28);
  });

  it('rejects a console command the simulator refuses', async () => {
    await expect(sim.setSensorValue(99, 1)).rejects.toThrow(/ipmi_sim console/);
  });

  it('pause(): the BMC stops answering; resume(): it answers again', async () => {
    await sim.pause();
    const failed = await ipmitool(sim, ['-N', '1', '-R', '1', 'sdr', '-v', 'type', 'Fan']);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/Unable to establish IPMI v2/);
    await sim.resume();
    const back = await ipmitool(sim, ['-N', '1', '-R', '1', 'sdr', '-v', 'type', 'Fan']);
    expect(back.code, back.stderr).toBe(0);
    expect(readings(back.stdout).get('Fan 1')).toBe('4800 (+/- 0) RPM');
  });

  it('stop() ends the simulator even while paused', async () => {
    const other = await startIpmiSim({ user: 'ceilo', password: 'other-secret' });
    expect(other.port).not.toBe(sim.port);
    const run = await ipmitool(other, ['sdr', '-v', 'type', 'Fan']);
    expect(run.code, run.stderr).toBe(0);
    await other.pause();
    const t0 = Date.now();
    await other.stop();
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await goneWithin(other.pid, 2000)).toBe(true);
  });
});

describe('startIpmiSimFleet', () => {
  it('starts many BMCs at once, each on its own ports', async () => {
    const fleet = await startIpmiSimFleet(5);
    try {
      expect(new Set(fleet.bmcs.map((b) => b.port)).size).toBe(5);
      expect(fleet.rssKb).toBeGreaterThan(0);
      const last = fleet.bmcs[4]!;
      await last.setSensorValue(3, 50);
      const run = await ipmitool(last, ['sdr', '-v', 'type', 'Fan']);
      expect(readings(run.stdout).get('Fan 1')).toBe('3000 (+/- 0) RPM');
      const first = await ipmitool(fleet.bmcs[0]!, ['sdr', '-v', 'type', 'Fan']);
      expect(readings(first.stdout).get('Fan 1')).toBe('4800 (+/- 0) RPM');
    } finally {
      await fleet.stop();
    }
  });
});
