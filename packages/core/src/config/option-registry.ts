import type { OptionDeclaration, OptionList, OptionListProvider } from '@ceilometer-ts/sdk';
import { OptionConflictError } from './errors.js';
import { normalizeGroupName } from './ini-parser.js';

/** A declaration together with the package that declared it. */
export interface RegisteredOption {
  readonly declaration: OptionDeclaration;
  /** npm package name of the declaring package (`@ceilometer-ts/core`). */
  readonly owner: string;
  /**
   * The option namespace it was listed under (oslo-config-generator's `--namespace`: `ceilometer`
   * for core, an `oslo.config.opts` entry point name for a package); the sample config's `# From`.
   */
  readonly namespace?: string;
}

/** Declaration fields that must agree when two packages declare the same option. */
const COMPARED_FIELDS = ['type', 'default', 'secret', 'choices', 'min', 'max', 'deprecatedNames'] as const;

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Every declared option, by group, in registration order. Packages register their `OptionList`
 * under their own name; registering an identical declaration twice is allowed (oslo.config
 * tolerates it too) while a different one for the same `[group] name` throws
 * {@link OptionConflictError}.
 */
export class OptionRegistry {
  readonly #groups = new Map<string, Map<string, RegisteredOption>>();

  /** Registers `options` on behalf of package `owner`, listed under `namespace` when given. */
  register(owner: string, options: OptionListProvider, namespace?: string): this {
    const list: OptionList = typeof options === 'function' ? options() : options;
    for (const declaration of list) {
      const group = normalizeGroupName(declaration.group);
      const options = this.#groups.get(group) ?? new Map<string, RegisteredOption>();
      const existing = options.get(declaration.name);
      if (existing) {
        const differing = COMPARED_FIELDS.filter((f) => !sameValue(existing.declaration[f], declaration[f]));
        if (differing.length > 0) {
          throw new OptionConflictError(group, declaration.name, [existing.owner, owner], differing.join(', '));
        }
        continue;
      }
      options.set(declaration.name, { declaration: { ...declaration, group }, owner, ...(namespace !== undefined ? { namespace } : {}) });
      this.#groups.set(group, options);
    }
    return this;
  }

  /** The option `[group] name`, if declared. */
  get(group: string, name: string): RegisteredOption | undefined {
    return this.#groups.get(normalizeGroupName(group))?.get(name);
  }

  /** Whether `[group] name` is declared. */
  has(group: string, name: string): boolean {
    return this.get(group, name) !== undefined;
  }

  /** Group names with at least one option, in first-registration order. */
  groups(): readonly string[] {
    return [...this.#groups.keys()];
  }

  /** The options of one group, or of every group when `group` is omitted, in registration order. */
  options(group?: string): readonly RegisteredOption[] {
    if (group !== undefined) return [...(this.#groups.get(normalizeGroupName(group))?.values() ?? [])];
    return [...this.#groups.values()].flatMap((options) => [...options.values()]);
  }
}
