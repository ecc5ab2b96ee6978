// The sensor pollsters against real BMC simulators (ipmi_sim, started through
// @ceilometer-ts/test-services): every meter, values changed on the simulator, a sensor that
// disappears, a BMC that stops answering (reported once, recovered), passwords off command lines,
// and several remote BMCs under [ipmi] max_parallel. Needs Debian's openipmi and ipmitool.
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PollsterPermanentError, type Pollster, type Sample } from '@ceilometer-ts/sdk';
import { fakePollCycle, pollSamples } from '@ceilometer-ts/sdk/testing';
import { startIpmiSim, type IpmiSim } from '@ceilometer-ts/test-services';
import {
  CurrentSensorPollster, FanSensorPollster, IPMI_TOOL_SERVICE, IpmiBmcsDiscovery, IpmiTool, PowerSensorPollster,
  TemperatureSensorPollster, VoltageSensorPollster, type IpmiResource, type IpmiTarget,
} from '../src/index.js';
import { ipmiContext, recordingLogger } from './helpers.js';

const CLASSES = [TemperatureSensorPollster, VoltageSensorPollster, CurrentSensorPollster, FanSensorPollster, PowerSensorPollster] as const;

async function pollAll(pollsters: readonly Pollster<IpmiResource>[], resources: readonly IpmiResource[]): Promise<Sample[]> {
  const cycle = fakePollCycle();
  const samples: Sample[] = [];
  for (const p of pollsters) samples.push(...(await pollSamples(p, resources, cycle)));
  return samples;
}

const row = (s: Sample) => [s.name, s.resource_id, s.volume, s.unit];

/** The command lines of running processes that mention `needle` (from /proc). */
function cmdlinesWith(needle: string): string[][] {
  const out: string[][] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue;
    }
    if (argv.some((a) => a.includes(needle))) out.push(argv);
  }
  return out;
}

