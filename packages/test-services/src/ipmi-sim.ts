import { createSocket } from 'node:dgram';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './ports.js';
import { runServiceScript, stopService, forgetAtExit, stopAtExit } from './service-script.js';

/** IPMI sensor type codes (IPMI 2.0 table 42-3) of the sensors the simulator serves. */
export const IPMI_SENSOR_TYPE = {
  temperature: 0x01,
  voltage: 0x02,
  current: 0x03,
  fan: 0x04,
  processor: 0x07,
  other: 0x0b,
} as const;

/** IPMI base unit codes (IPMI 2.0 table 43-15) used by the default sensors. */
export const IPMI_UNIT = { degreesC: 1, volts: 4, amps: 5, watts: 6, kPa: 14, rpm: 18 } as const;

/** Event/reading type codes: threshold (analog) or sensor-specific discrete. */
export const IPMI_READING_TYPE = { threshold: 0x01, sensorSpecific: 0x6f } as const;

/**
 * One sensor of a simulated BMC: a row of `scripts/services/ipmi-sim/sensors.tsv`. Threshold sensors
 * read `m * raw * 10^rExp` in `unit`; for a discrete sensor `raw` is the asserted state bit.
 */
export interface IpmiSimSensor {
  readonly number: number;
  /** The SDR id string ipmitool prints as `Sensor ID` (at most 16 bytes). */
  readonly name: string;
  readonly sensorType: number;
  /** Default {@link IPMI_READING_TYPE}.threshold. */
  readonly eventReadingType?: number;
  readonly entityId: number;
  readonly unit?: number;
  readonly m?: number;
  readonly rExp?: number;
  readonly raw: number;
  /** Upper critical / non-critical thresholds, raw bytes. */
  readonly upperCritical?: number;
  readonly upperNonCritical?: number;
}

/**
 * Every sensor type the IPMI pollsters read (two temperatures, a voltage, a current, a fan, and
 * 'Pwr Consumption' as a Current sensor in Watts, as Dell BMCs report it: upstream master's
 * `hardware.ipmi.power` reads it and its Current pollster skips it), plus two the pollsters must
 * ignore: a discrete processor sensor and a threshold sensor of a type nobody polls. The same
 * table as the script's default `ipmi-sim/sensors.tsv` (a test keeps them equal).
 */
export const DEFAULT_IPMI_SIM_SENSORS: readonly IpmiSimSensor[] = [
  { number: 1, name: 'Inlet Temp', sensorType: 0x01, entityId: 0x37, unit: 1, m: 1, rExp: 0, raw: 28, upperCritical: 45, upperNonCritical: 40 },
  { number: 2, name: 'CPU1 Temp', sensorType: 0x01, entityId: 0x03, unit: 1, m: 1, rExp: 0, raw: 52, upperCritical: 95, upperNonCritical: 85 },
  { number: 3, name: 'Fan 1', sensorType: 0x04, entityId: 0x1d, unit: 18, m: 60, rExp: 0, raw: 80, upperCritical: 250, upperNonCritical: 240 },
  { number: 4, name: '12V', sensorType: 0x02, entityId: 0x07, unit: 4, m: 6, rExp: -2, raw: 200, upperCritical: 220, upperNonCritical: 215 },
  { number: 5, name: 'PS1 Curr Out', sensorType: 0x03, entityId: 0x0a, unit: 5, m: 1, rExp: -1, raw: 45, upperCritical: 200, upperNonCritical: 180 },
  { number: 6, name: 'Pwr Consumption', sensorType: 0x03, entityId: 0x07, unit: 6, m: 2, rExp: 0, raw: 100, upperCritical: 250, upperNonCritical: 240 },
  { number: 7, name: 'CPU1 Status', sensorType: 0x07, eventReadingType: 0x6f, entityId: 0x03, raw: 7 },
  { number: 8, name: 'Air Pressure', sensorType: 0x0b, entityId: 0x07, unit: 14, m: 1, rExp: 0, raw: 101, upperCritical: 120, upperNonCritical: 110 },
];

/** The reading a threshold sensor shows for a raw byte: `m * raw * 10^rExp` (rounded to 10^rExp). */
export function ipmiSimReading(sensor: IpmiSimSensor, raw: number = sensor.raw): number {
  const exp = sensor.rExp ?? 0;
  const value = (sensor.m ?? 1) * raw * 10 ** exp;
  return exp < 0 ? Number(value.toFixed(-exp)) : value;
}

/** The sensor table in the TSV format `start-ipmi-sim.sh` reads (`IPMI_SENSORS_FILE`). */
export function ipmiSimSensorsTsv(sensors: readonly IpmiSimSensor[]): string {
  const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
  const lines = sensors.map((s) => {
    const readingType = s.eventReadingType ?? IPMI_READING_TYPE.threshold;
    const threshold = readingType === IPMI_READING_TYPE.threshold;
    const opt = (n: number | undefined, fallback: number): string => (threshold ? String(n ?? fallback) : '-');
    if (/[\t\n]/.test(s.name)) throw new Error(`sensor name ${JSON.stringify(s.name)} holds a tab or newline`);
    return [
      s.number, hex(s.sensorType), hex(readingType), hex(s.entityId),
      opt(s.unit, 0), opt(s.m, 1), opt(s.rExp, 0), s.raw, opt(s.upperCritical, 0), opt(s.upperNonCritical, 0), s.name,
    ].join('\t');
  });
  return `${lines.join('\n')}\n`;
}

