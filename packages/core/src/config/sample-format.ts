/**
 * Pieces of oslo-config-generator's rendering shared by the sample formats (ini, rst, yaml/json):
 * how defaults are written, and `--summarize`'s first paragraph.
 */
import type { OptionDeclaration } from '@ceilometer-ts/sdk';
import type { SampleOptionDeclaration } from './core-options.js';

function formatScalar(decl: OptionDeclaration, value: unknown): string {
  if (value === undefined || value === null) return '<None>';
  if (decl.type === 'list' && Array.isArray(value)) return value.map(String).join(',');
  if (decl.type === 'dict' && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}:${String(v)}`)
      .join(',');
  }
  return String(value);
}

/** The default(s) as oslo-config-generator prints them (`_format_defaults`); a multistring gives one per value. */
export function formatDefaults(decl: SampleOptionDeclaration): string[] {
  let values: string[];
  if (decl.sampleDefault !== undefined) values = [decl.sampleDefault];
  else if (decl.type === 'multistring') {
    const list = Array.isArray(decl.default) ? decl.default.map(String) : decl.default ? [String(decl.default)] : [];
    values = list.length > 0 ? list : [''];
  } else values = [formatScalar(decl, decl.default)];
  return values.map((v) => (v.trim() !== v ? `"${v}"` : v));
}

/**
 * `--summarize`: the help's first paragraph without its final `:` or `.`, and a pointer to the
 * documentation when there was more, as oslo-config-generator writes it.
 */
export function summarizeHelp(help: string): string {
  const paragraphs = help.split('\n\n');
  const first = (paragraphs[0] ?? '').replace(/:+$/, '').replace(/\.+$/, '');
  return paragraphs.length > 1 ? `${first}. For more information, refer to the documentation.` : first;
}
