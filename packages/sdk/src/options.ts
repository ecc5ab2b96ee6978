/**
 * Option declarations: how core and plugins declare `ceilometer.conf` options as data
 * (group, name, type, default, help). The config loader, `ceilometer-config-generator` and each
 * plugin's README options table all read the same declarations.
 */

/** oslo.config option types we support. */
export type OptionType =
  | 'string'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'list'
  | 'dict'
  | 'multistring'
  | 'port'
  | 'uri'
  | 'hostaddress'
  | 'duration';

/**
 * One option.
 * @example { group: 'polling', name: 'batch_size', type: 'integer', default: 50, min: 0,
 *            help: 'Number of samples per notification; 0 sends one message per sample.' }
 */
export interface OptionDeclaration {
  /** INI section; `DEFAULT` for the default group. */
  readonly group: string;
  readonly name: string;
  readonly type: OptionType;
  readonly default?: unknown;
  readonly help: string;
  /** Never logged or printed with its value. */
  readonly secret?: boolean;
  readonly choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** Old names still read (`group.name` or plain `name` in the same group). */
  readonly deprecatedNames?: readonly string[];
  readonly deprecatedForRemoval?: boolean;
  readonly deprecatedReason?: string;
  /**
   * Must be set (oslo.config's `required=True`): loading a configuration without a value fails, and
   * `ceilometer-config-generator --minimal` lists exactly these options.
   */
  readonly required?: boolean;
  /** Accepted on the command line too (`--name`), as oslo.config CLI opts. */
  readonly cli?: boolean;
}

/** What an `oslo.config.opts` entry point exports: a list, or a function returning one. */
export type OptionList = readonly OptionDeclaration[];
/** An `oslo.config.opts` export: the list, or a function returning it. */
export type OptionListProvider = OptionList | (() => OptionList);

/** Read-only view of the loaded configuration handed to plugins. */
export interface ConfigView {
  /** Value of `[group] name` (declared default when unset). Throws for an undeclared option. */
  get<T = unknown>(group: string, name: string): T;
  /** Whether an option is declared. */
  has(group: string, name: string): boolean;
  /** Every declared option of a group with its value, frozen. */
  group(group: string): Readonly<Record<string, unknown>>;
  /** The files the configuration was read from, in order. */
  readonly files: readonly string[];
  /** Directories searched for relative file names (oslo.config's `find_file`). */
  readonly configDirs: readonly string[];
  /** Resolves a file name the way oslo.config does: absolute, then next to config files and dirs. */
  findFile(name: string): string | undefined;
}