/** Options for {@link startIpmiSim} and {@link startIpmiSimFleet}. */
export interface StartIpmiSimOptions {
  /** Sensor table of every BMC (default {@link DEFAULT_IPMI_SIM_SENSORS}). */
  readonly sensors?: readonly IpmiSimSensor[];
  /** Administrator account (default admin / password). */
  readonly user?: string;
  readonly password?: string;
}

/** One simulated BMC (an `ipmi_sim` process) on 127.0.0.1. */
export interface IpmiSim {
  readonly host: '127.0.0.1';
  /** UDP port of its LAN channel (IPMI 1.5 `lan` and 2.0 `lanplus`). */
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** TCP port of its command console (ipmi_sim_cmd(5)). */
  readonly consolePort: number;
  /** The simulator's data dir (its lan.conf, state and log). */
  readonly dir: string;
  /**
   * A folder holding an `ipmitool` wrapper that adds `-I lanplus -C 3 -H 127.0.0.1 -p PORT -U USER -P
   * PASSWORD`: first on PATH, in-band `ipmitool sdr -v ...` (upstream's, or ours with a local target)
   * reaches this BMC.
   */
  readonly wrapperDir: string;
  /** `ipmitool` arguments that reach this BMC without a password: `-I lanplus -C 3 -H -p -U`. */
  readonly lanArgs: readonly string[];
  readonly pid: number;
  readonly sensors: readonly IpmiSimSensor[];
  /** Sets a threshold sensor's raw reading (see {@link ipmiSimReading}). */
  setSensorValue(sensorNumber: number, raw: number): Promise<void>;
  /**
   * Turns scanning of a sensor off or on. Off, the sensor "disappears": ipmitool still lists it
   * but prints `Sensor Reading : Disabled` (`sdr -v`) / `ns` (`sdr elist`), and `sensor get` fails.
   */
  setSensorScanning(sensorNumber: number, on: boolean): Promise<void>;
  /**
   * SIGSTOP: the BMC stops answering. ipmitool then fails with "Unable to establish IPMI v2 /
   * RMCP+ session" after ~20 s with its default retries, ~2 s with `-N 1 -R 1`.
   */
  pause(): Promise<void>;
  /** SIGCONT: the BMC answers again (sessions it had are gone; ipmitool opens new ones anyway). */
  resume(): Promise<void>;
  /** Stops this simulator (the whole fleet's data dir is removed with the fleet's `stop()`). */
  stop(): Promise<void>;
}

/** Many simulated BMCs started at once (one `start-ipmi-sim.sh` run). */
export interface IpmiSimFleet {
  readonly bmcs: readonly IpmiSim[];
  readonly dataDir: string;
  /** Resident memory of all simulators right after start (kB). */
  readonly rssKb: number;
  /** Seconds from the script's start until every simulator listened and the first and last answered. */
  readonly startSeconds: number;
  /** Stops every simulator and removes the data dir (idempotent). */
  stop(): Promise<void>;
}

/** Asks the kernel for a free UDP port on 127.0.0.1 (free now; a race with other processes remains possible). */
export function findFreeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

const CONSOLE_TIMEOUT_MS = 5000;

/**
 * Runs one command on an ipmi_sim console (TCP, telnet-style: option bytes, then a `> ` prompt
 * after each command) and resolves its output; rejects when the simulator answers with `**` (its
 * error marker) or does not answer.
 */
export function ipmiSimConsoleCommand(consolePort: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port: consolePort, host: '127.0.0.1' });
    let buffer = '';
    let sent = false;
    const finish = (error: Error | undefined, output = ''): void => {
      socket.destroy();
      if (error) reject(error);
      else resolve(output);
    };
    socket.setTimeout(CONSOLE_TIMEOUT_MS, () => finish(new Error(`ipmi_sim console ${consolePort}: no answer to ${command}`)));
    socket.once('error', (error) => finish(error));
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      if (!buffer.endsWith('> ')) return;
      if (!sent) {
        sent = true;
        buffer = '';
        socket.write(`${command}\n`);
        return;
      }
      // the console echoes the command, then prints its output and the next prompt
      const output = buffer.slice(0, -2).split(/\r?\n\r?/).slice(1).join('\n').trim();
      if (output.startsWith('**')) finish(new Error(`ipmi_sim console ${consolePort}: ${command}: ${output.slice(2)}`));
      else finish(undefined, output);
    });
  });
}

function signal(pid: number, name: NodeJS.Signals): Promise<void> {
  process.kill(pid, name);
  return Promise.resolve();
}

const NO_EVENTS = '000000000000000';

