/**
 * The Intel Node Manager engine of one BMC (upstream 19.0's `intel_node_manager.NodeManager`):
 * detection (sensor initialization agent, Intel manufacturer id, the NM address from the SDR's OEM
 * record, the NM device id and version) once, then the raw reads bridged to the NM with `-b -t`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CeilometerError } from '@ceilometer-ts/sdk';
import { IpmiCommandError, type IpmiTarget } from '../ipmitool.js';
import {
  BMC_INFO, NM_CUPS_INDEX, NM_CUPS_UTILIZATION, NM_DEVICE_ID, NM_STATISTICS, NM_VERSION, ONE_RETURN,
  RawResponseError, littleEndian, parseRawResponse, type RawFields, type RawTemplate,
} from './raw-response.js';
import { bridgeArgs, findNodeManagerAddress } from './sdr-oem-record.js';

/** What runs ipmitool for a target (the package's `IpmiTool`; a fake in tests). */
export interface IpmiRunner {
  run(target: IpmiTarget, args: readonly string[]): Promise<string>;
}

/** The sensor initialization agent did not finish (upstream's NodeManagerException). */
export class NodeManagerInitError extends CeilometerError {
  readonly code = 'CEILO_ERR_IPMI_NM_INIT' as const;
}

/** What the Node Manager reads, each with its command (netfn 0x2e, Intel's id 57 01 00) and response layout. */
export const NM_READINGS = {
  power: { args: ['raw', '0x2e', '0xc8', '0x57', '0x01', '0x00', '0x01', '0x00', '0x00'], template: NM_STATISTICS, minVersion: 1 },
  inlet_temperature: { args: ['raw', '0x2e', '0xc8', '0x57', '0x01', '0x00', '0x02', '0x00', '0x00'], template: NM_STATISTICS, minVersion: 1 },
  // NM 3.0 (version byte 05) and later only
  outlet_temperature: { args: ['raw', '0x2e', '0xc8', '0x57', '0x01', '0x00', '0x05', '0x00', '0x00'], template: NM_STATISTICS, minVersion: 5 },
  airflow: { args: ['raw', '0x2e', '0xc8', '0x57', '0x01', '0x00', '0x04', '0x00', '0x00'], template: NM_STATISTICS, minVersion: 5 },
  cups_utilization: { args: ['raw', '0x2e', '0x65', '0x57', '0x01', '0x00', '0x05'], template: NM_CUPS_UTILIZATION, minVersion: 5 },
  cups_index: { args: ['raw', '0x2e', '0x65', '0x57', '0x01', '0x00', '0x01'], template: NM_CUPS_INDEX, minVersion: 5 },
} as const satisfies Record<string, { args: readonly string[]; template: RawTemplate; minVersion: number }>;

/** One of {@link NM_READINGS}. */
export type NodeManagerReading = keyof typeof NM_READINGS;

const INIT_AGENT_STATUS = ['raw', '0x0a', '0x2c', '0x00'];
const INIT_AGENT_RUN = ['raw', '0x0a', '0x2c', '0x01'];
const GET_DEVICE_ID = ['raw', '0x06', '0x01'];
const GET_NM_VERSION = ['raw', '0x2e', '0xca', '0x57', '0x01', '0x00'];
const MANUFACTURER_ID_INTEL = ['57', '01', '00'];

/** The outcome of detection: version 0 means no Node Manager (with the reason). */
export interface NodeManagerDetection {
  /** The NM version byte: 1 = NM 1.0, 2 = 1.5, 3 = 2.0, 4 = 2.5, 5 = 3.0; 0 = none. */
  readonly version: number;
  readonly reason?: string;
  /** The BMC did not answer: detection is tried again on the next poll. */
  readonly unanswered?: boolean;
}

/** Engine settings. */
export interface NodeManagerOptions {
  /** `[ipmi] node_manager_init_retry`. */
  readonly initRetry: number;
  /** Waits between initialization agent runs (upstream sleeps 1 s); replaced in tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Whether a failed command means the BMC is not there right now, rather than that it lacks the command. */
function unanswered(err: unknown): boolean {
  return err instanceof IpmiCommandError && (err.timedOut || /unable to establish|session|no response|timeout/i.test(err.stderr));
}

/** Node Manager access for one target. */
export class NodeManager {
  readonly #runner: IpmiRunner;
  readonly #target: IpmiTarget;
  readonly #options: NodeManagerOptions;
  #detection: Promise<NodeManagerDetection> | undefined;
  #bridge: readonly string[] = [];

