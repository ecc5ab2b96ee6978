/**
 * Entry point targets: `./dist/cpu.js:CpuPollster` (a named export) or `./dist/cpu.js` (the default
 * export), read like Python's `module:attr`.
 */

/** A target split into its module path and export name. */
export interface ParsedTarget {
  readonly modulePath: string;
  readonly exportName: string;
}

const IDENTIFIER_RE = /^[A-Za-z_$][\w$]*$/;

/**
 * Parses a target, or returns why it is invalid. The module must be a relative path inside the
 * package (`./...`, no `..`), naming a file (with an extension), not a folder.
 */
export function parseEntryTarget(target: string): ParsedTarget | { readonly error: string } {
  const colon = target.lastIndexOf(':');
  const modulePath = colon === -1 ? target : target.slice(0, colon);
  const exportName = colon === -1 ? 'default' : target.slice(colon + 1);
  if (!modulePath.startsWith('./')) return { error: `module path "${modulePath}" must start with "./"` };
  if (modulePath.includes('\\')) return { error: `module path "${modulePath}" must use "/" separators` };
  const segments = modulePath.slice(2).split('/');
  if (segments.some((s) => s === '..' || s === '.' || s === '')) {
    return { error: `module path "${modulePath}" must stay inside the package` };
  }
  if (!/\.[A-Za-z0-9]+$/.test(segments[segments.length - 1] ?? '')) {
    return { error: `module path "${modulePath}" must name a file (with its extension), not a folder` };
  }
  if (!IDENTIFIER_RE.test(exportName)) return { error: `export name "${exportName}" is not an identifier` };
  return { modulePath, exportName };
}
