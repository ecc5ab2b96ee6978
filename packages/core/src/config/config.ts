import type { ConfigView } from '@ceilometer-ts/sdk';
import { findFileNear } from './config-locations.js';
import { NoSuchOptionError } from './errors.js';
import { normalizeGroupName } from './ini-parser.js';
import type { OptionRegistry } from './option-registry.js';
import type { ResolvedValue } from './value-resolver.js';

/** What {@link Config} needs to exist; built by `loadConfig`. */
export interface ConfigState {
  readonly registry: OptionRegistry;
  readonly values: ReadonlyMap<string, ReadonlyMap<string, ResolvedValue>>;
  /** Every file read, in reading order. */
  readonly files: readonly string[];
  readonly configDirs: readonly string[];
  readonly project: string;
  /**
   * Resolves options registered after the load (a plugin declaring its options when imported),
   * as oslo.config allows registering after parsing; throws `ConfigError` when the file value is bad.
   */
  readonly resolveLate?: (group: string, name: string) => ResolvedValue | undefined;
}

const MASK = '****';

/**
 * The loaded, validated, read-only configuration: an oslo.config `ConfigOpts` after parsing.
 * Values are computed and checked once at load; `get` never parses.
 */
export class Config implements ConfigView {
  readonly files: readonly string[];
  readonly configDirs: readonly string[];
  readonly #state: ConfigState;
  readonly #groups = new Map<string, Readonly<Record<string, unknown>>>();
  readonly #late = new Map<string, Map<string, ResolvedValue>>();

  constructor(state: ConfigState) {
    this.#state = state;
    this.files = Object.freeze([...state.files]);
    this.configDirs = Object.freeze([...state.configDirs]);
  }

  /** Value of `[group] name`; throws {@link NoSuchOptionError} for an undeclared option. */
  get<T = unknown>(group: string, name: string): T {
    return this.#resolved(group, name).value as T;
  }

  /** Whether `[group] name` is declared (now, including options registered after the load). */
  has(group: string, name: string): boolean {
    return this.#find(normalizeGroupName(group), name) !== undefined;
  }

  /** Where a value came from: a file and line, an override, or the declared default. */
  source(group: string, name: string): Omit<ResolvedValue, 'value'> {
    const { source, file, line } = this.#resolved(group, name);
    return { source, file, line };
  }

  /** Every declared option of `group` with its value, frozen (empty for an unknown group). */
  group(group: string): Readonly<Record<string, unknown>> {
    const key = normalizeGroupName(group);
    let view = this.#groups.get(key);
    if (!view) {
      const names = this.#state.registry.options(key).map((o) => o.declaration.name);
      const entries = names.map((n) => [n, this.#find(key, n)?.value]);
      view = Object.freeze(Object.fromEntries(entries) as Record<string, unknown>);
      if (names.every((n) => this.#state.values.get(key)?.has(n))) this.#groups.set(key, view);
    }
    return view;
  }

  /** Resolves a file name like oslo.config's `find_file` (config dirs, next to config files, default dirs). */
  findFile(name: string): string | undefined {
    return findFileNear(name, this.configDirs, this.files, this.#state.project);
  }

  /**
   * All values by group with secret options masked: safe to log (oslo.config's `log_opt_values`).
   * `JSON.stringify(config)` uses it too.
   */
  toJSON(): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const option of this.#state.registry.options()) {
      const { group, name, secret } = option.declaration;
      const value = this.#find(group, name)?.value;
      (out[group] ??= {})[name] = secret && value !== undefined && value !== '' ? MASK : value;
    }
    return out;
  }

  #resolved(group: string, name: string): ResolvedValue {
    const key = normalizeGroupName(group);
    const resolved = this.#find(key, name);
    if (!resolved) throw new NoSuchOptionError(key, name);
    return resolved;
  }

  #find(group: string, name: string): ResolvedValue | undefined {
    const loaded = this.#state.values.get(group)?.get(name) ?? this.#late.get(group)?.get(name);
    if (loaded || !this.#state.registry.has(group, name)) return loaded;
    const late = this.#state.resolveLate?.(group, name);
    if (late) {
      const values = this.#late.get(group) ?? new Map<string, ResolvedValue>();
      values.set(name, late);
      this.#late.set(group, values);
    }
    return late;
  }
}
