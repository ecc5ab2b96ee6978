/**
 * oslo-config-generator's machine-readable sample (`--format yaml|json`): every option as data, with
 * the structure of `_generate_machine_readable_data`, so tools written for upstream's output read ours.
 */
import type { SampleOptionDeclaration } from './core-options.js';
import { optionLocations } from './option-names.js';
import type { OptionRegistry, RegisteredOption } from './option-registry.js';
import { effectiveBounds, OPTION_TYPE_NAMES } from './option-values.js';
import { optionSource } from './sample-config.js';

/** One option, with the public attributes of an oslo.config `Opt` (`_build_entry`). */
export interface SampleOptionData {
  readonly advanced: boolean;
  readonly choices: readonly (readonly [string, null])[];
  readonly default: unknown;
  readonly deprecated_for_removal: boolean;
  readonly deprecated_opts: readonly { readonly group: string; readonly name: string }[];
  readonly deprecated_reason: string | null;
  readonly deprecated_since: null;
  readonly dest: string;
  readonly help: string;
  readonly max: number | null;
  readonly metavar: null;
  readonly min: number | null;
  readonly mutable: boolean;
  readonly name: string;
  readonly namespace: string;
  readonly positional: boolean;
  readonly required: boolean;
  readonly sample_default: string | null;
  readonly secret: boolean;
  readonly short: null;
  readonly type: string;
}

/** One group: its options and which of them are not driver options (we have none). */
export interface SampleGroupData {
  readonly help: string;
  readonly opts: readonly SampleOptionData[];
  readonly standard_opts: readonly string[];
  readonly dynamic_group_owner?: string;
  readonly driver_option?: string;
  readonly driver_opts?: Readonly<Record<string, readonly string[]>>;
}

/** The whole document: `options`, `deprecated_options` and the generator's own settings. */
export interface SampleConfigData {
  readonly options: Readonly<Record<string, SampleGroupData>>;
  readonly deprecated_options: Readonly<Record<string, readonly { readonly name: string; readonly replacement_group: string; readonly replacement_name: string }[]>>;
  readonly generator_options: Readonly<Record<string, unknown>>;
}

function optionData(option: RegisteredOption): SampleOptionData {
  const decl: SampleOptionDeclaration = option.declaration;
  const { min, max } = effectiveBounds(decl);
  const [, ...deprecated] = optionLocations(decl);
  return {
    advanced: false,
    choices: (decl.choices ?? []).map((c) => [c, null] as const),
    default: decl.default ?? null,
    deprecated_for_removal: decl.deprecatedForRemoval ?? false,
    deprecated_opts: deprecated.filter((d) => !d.name.includes('-')).map((d) => ({ group: d.group, name: d.name })),
    deprecated_reason: decl.deprecatedReason ?? null,
    deprecated_since: null,
    dest: decl.name.replaceAll('-', '_'),
    help: decl.help,
    max: max ?? null,
    metavar: null,
    min: min ?? null,
    mutable: false,
    name: decl.name,
    namespace: optionSource(option),
    positional: false,
    required: decl.required ?? false,
    sample_default: decl.sampleDefault ?? null,
    secret: decl.secret ?? false,
    short: null,
    type: OPTION_TYPE_NAMES[decl.type],
  };
}

/**
 * The machine-readable sample of every registered option. `generatorOptions` is echoed as
 * `generator_options` (upstream writes its own settings there: `format_`, `namespace`, ...).
 */
export function sampleConfigData(registry: OptionRegistry, generatorOptions: Readonly<Record<string, unknown>> = {}): SampleConfigData {
  const options: Record<string, SampleGroupData> = { DEFAULT: { help: '', opts: [], standard_opts: [] } };
  const deprecatedOptions: Record<string, { name: string; replacement_group: string; replacement_name: string }[]> = {};
  for (const group of registry.groups()) {
    const registered = registry.options(group);
    if (registered.length === 0) continue;
    const sources = [...new Set(registered.map(optionSource))];
    // oslo lists a group's options namespace by namespace, in the order the namespaces were loaded
    const opts = sources.flatMap((source) => registered.filter((o) => optionSource(o) === source)).map(optionData);
    options[group] = { help: '', opts, standard_opts: opts.map((o) => o.name), dynamic_group_owner: '', driver_option: '', driver_opts: {} };
    for (const opt of opts) {
      for (const d of opt.deprecated_opts) (deprecatedOptions[d.group] ??= []).push({ name: d.name, replacement_group: group, replacement_name: opt.name });
    }
  }
  return { options, deprecated_options: deprecatedOptions, generator_options: generatorOptions };
}
