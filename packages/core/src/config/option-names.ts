import type { OptionDeclaration } from '@ceilometer-ts/sdk';
import { normalizeGroupName } from './ini-parser.js';

/** Where an option may be written in a file: section and key. */
export interface OptionLocation {
  readonly group: string;
  readonly name: string;
}

/**
 * The places an option is read from, current name first, then each deprecated name
 * (`group.name`, or a plain `name` meaning the option's own group), as oslo.config's
 * `deprecated_opts`.
 */
export function optionLocations(decl: OptionDeclaration): OptionLocation[] {
  const group = normalizeGroupName(decl.group);
  const locations: OptionLocation[] = [{ group, name: decl.name }];
  for (const deprecated of decl.deprecatedNames ?? []) {
    const dot = deprecated.indexOf('.');
    const location =
      dot < 0
        ? { group, name: deprecated }
        : { group: normalizeGroupName(deprecated.slice(0, dot)), name: deprecated.slice(dot + 1) };
    if (!locations.some((l) => l.group === location.group && l.name === location.name)) locations.push(location);
  }
  return locations;
}

/** `section.option`, the path used in config issues. */
export function optionPath(group: string, name: string): string {
  return `${group}.${name}`;
}
