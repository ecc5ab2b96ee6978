// The five sensor pollsters over recorded ipmi_sim output (a fake runner), and their failure
// handling: one warning per target, [ipmi] polling_retry per pollster per target, recovery.
import { describe, expect, it } from 'vitest';
import { ConfigError, ExtensionLoadError, PollsterPermanentError, type Pollster, type Sample } from '@ceilometer-ts/sdk';
import { fakePollCycle, pollSamples } from '@ceilometer-ts/sdk/testing';
import {
  CurrentSensorPollster, FanSensorPollster, IpmiCommandError, LocalNodeDiscovery, PowerSensorPollster, TemperatureSensorPollster,
  VoltageSensorPollster, type IpmiResource, type IpmiTarget,
} from '../src/index.js';
import { contextWithTool, FakeIpmiTool, fixture, recordingLogger, unanswered, type FakeAnswer } from './helpers.js';

const CLASSES = [TemperatureSensorPollster, VoltageSensorPollster, CurrentSensorPollster, FanSensorPollster, PowerSensorPollster] as const;
type SensorPollsterClass = (typeof CLASSES)[number];

function setup(answer: (t: IpmiTarget, args: readonly string[]) => FakeAnswer, values: Record<string, unknown> = {}) {
  const logger = recordingLogger();
  const tool = new FakeIpmiTool(answer);
  const ctx = contextWithTool(tool, values, logger);
  const make = (cls: SensorPollsterClass): Pollster<IpmiResource> => new cls(ctx);
  return { logger, tool, ctx, make };
}

const brief = (s: Sample) => ({ name: s.name, unit: s.unit, volume: s.volume, resource_id: s.resource_id, metadata: s.resource_metadata });

async function pollAll(make: (cls: SensorPollsterClass) => Pollster<IpmiResource>, resources: readonly IpmiResource[], cycle = fakePollCycle()): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const cls of CLASSES) samples.push(...(await pollSamples(make(cls), resources, cycle)));
  return samples;
}

