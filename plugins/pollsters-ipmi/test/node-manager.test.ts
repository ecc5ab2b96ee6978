/**
 * The Intel Node Manager pollsters over recorded ipmitool output: detection (initialization agent,
 * manufacturer, SDR OEM record, NM device id and version), the eight meters, version gating, the
 * shared CUPS read, `polling_retry`, and a BMC without a Node Manager (ipmi_sim).
 */
import { PollsterPermanentError, type PollCycle, type Pollster } from '@ceilometer-ts/sdk';
import { fakePollCycle, pollSamples } from '@ceilometer-ts/sdk/testing';
import { describe, expect, it } from 'vitest';
import type { IpmiTarget } from '../src/ipmitool.js';
import {
  NodeAirflowPollster, NodeCpuUtilPollster, NodeCupsIndexPollster, NodeInletTemperaturePollster, NodeIoUtilPollster,
  NodeMemUtilPollster, NodeOutletTemperaturePollster, NodePowerPollster,
} from '../src/node-manager/pollsters.js';
import type { NodeManagerResource } from '../src/node-manager/node-managers.js';
import { bmc, FakeIpmiTool, nmContext } from './node-manager-fakes.js';

const ALL = [NodePowerPollster, NodeInletTemperaturePollster, NodeOutletTemperaturePollster, NodeAirflowPollster, NodeCupsIndexPollster, NodeCpuUtilPollster, NodeMemUtilPollster, NodeIoUtilPollster];
const LOCAL: IpmiTarget = { node: 'compute-1' };

async function pollAll(pollsters: readonly Pollster<NodeManagerResource>[], resources: readonly NodeManagerResource[], cycle: PollCycle = fakePollCycle()) {
  const out = [];
  for (const p of pollsters) out.push(...(await pollSamples(p, resources, cycle)));
  return out;
}