  constructor(runner: IpmiRunner, target: IpmiTarget, options: NodeManagerOptions) {
    this.#runner = runner;
    this.#target = target;
    this.#options = options;
  }

  /**
   * Detects the Node Manager once (upstream's `check_node_manager`); a BMC that did not answer is
   * asked again on the next call. Never rejects for IPMI failures: they mean "no Node Manager".
   */
  detect(): Promise<NodeManagerDetection> {
    this.#detection ??= this.#detect().then((d) => {
      if (d.unanswered) this.#detection = undefined;
      return d;
    });
    return this.#detection;
  }

  /**
   * One reading's response fields, or undefined when this NM version lacks it (or there is no NM).
   * @throws IpmiCommandError or RawResponseError when the reading fails.
   */
  async read(reading: NodeManagerReading): Promise<RawFields | undefined> {
    const { version } = await this.detect();
    const spec = NM_READINGS[reading];
    if (version === 0 || version < spec.minVersion) return undefined;
    return this.#command([...this.#bridge, ...spec.args], spec.template);
  }

  async #command(args: readonly string[], template: RawTemplate): Promise<RawFields> {
    return parseRawResponse(await this.#runner.run(this.#target, args), template);
  }

  async #detect(): Promise<NodeManagerDetection> {
    try {
      await this.#initSensorAgent();
      const bmc = await this.#command(GET_DEVICE_ID, BMC_INFO);
      const manufacturer = bmc['Manufacturer_ID']!;
      if (manufacturer.join(' ') !== MANUFACTURER_ID_INTEL.join(' ')) return { version: 0, reason: `the BMC's manufacturer id is ${manufacturer.join(' ')}, not Intel's 57 01 00` };
      const address = findNodeManagerAddress(await this.#sdrDump());
      if (!address) return { version: 0, reason: 'the SDR has no Intel Node Manager OEM record' };
      this.#bridge = bridgeArgs(address);
      const device = await this.#command([...this.#bridge, ...GET_DEVICE_ID], NM_DEVICE_ID);
      // Implemented firmware, bits 3:0: 0 means no Node Manager
      if ((Number.parseInt(device['Implemented_firmware']![0]!, 16) & 0xf) === 0) return { version: 0, reason: 'the Management Engine implements no Node Manager' };
      const version = Number(littleEndian((await this.#command([...this.#bridge, ...GET_NM_VERSION], NM_VERSION))['NM_Version']!));
      return version === 0 ? { version, reason: 'the Node Manager reports version 0' } : { version };
    } catch (err) {
      if (err instanceof IpmiCommandError || err instanceof RawResponseError || err instanceof NodeManagerInitError) {
        return { version: 0, reason: err.message, unanswered: unanswered(err) };
      }
      throw err;
    }
  }

  /** Runs the sensor initialization agent until it reports done (upstream's `init_node_manager`). */
  async #initSensorAgent(): Promise<void> {
    const done = async (): Promise<boolean> => (await this.#command(INIT_AGENT_STATUS, ONE_RETURN))['ret']![0] === '01';
    if (await done()) return;
    const sleep = this.#options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let i = 0; i < this.#options.initRetry; i++) {
      await this.#command(INIT_AGENT_RUN, ONE_RETURN);
      await sleep(1000);
      if (await done()) return;
    }
    throw new NodeManagerInitError('Node Manager init failed');
  }

  /** `ipmitool sdr dump FILE` into a private temporary file (created first, so it stays ours under sudo). */
  async #sdrDump(): Promise<Uint8Array> {
    const dir = await mkdtemp(join(tmpdir(), 'ceilometer-ipmi-sdr-'));
    try {
      const file = join(dir, 'sdr.bin');
      await writeFile(file, '', { mode: 0o600 });
      await this.#runner.run(this.#target, ['sdr', 'dump', file]);
      return await readFile(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
