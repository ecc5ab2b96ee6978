/**
 * A fake ipmitool for the Node Manager tests: recorded outputs by argv (fixtures/node-manager-bmcs.json),
 * `sdr dump FILE` writing the recorded SDR, every call counted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakePluginContext } from '@ceilometer-ts/sdk/testing';
import { IpmiCommandError, type IpmiTarget } from '../src/ipmitool.js';
import type { IpmiRunner } from '../src/node-manager/engine.js';
import { NODE_MANAGERS_SERVICE, NodeManagers } from '../src/node-manager/node-managers.js';
import { recordingLogger } from './ironic-corpus.js';

type Recorded = string | { readonly exitCode?: number; readonly stderr: string; readonly timedOut?: boolean };
const BMCS = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/node-manager-bmcs.json'), 'utf8')) as Record<string, Record<string, Recorded>>;

/** Recorded responses of one BMC kind (`nm2` is `nm3` with another version byte). */
export function bmc(kind: 'nm3' | 'nm2' | 'ipmi_sim'): Record<string, Recorded> {
  return kind === 'nm2' ? { ...BMCS['nm3'], ...BMCS['nm2'] } : { ...BMCS[kind] };
}

/** An ipmitool answering from `responses`; `calls` lists every argv (joined by spaces). */
export class FakeIpmiTool implements IpmiRunner {
  readonly calls: string[] = [];
  constructor(readonly responses: Record<string, Recorded>) {}

  run(target: IpmiTarget, args: readonly string[]): Promise<string> {
    const line = args.join(' ');
    this.calls.push(line);
    if (args[0] === 'sdr' && args[1] === 'dump' && typeof this.responses['sdr dump'] === 'string') {
      writeFileSync(args[2]!, Buffer.from(this.responses['sdr dump'], 'hex'));
      return Promise.resolve(`Dumping Sensor Data Repository to '${args[2]!}'\n`);
    }
    const answer = this.responses[line];
    if (typeof answer === 'string') return Promise.resolve(answer);
    const failure = answer ?? { exitCode: 1, stderr: `Unable to send RAW command: Invalid command (no recording for "${line}")` };
    return Promise.reject(new IpmiCommandError(target.node, args, failure.exitCode ?? null, failure.stderr, failure.timedOut ?? false));
  }
}

/** A plugin context whose NM engines use `tool`, with `[ipmi]` values and a recording logger. */
export function nmContext(tool: FakeIpmiTool, values: Record<string, unknown> = {}) {
  const ctx = fakePluginContext({ 'ipmi.polling_retry': 3, 'ipmi.node_manager_init_retry': 3, ...values });
  const logger = recordingLogger();
  const infos: string[] = [];
  const all = { ...logger, info: (...args: unknown[]) => void infos.push(String(args.find((a) => typeof a === 'string'))), child: () => all };
  ctx.services.set(NODE_MANAGERS_SERVICE, new NodeManagers(tool, { initRetry: ctx.config.get<number>('ipmi', 'node_manager_init_retry'), sleep: () => Promise.resolve() }, all));
  return { ctx: { ...ctx, logger: all }, warnings: logger.warnings, infos };
}