function simFor(
  row: { readonly port: number; readonly consolePort: number; readonly wrapperDir: string; readonly pid: number },
  dataDir: string,
  index: number,
  user: string,
  password: string,
  sensors: readonly IpmiSimSensor[],
): IpmiSim {
  const { port, consolePort, pid } = row;
  const sim: IpmiSim = {
    host: '127.0.0.1',
    port,
    user,
    password,
    consolePort,
    dir: join(dataDir, `bmc-${index}`),
    wrapperDir: row.wrapperDir,
    lanArgs: ['-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', String(port), '-U', user],
    pid,
    sensors,
    setSensorValue: async (n, raw) => {
      await ipmiSimConsoleCommand(consolePort, `sensor_set_value 0x20 0 ${n} ${raw} 0`);
    },
    setSensorScanning: async (n, on) => {
      await ipmiSimConsoleCommand(
        consolePort,
        `sensor_set_event_support 0x20 0 ${n} enable ${on ? 'scanning' : 'false'} per-state ${NO_EVENTS} ${NO_EVENTS} ${NO_EVENTS} ${NO_EVENTS}`,
      );
    },
    pause: () => signal(pid, 'SIGSTOP'),
    resume: () => signal(pid, 'SIGCONT'),
    stop: async () => {
      try {
        process.kill(pid, 'SIGCONT');
        process.kill(pid, 'SIGTERM');
      } catch {
        return; // already gone
      }
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      process.kill(pid, 'SIGKILL');
    },
  };
  return sim;
}

function parseBmcsTsv(text: string): { port: number; consolePort: number; wrapperDir: string; pid: number }[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [, port, consolePort, wrapperDir, pid] = line.split('\t');
      return { port: Number(port), consolePort: Number(consolePort), wrapperDir: wrapperDir ?? '', pid: Number(pid) };
    });
}

/**
 * Starts `count` simulated BMCs through `scripts/services/start-ipmi-sim.sh` (one `ipmi_sim` each,
 * ~4 MB; 50 start in under a second), every one on its own free UDP port and console port, all
 * with the same sensor table and account. Needs Debian's openipmi and ipmitool.
 */
export async function startIpmiSimFleet(count: number, options: StartIpmiSimOptions = {}): Promise<IpmiSimFleet> {
  // free ports are probed, then bound by the simulators: another process may win the race
  for (let attempt = 1; ; attempt++) {
    const dataDir = await mkdtemp(join(tmpdir(), 'ceilo-ipmisim-'));
    stopAtExit(dataDir);
    const started = await startFleetIn(dataDir, count, options).catch((error: unknown) => error as Error);
    if (!(started instanceof Error)) return started;
    await stopService(dataDir).catch(() => {});
    forgetAtExit(dataDir);
    if (attempt >= 3 || !/already in use/.test(started.message)) throw started;
  }
}

async function freePortPairs(count: number): Promise<{ udp: number[]; tcp: number[] }> {
  const udp: number[] = [];
  const tcp: number[] = [];
  while (udp.length < count) {
    const u = await findFreeUdpPort();
    const t = await findFreePort();
    if (udp.includes(u) || tcp.includes(t)) continue;
    udp.push(u);
    tcp.push(t);
  }
  return { udp, tcp };
}

async function startFleetIn(dataDir: string, count: number, options: StartIpmiSimOptions): Promise<IpmiSimFleet> {
  const user = options.user ?? 'admin';
  const password = options.password ?? 'password';
  const sensors = options.sensors ?? DEFAULT_IPMI_SIM_SENSORS;
  const ports = await freePortPairs(count);
  const sensorsFile = join(dataDir, 'sensors.tsv');
  await writeFile(sensorsFile, ipmiSimSensorsTsv(sensors));
  const env = await runServiceScript(
    'start-ipmi-sim',
    dataDir,
    {
      IPMI_PORTS: ports.udp.join(' '),
      IPMI_CONSOLE_PORTS: ports.tcp.join(' '),
      IPMI_USER: user,
      IPMI_PASSWORD: password,
      IPMI_SENSORS_FILE: sensorsFile,
    },
    { timeoutMs: 60_000 + count * 500 },
  );
  const rows = parseBmcsTsv(await readFile(env['IPMI_BMCS_FILE'] ?? join(dataDir, 'bmcs.tsv'), 'utf8'));
  return {
    bmcs: rows.map((row, i) => simFor(row, dataDir, i, user, password, sensors)),
    dataDir,
    rssKb: Number(env['IPMI_RSS_KB'] ?? 0),
    startSeconds: Number(env['IPMI_START_S'] ?? 0),
    stop: async () => {
      if (!forgetAtExit(dataDir)) return;
      await stopService(dataDir);
    },
  };
}

/**
 * Starts one simulated BMC (`ipmi_sim`) on 127.0.0.1 with {@link DEFAULT_IPMI_SIM_SENSORS} (or the
 * given ones); ready in well under a second. `stop()` also removes its data dir.
 */
export async function startIpmiSim(options: StartIpmiSimOptions = {}): Promise<IpmiSim> {
  const fleet = await startIpmiSimFleet(1, options);
  const [bmc] = fleet.bmcs;
  if (!bmc) throw new Error('start-ipmi-sim.sh listed no BMC');
  return { ...bmc, stop: () => fleet.stop() };
}
