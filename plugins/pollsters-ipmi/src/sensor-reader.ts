/**
 * The sensors of a target for one polling cycle: ONE `ipmitool sdr -v` per target per cycle,
 * shared by the five sensor pollsters through the cycle cache (upstream runs one ipmitool per
 * pollster: four `sdr -v type X` and `sensor get 'Pwr Consumption'`, each a new RMCP+ session on
 * a remote BMC). On ipmi_sim the per-type subsets of the dump equal `sdr -v type X`, and its
 * 'Pwr Consumption' record gives the volume, unit and id `sensor get` gives (pinned by
 * test/sdr-output.test.ts). A failure is cached for the cycle too, so a dead BMC costs one
 * timeout per cycle, not five.
 */
import { ExtensionLoadError, type Logger, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { loadBmcsFile } from './bmcs-file.js';
import { IpmiCommandError } from './ipmi-command-error.js';
import { ipmiToolOf, type IpmiTool } from './ipmitool.js';
import { ipmiConfig, type IpmiConfig } from './options.js';
import { SensorOutputError, translateOutput, type SensorData } from './sdr-output.js';
import { targetKey, type IpmiTarget } from './target.js';
import { TargetHealth, type ReadFailure } from './target-health.js';

/** The services key of the agent's {@link SensorReader}. */
export const SENSOR_READER_SERVICE = 'ipmi.sensor-reader';

/** The full sensor dump (upstream's `sensor_dump`). */
export const SENSOR_DUMP_ARGS: readonly string[] = ['sdr', '-v'];
/** The capability check (upstream's `sdr_info`). */
export const SDR_INFO_ARGS: readonly string[] = ['sdr', 'info'];

/** One target's read this cycle: its sensors, or why not. */
export type ReadOutcome = { readonly ok: true; readonly data: SensorData } | { readonly ok: false; readonly error: ReadFailure };

/** Reads targets' sensors, once per cycle each, and keeps their health. */
export class SensorReader {
  readonly health: TargetHealth;
  #ready: Promise<void> | undefined;

  constructor(
    readonly tool: IpmiTool,
    readonly config: IpmiConfig,
    private readonly ctx: Pick<PluginContext, 'config' | 'logger'>,
  ) {
    this.health = new TargetHealth(ctx.logger);
  }

  get logger(): Logger {
    return this.ctx.logger;
  }

  /** `[DEFAULT] host`: the node name of the in-band target. */
  get host(): string {
    return this.ctx.config.get<string>('DEFAULT', 'host');
  }

  /** Where `[ipmi] bmcs_file` is (resolved like the other config files), or undefined when unset. */
  bmcsFilePath(): string | undefined {
    const name = this.config.bmcsFile;
    return name ? (this.ctx.config.findFile(name) ?? name) : undefined;
  }

  /** The remote BMCs of `[ipmi] bmcs_file` (read now; none when unset). Throws ConfigError. */
  async remoteTargets(): Promise<IpmiTarget[]> {
    const path = this.bmcsFilePath();
    return path ? loadBmcsFile(path) : [];
  }

  /**
   * Once per agent, for every sensor pollster's `setup()`. With a `bmcs_file`: that file must be
   * valid (ConfigError otherwise). Without: `ipmitool sdr info` must work in-band, else one
   * warning and ExtensionLoadError (upstream: "IPMITool not supported on host").
   */
  ready(): Promise<void> {
    this.#ready ??= this.#checkReady();
    return this.#ready;
  }

  async #checkReady(): Promise<void> {
    if (this.bmcsFilePath()) {
      await this.remoteTargets();
      return;
    }
    const target: IpmiTarget = { node: this.host };
    try {
      await this.tool.run(target, SDR_INFO_ARGS);
    } catch (error) {
      if (!(error instanceof IpmiCommandError)) throw error;
      const command = this.tool.commandLine(target, SDR_INFO_ARGS).join(' ');
      this.logger.warn(
        { command },
        `IPMI sensor pollsters not loaded: ${command} failed on this host (${error.reason}); no local BMC, no ipmitool, or no permission (see [ipmi] command_prefix); remote BMCs need [ipmi] bmcs_file`,
      );
      throw new ExtensionLoadError(`IPMITool not supported on host: ${error.reason}`, { cause: error });
    }
  }

  /** The sensors of `target` this cycle (read on the first ask, shared by every pollster). */
  read(cycle: PollCycle, target: IpmiTarget): Promise<ReadOutcome> {
    return cycle.cache.getOrLoad(`ipmi.sdr\0${targetKey(target)}`, () => this.#load(target, cycle.signal));
  }

  async #load(target: IpmiTarget, signal: AbortSignal): Promise<ReadOutcome> {
    try {
      const data = translateOutput(await this.tool.run(target, SENSOR_DUMP_ARGS, signal));
      this.health.succeeded(target);
      return { ok: true, data };
    } catch (error) {
      if (!(error instanceof IpmiCommandError || error instanceof SensorOutputError)) throw error;
      this.health.failed(target, this.tool.commandLine(target, SENSOR_DUMP_ARGS), error);
      return { ok: false, error };
    }
  }
}

/** The agent's shared reader (made on first use). */
export function sensorReaderOf(ctx: PluginContext): SensorReader {
  return ctx.services.getOrCreate(SENSOR_READER_SERVICE, () => new SensorReader(ipmiToolOf(ctx), ipmiConfig(ctx.config), ctx));
}