describe('sensor pollsters on ipmi_sim', () => {
  let sim: IpmiSim;
  let other: IpmiSim;
  const dir = mkdtempSync(join(tmpdir(), 'ipmi-pollsters-'));
  beforeAll(async () => {
    [sim, other] = await Promise.all([startIpmiSim({ password: 'Sim-Pass-1' }), startIpmiSim({ password: 'Sim-Pass-2' })]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([sim?.stop(), other?.stop()]);
  });

  const remote = (s: IpmiSim, name: string, extra: Partial<NonNullable<IpmiTarget['remote']>> = {}): IpmiTarget => {
    const passwordFile = join(dir, `${name}.pass`);
    writeFileSync(passwordFile, `${s.password}\n`, { mode: 0o600 });
    return { node: name, remote: { address: s.host, port: s.port, username: s.user, cipherSuite: 3, passwordFile, ...extra } };
  };

  it('in-band (through the simulator wrapper as ipmitool): sdr info at setup, every meter with upstream units, ids and volumes', async () => {
    const ctx = ipmiContext({ 'ipmi.ipmitool_path': join(sim.wrapperDir, 'ipmitool') });
    const pollsters = CLASSES.map((C) => new C(ctx));
    for (const p of pollsters) await p.setup?.();
    const samples = await pollAll(pollsters, [{ node: 'node-1' }]);
    expect(samples.map(row)).toEqual([
      ['hardware.ipmi.temperature', 'node-1-inlet_temp_(0x1)', 28, 'C'],
      ['hardware.ipmi.temperature', 'node-1-cpu1_temp_(0x2)', 52, 'C'],
      ['hardware.ipmi.voltage', 'node-1-12v_(0x4)', 12, 'V'],
      ['hardware.ipmi.current', 'node-1-ps1_curr_out_(0x5)', 4.5, 'Amps'],
      ['hardware.ipmi.fan', 'node-1-fan_1_(0x3)', 4800, 'RPM'],
      ['hardware.ipmi.power', 'node-1-pwr_consumption_(0x6)', 200, 'W'],
    ]);
  });

  it('a value changed on the simulator shows in the next poll; a sensor that stops reading drops out and comes back', async () => {
    const ctx = ipmiContext({ 'ipmi.ipmitool_path': join(sim.wrapperDir, 'ipmitool') });
    const temperature = new TemperatureSensorPollster(ctx);
    await sim.setSensorValue(1, 30);
    expect((await pollSamples(temperature, ['node-1'])).map(row)).toEqual([
      ['hardware.ipmi.temperature', 'node-1-inlet_temp_(0x1)', 30, 'C'],
      ['hardware.ipmi.temperature', 'node-1-cpu1_temp_(0x2)', 52, 'C'],
    ]);
    await sim.setSensorScanning(2, false);
    expect((await pollSamples(temperature, ['node-1'])).map((s) => s.resource_id)).toEqual(['node-1-inlet_temp_(0x1)']);
    await sim.setSensorScanning(2, true);
    await sim.setSensorValue(1, 28);
    expect((await pollSamples(temperature, ['node-1'])).map((s) => s.volume)).toEqual([28, 52]);
  });

  it('a BMC that stops answering: ipmitool killed after command_timeout, reported once, password in no argv, recovered on resume', async () => {
    const logger = recordingLogger();
    const ctx = ipmiContext({ 'ipmi.command_timeout': 1, 'ipmi.polling_retry': -1 }, logger);
    const pollsters = CLASSES.map((C) => new C(ctx));
    const target = remote(sim, 'rack1-node07');
    expect((await pollAll(pollsters, [target])).length).toBe(6);
    await sim.pause();
    try {
      for (let i = 0; i < 2; i++) {
        const t0 = Date.now();
        const polling = pollAll(pollsters, [target]);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const running = cmdlinesWith(`${sim.port}`).filter((argv) => argv.some((a) => a.endsWith('ipmitool')));
        expect(running.length).toBeGreaterThan(0);
        for (const argv of running) {
          expect(argv.join(' ')).not.toContain(sim.password);
          expect(argv).toContain('-f');
        }
        expect(await polling).toEqual([]);
        // one ipmitool per cycle for the five pollsters, killed after 1 s
        expect(Date.now() - t0).toBeLessThan(3500);
      }
    } finally {
      await sim.resume();
    }
    expect((await pollAll(pollsters, [target])).length).toBe(6);
    const said = logger.lines.filter((l) => l.level !== 'debug' && l.level !== 'trace');
    expect(said.map((l) => [l.level, l.msg.replace(/ -p \d+ /, ' -p PORT ').replace(/-f \S+/, '-f FILE')])).toEqual([
      ['warn', 'IPMI on rack1-node07 failed: ipmitool -I lanplus -H 127.0.0.1 -p PORT -U admin -C 3 -N 1 -R 2 -f FILE sdr -v: timed out (killed after 1 s); its sensors are not polled until it answers again (said once, repeats at debug)'],
      ['info', 'IPMI on rack1-node07 recovered after 2 failed polls'],
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain(sim.password);
  }, 30_000);

  it('a BMC that refuses the credential: reported once with ipmitool\'s reason, the other BMC polled, the password nowhere', async () => {
    const logger = recordingLogger();
    const ctx = ipmiContext({ 'ipmi.command_timeout': 10, 'ipmi.polling_retry': -1 }, logger);
    const pollsters = CLASSES.map((C) => new C(ctx));
    const badFile = join(dir, 'wrong-password.pass');
    writeFileSync(badFile, 'Not-The-Password\n', { mode: 0o600 });
    const refused = remote(sim, 'refused', { passwordFile: badFile });
    const alive = remote(other, 'alive');
    for (let cycle = 0; cycle < 2; cycle++) {
      const samples = await pollAll(pollsters, [refused, alive]);
      expect(new Set(samples.map((s) => s.resource_metadata['node']))).toEqual(new Set(['alive']));
      expect(samples).toHaveLength(6);
    }
    const said = logger.lines.filter((l) => l.level !== 'debug' && l.level !== 'trace');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level: 'warn' });
    expect(said[0]!.msg).toMatch(/^IPMI on refused failed: .* sdr -v: exit code 1: .+; its sensors are not polled until it answers again/);
    expect(JSON.stringify(logger.lines)).not.toContain('Not-The-Password');
  }, 60_000);

  it('polling_retry disables a pollster for the dead BMC only', async () => {
    const ctx = ipmiContext({ 'ipmi.command_timeout': 1, 'ipmi.polling_retry': 0 });
    const fan = new FanSensorPollster(ctx);
    const dead = remote(sim, 'dead');
    const alive = remote(other, 'alive');
    await sim.pause();
    try {
      const error = await pollSamples(fan, [dead, alive]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PollsterPermanentError);
      expect((error as PollsterPermanentError).failedResources).toEqual([dead]);
    } finally {
      await sim.resume();
    }
    expect((await pollSamples(fan, [alive])).map((s) => s.resource_id)).toEqual(['alive-fan_1_(0x3)']);
  }, 30_000);

  it('remote BMCs from bmcs_file (password_file and password_env), at most max_parallel ipmitool at once', async () => {
    const bmcs = join(dir, 'bmcs.yaml');
    writeFileSync(join(dir, 'b.pass'), `${other.password}\n`);
    writeFileSync(bmcs, [
      'bmcs:',
      `  - {name: bmc-a, address: 127.0.0.1, port: ${sim.port}, username: ${sim.user}, password_env: IPMISIM_TEST_PASS_A, cipher_suite: 3}`,
      `  - {name: bmc-b, address: 127.0.0.1, port: ${other.port}, username: ${other.user}, password_file: b.pass, cipher_suite: 3}`,
      `  - {name: bmc-a2, address: 127.0.0.1, port: ${sim.port}, username: ${sim.user}, password_env: IPMISIM_TEST_PASS_A, interface: lan}`,
      '',
    ].join('\n'));
    process.env['IPMISIM_TEST_PASS_A'] = sim.password;
    try {
      const ctx = ipmiContext({ 'ipmi.bmcs_file': bmcs, 'ipmi.max_parallel': 1 });
      const pollsters = CLASSES.map((C) => new C(ctx));
      for (const p of pollsters) await p.setup?.();
      const targets = await new IpmiBmcsDiscovery(ctx).discover();
      const samples = await pollAll(pollsters, targets);
      expect(new Set(samples.map((s) => s.resource_metadata['node']))).toEqual(new Set(['bmc-a', 'bmc-b', 'bmc-a2']));
      expect(samples).toHaveLength(18);
      expect(samples.find((s) => s.resource_id === 'bmc-b-pwr_consumption_(0x6)')).toMatchObject({ volume: 200, unit: 'W', resource_metadata: { node: 'bmc-b' } });
      const tool = ctx.services.require<IpmiTool>(IPMI_TOOL_SERVICE);
      expect(tool.peak).toBe(1);
    } finally {
      delete process.env['IPMISIM_TEST_PASS_A'];
    }
  }, 30_000);
});
