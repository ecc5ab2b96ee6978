/**
 * The Node Manager pollsters against a real BMC simulator (OpenIPMI's ipmi_sim, which has no Node
 * Manager: it refuses the sensor initialization agent command). Nothing is polled after one
 * detection and one log line; a BMC that stops answering during detection is asked again once it
 * is back. ipmitool is run here by a minimal test runner through the simulator's wrapper (no shell).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fakePollCycle, fakePluginContext, pollSamples } from '@ceilometer-ts/sdk/testing';
import { startIpmiSim, type IpmiSim } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpmiCommandError, type IpmiTarget } from '../src/ipmitool.js';
import type { IpmiRunner } from '../src/node-manager/engine.js';
import { NODE_MANAGERS_SERVICE, NodeManagers } from '../src/node-manager/node-managers.js';
import {
  NodeAirflowPollster, NodeCpuUtilPollster, NodeCupsIndexPollster, NodeInletTemperaturePollster, NodeIoUtilPollster,
  NodeMemUtilPollster, NodeOutletTemperaturePollster, NodePowerPollster,
} from '../src/node-manager/pollsters.js';
import { recordingLogger } from './ironic-corpus.js';

const ALL = [NodePowerPollster, NodeInletTemperaturePollster, NodeOutletTemperaturePollster, NodeAirflowPollster, NodeCupsIndexPollster, NodeCpuUtilPollster, NodeMemUtilPollster, NodeIoUtilPollster];

/** ipmitool through the simulator's wrapper, one retry, a 10 s bound; every argv recorded. */
class WrapperRunner implements IpmiRunner {
  readonly calls: string[] = [];
  constructor(private readonly sim: IpmiSim) {}
  run(target: IpmiTarget, args: readonly string[]): Promise<string> {
    this.calls.push(args.join(' '));
    return new Promise((resolve, reject) => {
      execFile(join(this.sim.wrapperDir, 'ipmitool'), ['-N', '1', '-R', '1', ...args], { timeout: 10_000 }, (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const timedOut = err.killed === true;
        reject(new IpmiCommandError(target.node, args, typeof err.code === 'number' ? err.code : null, stderr.split('\n')[0] ?? '', timedOut));
      });
    });
  }
}

describe('Node Manager pollsters on ipmi_sim', () => {
  let sim: IpmiSim;
  beforeAll(async () => {
    sim = await startIpmiSim();
  }, 60_000);
  afterAll(async () => {
    await sim?.stop();
  });

  function setup() {
    const runner = new WrapperRunner(sim);
    const logger = recordingLogger();
    const infos: string[] = [];
    const all = { ...logger, info: (...a: unknown[]) => void infos.push(String(a.find((x) => typeof x === 'string'))), child: () => all };
    const ctx = { ...fakePluginContext({ 'ipmi.polling_retry': 3 }), logger: all };
    ctx.services.set(NODE_MANAGERS_SERVICE, new NodeManagers(runner, { initRetry: 3 }, all));
    return { runner, ctx, infos, warnings: logger.warnings, pollsters: ALL.map((P) => new P(ctx)) };
  }

  it('detect no Node Manager once, log it once, and poll nothing', async () => {
    const { runner, infos, warnings, pollsters } = setup();
    for (let cycle = 0; cycle < 2; cycle++) {
      const c = fakePollCycle();
      for (const p of pollsters) expect(await pollSamples(p, [{ node: 'bm-1' }], c)).toEqual([]);
    }
    expect(runner.calls).toEqual(['raw 0x0a 0x2c 0x00']);
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatch(/^Intel Node Manager not supported on bm-1 \(.*Invalid command.*\): the hardware\.ipmi\.node\.\* meters are not polled for it$/);
    expect(warnings).toEqual([]);
  }, 60_000);

  it('ask again after a BMC that did not answer comes back', async () => {
    const { runner, infos, warnings, pollsters } = setup();
    await sim.pause();
    try {
      expect(await pollSamples(pollsters[0]!, [{ node: 'bm-1' }])).toEqual([]);
    } finally {
      await sim.resume();
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Intel Node Manager detection on bm-1: the BMC did not answer');
    expect(await pollSamples(pollsters[0]!, [{ node: 'bm-1' }])).toEqual([]);
    expect(runner.calls).toEqual(['raw 0x0a 0x2c 0x00', 'raw 0x0a 0x2c 0x00']);
    expect(infos).toHaveLength(1);
    expect(infos[0]).toContain('not supported on bm-1');
  }, 60_000);
});
