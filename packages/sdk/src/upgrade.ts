/**
 * Storage upgrade steps (`ceilometer.upgrade`, ours): what `ceilometer-upgrade` runs, as upstream's
 * `ceilometer/cmd/storage.py` runs Gnocchi's resource-type and archive-policy upgrade. A backend
 * plugin (the Gnocchi publisher) registers one step; the command names no backend, it runs every
 * step found, in entry point name order, and passes the operator's flags through.
 */
import type { Logger } from './logger.js';

/** What the command hands a step. */
export interface UpgradeOptions {
  /** Flags given on the command line (`skip-gnocchi-resource-types` → true), by name without dashes. */
  readonly flags: ReadonlySet<string>;
  /** `--retry N`: how many times a step retries a failed connection before giving up. */
  readonly retry: number;
  /** One progress line per step the plugin takes ("created resource type instance_disk"). */
  readonly progress: (line: string) => void;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}

/** A step's outcome, printed by the command. */
export interface UpgradeResult {
  /** What changed (empty when everything was already up to date: steps are idempotent). */
  readonly changed: readonly string[];
  /** What was left alone on purpose (skipped by a flag, already present). */
  readonly unchanged: readonly string[];
}

/**
 * One `ceilometer.upgrade` entry point. `run` rejects with a typed error naming what failed
 * (unreachable backend, refused credentials) and the command exits non-zero.
 */
export interface UpgradeStep {
  /** Flags this step understands, for `--help` (`skip-gnocchi-resource-types`). */
  readonly flags?: readonly { readonly name: string; readonly help: string }[];
  /** Runs the step; resolves with what it changed. */
  run(options: UpgradeOptions): Promise<UpgradeResult>;
}