describe('sensor pollsters', () => {
  it('give every meter with upstream master units, resource ids, volumes and metadata from one sdr -v per cycle', async () => {
    const { tool, make } = setup(() => fixture('sdr-v.txt'));
    const cycle = fakePollCycle({ timestamp: '2026-12-05T04:00:00.000000' });
    const samples = await pollAll(make, [{ node: 'node-1' }], cycle);
    expect(samples.map(brief)).toEqual([
      { name: 'hardware.ipmi.temperature', unit: 'C', volume: 28, resource_id: 'node-1-inlet_temp_(0x1)', metadata: { node: 'node-1' } },
      { name: 'hardware.ipmi.temperature', unit: 'C', volume: 52, resource_id: 'node-1-cpu1_temp_(0x2)', metadata: { node: 'node-1' } },
      { name: 'hardware.ipmi.voltage', unit: 'V', volume: 12, resource_id: 'node-1-12v_(0x4)', metadata: { node: 'node-1' } },
      { name: 'hardware.ipmi.current', unit: 'Amps', volume: 4.5, resource_id: 'node-1-ps1_curr_out_(0x5)', metadata: { node: 'node-1' } },
      { name: 'hardware.ipmi.fan', unit: 'RPM', volume: 4800, resource_id: 'node-1-fan_1_(0x3)', metadata: { node: 'node-1' } },
      { name: 'hardware.ipmi.power', unit: 'W', volume: 200, resource_id: 'node-1-pwr_consumption_(0x6)', metadata: { node: 'node-1' } },
    ]);
    expect(samples.every((s) => s.type === 'gauge' && s.user_id === null && s.project_id === null && s.timestamp === cycle.timestamp)).toBe(true);
    expect(tool.calls).toEqual([{ node: 'node-1', args: ['sdr', '-v'] }]);
    // the next cycle reads again
    await pollAll(make, [{ node: 'node-1' }]);
    expect(tool.calls).toHaveLength(2);
  });

  it('take a plain host name (the compute namespace local_node) as an in-band target', async () => {
    const { tool, make } = setup(() => fixture('sdr-v.txt'));
    const samples = await pollSamples(make(TemperatureSensorPollster), ['compute-7']);
    expect(samples.map((s) => s.resource_id)).toEqual(['compute-7-inlet_temp_(0x1)', 'compute-7-cpu1_temp_(0x2)']);
    expect(tool.calls[0]?.node).toBe('compute-7');
  });

  it('add maximum_rpm from Normal Maximum to fans (master)', async () => {
    const dump = fixture('sdr-v-type-Fan.txt').replace(' Status                : ok', ' Status                : ok\n Normal Maximum        : 12000.000');
    const { make } = setup(() => dump);
    const [fan] = await pollSamples(make(FanSensorPollster), [{ node: 'n' }]);
    expect(fan?.resource_metadata).toEqual({ node: 'n', maximum_rpm: '12000.000' });
  });

  it('skip a sensor whose reading disappeared (Disabled), with a debug line, and read it again when it is back', async () => {
    let out = fixture('sdr-v-cpu1-temp-disabled.txt');
    const { make, logger } = setup(() => out);
    const pollster = make(TemperatureSensorPollster);
    expect((await pollSamples(pollster, [{ node: 'n' }])).map((s) => s.resource_id)).toEqual(['n-inlet_temp_(0x1)']);
    expect(logger.lines.filter((l) => l.level === 'debug' && l.msg.includes('CPU1 Temp (0x2) of n has no reading (Disabled)'))).toHaveLength(1);
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
    out = fixture('sdr-v.txt');
    expect(await pollSamples(pollster, [{ node: 'n' }])).toHaveLength(2);
  });

  it('say once that a BMC fails, keep polling the others, and say when it recovers', async () => {
    let dead = true;
    const { make, logger, tool } = setup((t) => (t.node === 'bad' && dead ? unanswered('bad') : fixture('sdr-v.txt')), { 'ipmi.polling_retry': -1 });
    const cycle = (): ReturnType<typeof fakePollCycle> => {
      const failed: unknown[] = [];
      return Object.assign(fakePollCycle({ reportResourceFailure: (r) => failed.push(r) }), { failed });
    };
    const resources = [{ node: 'bad', remote: { address: '10.0.0.9', username: 'u', passwordEnv: 'P' } }, { node: 'good' }];
    for (let i = 0; i < 3; i++) {
      const c = cycle();
      const samples = await pollAll(make, resources, c);
      expect(samples).toHaveLength(6);
      expect(samples.every((s) => s.resource_id.startsWith('good-'))).toBe(true);
      expect((c as unknown as { failed: unknown[] }).failed).toHaveLength(5);
    }
    // one ipmitool per target per cycle, failures included
    expect(tool.calls.filter((c) => c.node === 'bad')).toHaveLength(3);
    const warnings = logger.lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toBe(
      'IPMI on bad failed: ipmitool -I lanplus -H 10.0.0.9 -U u -N 1 -R 2 -E sdr -v: exit code 1: Error: Unable to establish IPMI v2 / RMCP+ session; its sensors are not polled until it answers again (said once, repeats at debug)',
    );
    expect(logger.lines.filter((l) => l.level === 'debug' && l.msg.startsWith('IPMI on bad still failing'))).toHaveLength(2);
    dead = false;
    expect(await pollAll(make, resources)).toHaveLength(12);
    expect(logger.lines.filter((l) => l.level === 'info').map((l) => l.msg)).toEqual(['IPMI on bad recovered after 3 failed polls']);
  });

  it('polling_retry: disable a pollster for the failing target alone after polling_retry + 1 failures in a row', async () => {
    const { make, logger } = setup((t) => (t.node === 'bad' ? unanswered('bad') : fixture('sdr-v.txt')), { 'ipmi.polling_retry': 2 });
    const pollster = make(TemperatureSensorPollster);
    const resources = [{ node: 'bad' }, { node: 'good' }];
    for (let i = 0; i < 2; i++) expect(await pollSamples(pollster, resources)).toHaveLength(2);
    const samples: Sample[] = [];
    const produced = pollster.getSamples(fakePollCycle(), resources) as AsyncIterable<Sample>;
    const error = await (async () => {
      try {
        for await (const s of produced) samples.push(s);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PollsterPermanentError);
    expect((error as PollsterPermanentError).failedResources).toEqual([{ node: 'bad' }]);
    // the good target's samples came before the error
    expect(samples.map((s) => s.resource_id)).toEqual(['good-inlet_temp_(0x1)', 'good-cpu1_temp_(0x2)']);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      expect.stringMatching(/^IPMI on bad failed: /),
      expect.stringMatching(/^Pollster for hardware.ipmi.temperature is disabled for bad after 3 failed polls in a row \(\[ipmi\] polling_retry = 2\): /),
    ]);
  });

  it('polling_retry: a success resets the count; 0 disables at the first failure', async () => {
    let fail = true;
    const { make } = setup(() => (fail ? unanswered('n') : fixture('sdr-v.txt')), { 'ipmi.polling_retry': 1 });
    const pollster = make(FanSensorPollster);
    await pollSamples(pollster, [{ node: 'n' }]);
    fail = false;
    await pollSamples(pollster, [{ node: 'n' }]);
    fail = true;
    await expect(pollSamples(pollster, [{ node: 'n' }])).resolves.toEqual([]);
    await expect(pollSamples(pollster, [{ node: 'n' }])).rejects.toBeInstanceOf(PollsterPermanentError);
    const zero = setup(() => unanswered('n'), { 'ipmi.polling_retry': 0 });
    await expect(pollSamples(zero.make(PowerSensorPollster), [{ node: 'n' }])).rejects.toBeInstanceOf(PollsterPermanentError);
  });
});

