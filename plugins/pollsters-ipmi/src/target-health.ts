/**
 * Whether each BMC answers, for the whole agent: ONE warning when a target starts failing (node,
 * command without password, reason), debug lines while it keeps failing, ONE info line when it
 * answers again ("recovered after N failed polls"). Fed once per cycle per target by the shared
 * sensor reader, so five pollsters failing on one dead BMC make one warning, not five.
 */
import type { Logger } from '@ceilometer-ts/sdk';
import type { IpmiCommandError } from './ipmi-command-error.js';
import type { SensorOutputError } from './sdr-output.js';
import { targetKey, type IpmiTarget } from './target.js';

/** What a failed read is: ipmitool failed, or printed nothing usable. */
export type ReadFailure = IpmiCommandError | SensorOutputError;

/** Failed polls in a row per target. */
export class TargetHealth {
  readonly #failures = new Map<string, number>();

  constructor(private readonly logger: Logger) {}

  /** Consecutive failed polls of `target` so far. */
  failures(target: IpmiTarget): number {
    return this.#failures.get(targetKey(target)) ?? 0;
  }

  /** A poll of `target` failed; `command` is the command line (no password). */
  failed(target: IpmiTarget, command: readonly string[], error: ReadFailure): void {
    const key = targetKey(target);
    const n = (this.#failures.get(key) ?? 0) + 1;
    this.#failures.set(key, n);
    const reason = 'reason' in error ? error.reason : error.message;
    const fields = { node: target.node, command: command.join(' '), failures: n };
    if (n === 1) {
      this.logger.warn(fields, `IPMI on ${target.node} failed: ${command.join(' ')}: ${reason}; its sensors are not polled until it answers again (said once, repeats at debug)`);
    } else this.logger.debug(fields, `IPMI on ${target.node} still failing (${n} polls in a row): ${reason}`);
  }

  /** A poll of `target` worked. */
  succeeded(target: IpmiTarget): void {
    const key = targetKey(target);
    const n = this.#failures.get(key);
    if (n === undefined) return;
    this.#failures.delete(key);
    this.logger.info({ node: target.node, failures: n }, `IPMI on ${target.node} recovered after ${n} failed poll${n === 1 ? '' : 's'}`);
  }
}
