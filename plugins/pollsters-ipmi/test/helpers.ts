// Test doubles: a recording logger, a plugin context with [ipmi] values, an ipmitool runner that
// answers from recorded output, and the recorded ipmi_sim outputs.
import { readFileSync } from 'node:fs';
import { MapServiceRegistry, type Logger, type PluginContext } from '@ceilometer-ts/sdk';
import { IPMI_TOOL_SERVICE, IpmiCommandError, IpmiTool, type IpmiTarget } from '../src/index.js';

/** A recorded ipmi_sim output (test/fixtures). */
export const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

export interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly fields: Record<string, unknown>;
}

/** A logger keeping every line. */
export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at = (level: string) => (a: object | string, b?: unknown): void => {
    if (typeof a === 'string') lines.push({ level, msg: a, fields: {} });
    else lines.push({ level, msg: typeof b === 'string' ? b : '', fields: a as Record<string, unknown> });
  };
  const logger = {
    lines, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'),
    child: () => logger,
  };
  return logger;
}

/** A plugin context whose config holds `[DEFAULT] host` and the given `[ipmi]` values. */
export function ipmiContext(values: Record<string, unknown> = {}, logger: Logger = recordingLogger()): PluginContext {
  const all: Record<string, unknown> = { 'DEFAULT.host': 'node-1', ...values };
  return {
    logger,
    services: new MapServiceRegistry(),
    config: {
      has: (g, n) => `${g}.${n}` in all,
      get: <T>(g: string, n: string) => all[`${g}.${n}`] as T,
      group: () => ({}),
      files: [],
      configDirs: [],
      findFile: () => undefined,
    },
  };
}

/** What the fake answers for one call: stdout, or a failure. */
export type FakeAnswer = string | IpmiCommandError;

/** An ipmitool runner answering from a function; counts calls per target and command. */
export class FakeIpmiTool extends IpmiTool {
  readonly calls: { node: string; args: string[] }[] = [];

  constructor(private readonly answer: (target: IpmiTarget, args: readonly string[]) => FakeAnswer) {
    super({ ipmitoolPath: 'ipmitool', commandPrefix: [], commandTimeoutMs: 1000, maxParallel: 4 }, recordingLogger());
  }

  override run(target: IpmiTarget, args: readonly string[]): Promise<string> {
    this.calls.push({ node: target.node, args: [...args] });
    const out = this.answer(target, args);
    return typeof out === 'string' ? Promise.resolve(out) : Promise.reject(out);
  }
}

/** A context whose shared runner is `tool`. */
export function contextWithTool(tool: IpmiTool, values: Record<string, unknown> = {}, logger: Logger = recordingLogger()): PluginContext {
  const ctx = ipmiContext(values, logger);
  ctx.services.set(IPMI_TOOL_SERVICE, tool);
  return ctx;
}

/** An ipmitool failure as a dead BMC gives it. */
export const unanswered = (node: string): IpmiCommandError =>
  new IpmiCommandError(node, ['sdr', '-v'], 1, 'Error: Unable to establish IPMI v2 / RMCP+ session', false);