describe('setup (upstream: sdr info as the capability check)', () => {
  it('without bmcs_file, a failing sdr info skips the pollsters with one warning naming why', async () => {
    const { make, logger, tool } = setup((_t, args) => (args[1] === 'info' ? new IpmiCommandError('node-1', args, 1, 'Could not open device at /dev/ipmi0 or /dev/ipmi/0 or /dev/ipmidev/0: No such file or directory', false) : ''));
    for (const cls of CLASSES) await expect(make(cls).setup?.()).rejects.toBeInstanceOf(ExtensionLoadError);
    expect(tool.calls).toHaveLength(1);
    const warnings = logger.lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/^IPMI sensor pollsters not loaded: ipmitool sdr info failed on this host \(exit code 1: Could not open device/);
  });

  it('with a working sdr info, loads', async () => {
    const { make } = setup(() => fixture('sdr-info.txt'));
    await expect(make(TemperatureSensorPollster).setup?.()).resolves.toBeUndefined();
  });

  it('with bmcs_file, checks the file instead (a missing file is a ConfigError naming it)', async () => {
    const { make, tool } = setup(() => '', { 'ipmi.bmcs_file': '/nonexistent/bmcs.yaml' });
    await expect(make(TemperatureSensorPollster).setup?.()).rejects.toThrow(ConfigError);
    await expect(make(TemperatureSensorPollster).setup?.()).rejects.toThrow('/nonexistent/bmcs.yaml:?: (file): file not found');
    expect(tool.calls).toEqual([]);
  });
});

describe('local_node discovery', () => {
  it('yields [DEFAULT] host in group LocalNode-<host>', async () => {
    const { ctx } = setup(() => '');
    const discovery = new LocalNodeDiscovery(ctx);
    expect(discovery.groupId).toBe('LocalNode-node-1');
    expect(await discovery.discover()).toEqual([{ node: 'node-1' }]);
  });
});
