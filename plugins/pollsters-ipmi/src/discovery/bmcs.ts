/**
 * `ipmi_bmcs` (ours): the remote BMCs listed in `[ipmi] bmcs_file`, one target each, polled over
 * the network (`ipmitool -I lanplus -H ...`). The file is read on every discovery, so edits apply
 * at the next cycle; a bad file is a ConfigError naming file, line and field (the agent logs it
 * and polls nothing from it that cycle). Partitioning group `ipmi_bmcs`: agents sharing a
 * coordination backend split the BMCs.
 */
import { INJECT_TOKENS, PLUGIN_CONTEXT, type Discovery, type PluginContext } from '@ceilometer-ts/sdk';
import { sensorReaderOf, type SensorReader } from '../sensor-reader.js';
import type { IpmiTarget } from '../target.js';

export class IpmiBmcsDiscovery implements Discovery<IpmiTarget> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly groupId = 'ipmi_bmcs';
  readonly #reader: SensorReader;

  constructor(ctx: PluginContext) {
    this.#reader = sensorReaderOf(ctx);
  }

  async discover(): Promise<readonly IpmiTarget[]> {
    if (!this.#reader.bmcsFilePath()) throw new Error('ipmi_bmcs discovery: [ipmi] bmcs_file is not set');
    return this.#reader.remoteTargets();
  }
}
