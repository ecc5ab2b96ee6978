import type { ConfigIssue, OptionDeclaration } from '@ceilometer-ts/sdk';
import type { IniFile, IniValue } from './ini-parser.js';
import { normalizeGroupName } from './ini-parser.js';
import { optionLocations, optionPath } from './option-names.js';
import type { OptionRegistry, RegisteredOption } from './option-registry.js';
import { convertOptionValue, convertTypedValue, type Conversion } from './option-values.js';
import { pythonStr, substituteReferences } from './substitution.js';

/** Values set from code or the command line, by group then option name; they win over files. */
export type ConfigOverrides = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** An option's final value and where it came from. */
export interface ResolvedValue {
  readonly value: unknown;
  /** `file` for a config file, `override`, or `default`. */
  readonly source: 'file' | 'override' | 'default';
  readonly file?: string;
  readonly line?: number;
}

type Raw =
  | { readonly kind: 'file'; readonly values: readonly IniValue[] }
  | { readonly kind: 'override'; readonly value: unknown }
  | { readonly kind: 'default'; readonly value: unknown };

const DEFAULT_SOURCE = '(default)';
const OVERRIDE_SOURCE = '(override)';

/** oslo.config's `_get_file_value`: newest file first; single options take that file's last assignment. */
function rawFromFiles(decl: OptionDeclaration, inis: readonly IniFile[]): IniValue[] | undefined {
  const locations = optionLocations(decl);
  const multi = decl.type === 'multistring';
  let collected: IniValue[] = [];
  for (const ini of [...inis].reverse()) {
    for (const { group, name } of locations) {
      const values = ini.sections.get(group)?.get(name);
      if (!values) continue;
      if (!multi) return [values[values.length - 1] as IniValue];
      collected = [...values, ...collected];
    }
  }
  return multi && collected.length > 0 ? collected : undefined;
}

/**
 * Computes every declared option's typed value from parsed files (oldest first), overrides and
 * defaults, expanding `$references`; returns the values and every problem found.
 */
export function resolveOptionValues(
  registry: OptionRegistry,
  inis: readonly IniFile[],
  overrides: ConfigOverrides = {},
): { values: Map<string, Map<string, ResolvedValue>>; issues: ConfigIssue[] } {
  const values = new Map<string, Map<string, ResolvedValue>>();
  const issues: ConfigIssue[] = [];
  const inProgress = new Set<RegisteredOption>();
  const overrideFor = new Map<string, unknown>();
  for (const [group, options] of Object.entries(overrides)) {
    for (const [name, value] of Object.entries(options)) overrideFor.set(`${normalizeGroupName(group)}\0${name}`, value);
  }

  const rawFor = (decl: OptionDeclaration): Raw => {
    const key = `${decl.group}\0${decl.name}`;
    if (overrideFor.has(key)) return { kind: 'override', value: overrideFor.get(key) };
    const fromFiles = rawFromFiles(decl, inis);
    return fromFiles ? { kind: 'file', values: fromFiles } : { kind: 'default', value: decl.default };
  };

  const lookupReference = (group: string, reference: string): RegisteredOption | undefined => {
    const dot = reference.indexOf('.');
    if (dot < 0) return registry.get(group, reference) ?? registry.get('DEFAULT', reference);
    // NOTE: like oslo.config, `$group.opt` needs a declared group; `$DEFAULT.opt` is not one.
    const target = reference.slice(0, dot);
    if (target === 'DEFAULT' || registry.options(target).length === 0) return undefined;
    return registry.get(target, reference.slice(dot + 1)) ?? registry.get('DEFAULT', reference);
  };

  const convertText = (option: RegisteredOption, text: string, where: Omit<ConfigIssue, 'message' | 'path'>, typed: boolean): Conversion => {
    const { declaration: decl } = option;
    const substituted = substituteReferences(text, (reference) => {
      const target = lookupReference(decl.group, reference);
      return target ? pythonStr(resolve(target, where)?.value) : undefined;
    });
    if (!substituted.ok) return substituted;
    return typed ? convertTypedValue(decl, substituted.value) : convertOptionValue(decl, substituted.value);
  };

  const report = (option: RegisteredOption, where: Omit<ConfigIssue, 'message' | 'path'>, message: string): void => {
    issues.push({ ...where, path: optionPath(option.declaration.group, option.declaration.name), message });
  };

  function resolve(option: RegisteredOption, referrer?: Omit<ConfigIssue, 'message' | 'path'>): ResolvedValue | undefined {
    const { group, name } = option.declaration;
    const known = values.get(group)?.get(name);
    if (known) return known;
    if (inProgress.has(option)) {
      if (referrer) report(option, referrer, 'circular $reference');
      return undefined;
    }
    inProgress.add(option);
    const resolved = compute(option);
    inProgress.delete(option);
    const groupValues = values.get(group) ?? new Map<string, ResolvedValue>();
    groupValues.set(name, resolved);
    values.set(group, groupValues);
    return resolved;
  }

  function compute(option: RegisteredOption): ResolvedValue {
    const { declaration: decl } = option;
    const raw = rawFor(decl);
    if (raw.kind === 'file') {
      const converted: unknown[] = [];
      let failed = false;
      for (const item of raw.values) {
        const result = convertText(option, item.value, { file: item.file, line: item.line }, false);
        if (result.ok) converted.push(result.value);
        else {
          failed = true;
          report(option, { file: item.file, line: item.line }, result.message);
        }
      }
      const last = raw.values[raw.values.length - 1] as IniValue;
      const value = failed ? undefined : decl.type === 'multistring' ? converted : converted[0];
      return { value: freeze(value), source: 'file', file: last.file, line: last.line };
    }
    const where = { file: raw.kind === 'override' ? OVERRIDE_SOURCE : DEFAULT_SOURCE };
    const items = decl.type === 'multistring' && Array.isArray(raw.value) ? raw.value : undefined;
    let result: Conversion;
    if (items) {
      const converted = items.map((item) => (typeof item === 'string' ? convertText(option, item, where, true) : convertTypedValue(decl, item)));
      const bad = converted.find((c) => !c.ok);
      result = bad ?? { ok: true, value: converted.map((c) => (c.ok ? c.value : undefined)).flat() };
    } else {
      result = typeof raw.value === 'string' ? convertText(option, raw.value, where, true) : convertTypedValue(decl, raw.value);
    }
    if (!result.ok) report(option, where, result.message);
    return { value: result.ok ? freeze(result.value) : undefined, source: raw.kind };
  }

  for (const option of registry.options()) resolve(option);
  return { values, issues };
}

function freeze<T>(value: T): T {
  return value !== null && typeof value === 'object' ? Object.freeze(value) : value;
}
