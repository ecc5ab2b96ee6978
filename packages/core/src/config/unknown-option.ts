/**
 * The warning for a `ceilometer.conf` key no installed package declares, with a suggestion:
 * oslo.config ignores such keys silently, we warn (a typo otherwise leaves the default in force
 * unnoticed) and say what was probably meant.
 */
import { didYouMean } from '@ceilometer-ts/sdk';
import type { OptionRegistry } from './option-registry.js';


/**
 * Why `[section] key` is unknown and what was meant: a close option name of the same section, the
 * same name in the one other section declaring it, or (for a section nobody declares) a close
 * section name.
 */
export function unknownOptionMessage(registry: OptionRegistry, section: string, key: string): string {
  const groups = registry.groups();
  if (!groups.includes(section)) {
    return `unknown section [${section}], option ignored (no installed package declares options in it)${didYouMean(section, groups, (g) => `[${g}]`)}`;
  }
  const names = registry.options(section).map((o) => o.declaration.name);
  let hint = didYouMean(key, names);
  if (!hint) {
    const elsewhere = groups.filter((g) => registry.has(g, key));
    if (elsewhere.length === 1) hint = `; did you mean [${elsewhere[0] ?? ''}] ${key}?`;
  }
  return `unknown option, ignored (no installed package declares it)${hint}`;
}