describe('Intel Node Manager pollsters', () => {
  it('read the eight meters of an NM 3.0 BMC, bridged to the NM address from the SDR', async () => {
    const tool = new FakeIpmiTool(bmc('nm3'));
    const { ctx, infos } = nmContext(tool);
    const samples = await pollAll(ALL.map((P) => new P(ctx)), [LOCAL]);
    expect(samples.map((s) => [s.name, s.volume, s.unit, s.type, s.resource_id, s.resource_metadata, s.user_id, s.project_id])).toEqual([
      ['hardware.ipmi.node.power', 230, 'W', 'gauge', 'compute-1', { node: 'compute-1' }, null, null],
      ['hardware.ipmi.node.temperature', 27, 'C', 'gauge', 'compute-1', { node: 'compute-1' }, null, null],
      ['hardware.ipmi.node.outlet_temperature', 33, 'C', 'gauge', 'compute-1', { node: 'compute-1' }, null, null],
      ['hardware.ipmi.node.airflow', 275, 'CFM', 'gauge', 'compute-1', { node: 'compute-1' }, null, null],
      ['hardware.ipmi.node.cups', 64, 'CUPS', 'gauge', 'compute-1', { node: 'compute-1' }, null, null],
      ['hardware.ipmi.node.cpu_util', 42, '%', 'gauge', 'compute-1', { node: 'compute-1' }, null, null],
      ['hardware.ipmi.node.mem_util', 12, '%', 'gauge', 'compute-1', { node: 'compute-1' }, null, null],
      ['hardware.ipmi.node.io_util', 3, '%', 'gauge', 'compute-1', { node: 'compute-1' }, null, null],
    ]);
    expect(samples.every((s) => s.timestamp === '2026-01-01T00:00:00.000000')).toBe(true);
    // detection once for the eight pollsters; the CUPS utilization read once for the three util meters
    expect(tool.calls.filter((c) => c === 'raw 0x0a 0x2c 0x00')).toHaveLength(1);
    expect(tool.calls.filter((c) => c.endsWith('0x65 0x57 0x01 0x00 0x05'))).toHaveLength(1);
    expect(tool.calls.filter((c) => c.startsWith('-b ')).every((c) => c.startsWith('-b 0x6 -t 0x2c raw '))).toBe(true);
    expect(infos).toEqual(['Intel Node Manager found on compute-1 (NM version byte 5)']);
  });

  it('read only power and inlet temperature below NM 3.0, without asking for the others', async () => {
    const tool = new FakeIpmiTool(bmc('nm2'));
    const samples = await pollAll(ALL.map((P) => new P(nmContext(tool).ctx)), [LOCAL]);
    expect(samples.map((s) => [s.name, s.volume])).toEqual([['hardware.ipmi.node.power', 230], ['hardware.ipmi.node.temperature', 27]]);
    expect(tool.calls.filter((c) => c.includes('0x2e 0xc8') || c.includes('0x2e 0x65'))).toHaveLength(2);
  });

  it('give nothing on a BMC without Node Manager (ipmi_sim), detected once and logged once', async () => {
    const tool = new FakeIpmiTool(bmc('ipmi_sim'));
    const { ctx, infos, warnings } = nmContext(tool);
    const pollsters = ALL.map((P) => new P(ctx));
    expect(await pollAll(pollsters, [LOCAL])).toEqual([]);
    expect(await pollAll(pollsters, [LOCAL])).toEqual([]);
    expect(tool.calls).toEqual(['raw 0x0a 0x2c 0x00']);
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatch(/^Intel Node Manager not supported on compute-1 \(.*Invalid command\): the hardware.ipmi.node.\* meters are not polled for it$/);
    expect(warnings).toEqual([]);
  });

  it('checks the manufacturer: a non-Intel BMC has no Node Manager', async () => {
    const tool = new FakeIpmiTool({ ...bmc('nm3'), 'raw 0x06 0x01': ' 00 03 09 08 02 9f 91 12 00 02 0f 00 00 00 00\n' });
    const { ctx, infos } = nmContext(tool);
    expect(await pollSamples(new NodePowerPollster(ctx), [LOCAL])).toEqual([]);
    expect(infos[0]).toContain("manufacturer id is 91 12 00, not Intel's 57 01 00");
    expect(tool.calls).toEqual(['raw 0x0a 0x2c 0x00', 'raw 0x06 0x01']);
  });

  it('runs the sensor initialization agent up to node_manager_init_retry times', async () => {
    let status = 0;
    const tool = new FakeIpmiTool(bmc('nm3'));
    const run = tool.run.bind(tool);
    tool.run = (target, args) => (args.join(' ') === 'raw 0x0a 0x2c 0x00' ? Promise.resolve(++status >= 3 ? ' 01\n' : ' 00\n') : run(target, args));
    tool.responses['raw 0x0a 0x2c 0x01'] = ' 00\n';
    expect(await pollSamples(new NodePowerPollster(nmContext(tool).ctx), [LOCAL])).toHaveLength(1);
    expect(tool.calls.filter((c) => c === 'raw 0x0a 0x2c 0x01')).toHaveLength(2);

    status = -100;
    const never = new FakeIpmiTool(bmc('nm3'));
    never.responses['raw 0x0a 0x2c 0x00'] = ' 00\n';
    never.responses['raw 0x0a 0x2c 0x01'] = ' 00\n';
    const { ctx, infos } = nmContext(never, { 'ipmi.node_manager_init_retry': 2 });
    expect(await pollSamples(new NodePowerPollster(ctx), [LOCAL])).toEqual([]);
    expect(never.calls).toEqual(['raw 0x0a 0x2c 0x00', 'raw 0x0a 0x2c 0x01', 'raw 0x0a 0x2c 0x00', 'raw 0x0a 0x2c 0x01', 'raw 0x0a 0x2c 0x00']);
    expect(infos[0]).toContain('Node Manager init failed');
  });

  it('needs the Intel NM OEM record in the SDR and an implemented NM firmware', async () => {
    const noRecord = new FakeIpmiTool({ ...bmc('nm3'), 'sdr dump': '0100510114013500000000' });
    const a = nmContext(noRecord);
    expect(await pollSamples(new NodePowerPollster(a.ctx), [LOCAL])).toEqual([]);
    expect(a.infos[0]).toContain('no Intel Node Manager OEM record');
    const noFirmware = new FakeIpmiTool({ ...bmc('nm3'), '-b 0x6 -t 0x2c raw 0x06 0x01': ' 50 01 04 02 02 21 57 01 00 05 0b 00 02 30 01\n' });
    const b = nmContext(noFirmware);
    expect(await pollSamples(new NodePowerPollster(b.ctx), [LOCAL])).toEqual([]);
    expect(b.infos[0]).toContain('implements no Node Manager');
  });

  it('asks a BMC that did not answer again on the next poll', async () => {
    const tool = new FakeIpmiTool({ ...bmc('nm3'), 'raw 0x0a 0x2c 0x00': { stderr: '', timedOut: true } });
    const { ctx, warnings } = nmContext(tool);
    const power = new NodePowerPollster(ctx);
    expect(await pollSamples(power, [LOCAL])).toEqual([]);
    expect(await pollSamples(power, [LOCAL])).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('the BMC did not answer');
    tool.responses['raw 0x0a 0x2c 0x00'] = ' 01\n';
    expect((await pollSamples(power, [LOCAL])).map((s) => s.volume)).toEqual([230]);
  });

  it('takes a plain host name from the compute namespace\'s local_node as the node', async () => {
    const samples = await pollSamples(new NodePowerPollster(nmContext(new FakeIpmiTool(bmc('nm3'))).ctx), ['host-a']);
    expect(samples.map((s) => [s.resource_id, s.resource_metadata])).toEqual([['host-a', { node: 'host-a' }]]);
  });

  it('stops polling a BMC after polling_retry consecutive failures; a success resets the count', async () => {
    const tool = new FakeIpmiTool(bmc('nm3'));
    const power = '-b 0x6 -t 0x2c raw 0x2e 0xc8 0x57 0x01 0x00 0x01 0x00 0x00';
    const good = tool.responses[power]!;
    const { ctx, warnings } = nmContext(tool, { 'ipmi.polling_retry': 1 });
    const pollster = new NodePowerPollster(ctx);
    const failed: unknown[] = [];
    const cycle = () => fakePollCycle({ reportResourceFailure: (r) => void failed.push(r) });
    tool.responses[power] = { exitCode: 1, stderr: 'Unable to send RAW command: Timeout' };
    expect(await pollSamples(pollster, [LOCAL], cycle())).toEqual([]);
    expect(failed).toEqual([LOCAL]);
    tool.responses[power] = good;
    expect(await pollSamples(pollster, [LOCAL], cycle())).toHaveLength(1);
    tool.responses[power] = ' 57 01 00\n';
    expect(await pollSamples(pollster, [LOCAL], cycle())).toEqual([]);
    const err = await pollSamples(pollster, [LOCAL], cycle()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PollsterPermanentError);
    expect((err as PollsterPermanentError).failedResources).toEqual([LOCAL]);
    expect(warnings).toEqual([
      'Polling hardware.ipmi.node.power failed for 1 times! (compute-1: Unable to send RAW command: Timeout)',
      'Polling hardware.ipmi.node.power failed for 1 times! (compute-1: ipmitool output length mismatch: 3 bytes, expected 20)',
      'Polling hardware.ipmi.node.power failed for 2 times! (compute-1: ipmitool output length mismatch: 3 bytes, expected 20)',
      'Pollster for hardware.ipmi.node.power is disabled for compute-1!',
    ].map((w) => (w.includes('Timeout') ? expect.stringContaining('Polling hardware.ipmi.node.power failed for 1 times! (compute-1: ') : w)));
  });

  it('retries forever with a negative polling_retry', async () => {
    const tool = new FakeIpmiTool(bmc('nm3'));
    tool.responses['-b 0x6 -t 0x2c raw 0x2e 0xc8 0x57 0x01 0x00 0x01 0x00 0x00'] = ' 57\n';
    const pollster = new NodePowerPollster(nmContext(tool, { 'ipmi.polling_retry': -1 }).ctx);
    for (let i = 0; i < 6; i++) expect(await pollSamples(pollster, [LOCAL])).toEqual([]);
  });

  it('polls each BMC of the cycle, each with its own engine', async () => {
    const tool = new FakeIpmiTool(bmc('nm3'));
    const remote: IpmiTarget = { node: 'bmc-7', remote: { address: '10.0.0.7', username: 'admin', passwordEnv: 'BMC7' } };
    const samples = await pollSamples(new NodeCpuUtilPollster(nmContext(tool).ctx), [LOCAL, remote]);
    expect(samples.map((s) => [s.resource_id, s.volume])).toEqual([['compute-1', 42], ['bmc-7', 42]]);
    expect(tool.calls.filter((c) => c === 'raw 0x0a 0x2c 0x00')).toHaveLength(2);
  });
});
