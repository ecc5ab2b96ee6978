import type { OptionDeclaration } from '@ceilometer-ts/sdk';
import type { SampleOptionDeclaration } from './core-options.js';
import { optionLocations } from './option-names.js';
import type { OptionRegistry, RegisteredOption } from './option-registry.js';
import { effectiveBounds, OPTION_TYPE_NAMES } from './option-values.js';

/** Options of {@link generateSampleConfig}. */
export interface SampleConfigOptions {
  /** Column at which help text wraps (oslo-config-generator's `--wrap-width`, default 70; 0 disables). */
  readonly wrap?: number;
}

/** Greedy word wrap like Python's `textwrap.wrap` with `# ` indents and no broken words. */
function wrapComment(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      out.push('#');
      continue;
    }
    if (width <= 0) {
      out.push(`# ${paragraph}`);
      continue;
    }
    let line = '#';
    for (const word of words) {
      if (line !== '#' && line.length + 1 + word.length > width) {
        out.push(line);
        line = '#';
      }
      line += ` ${word}`;
    }
    out.push(line);
  }
  return out;
}

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

/** The default(s) as oslo-config-generator prints them; a multistring gives one line per value. */
function formatDefaults(decl: SampleOptionDeclaration): string[] {
  let values: string[];
  if (decl.sampleDefault !== undefined) values = [decl.sampleDefault];
  else if (decl.type === 'multistring') {
    const list = Array.isArray(decl.default) ? decl.default.map(String) : decl.default ? [String(decl.default)] : [];
    values = list.length > 0 ? list : [''];
  } else values = [formatScalar(decl, decl.default)];
  return values.map((v) => (v.trim() !== v ? `"${v}"` : v));
}

function formatOption(decl: SampleOptionDeclaration, width: number): string[] {
  const prefix = decl.deprecatedForRemoval && !decl.help.startsWith('DEPRECATED') ? 'DEPRECATED: ' : '';
  const lines = wrapComment(`${prefix}${decl.help} (${OPTION_TYPE_NAMES[decl.type]})`, width);
  const { min, max } = effectiveBounds(decl);
  if (min !== undefined) lines.push(`# Minimum value: ${min}`);
  if (max !== undefined) lines.push(`# Maximum value: ${max}`);
  if (decl.choices && decl.choices.length > 0) {
    lines.push('# Possible values:');
    for (const choice of decl.choices) lines.push(...wrapComment(`${choice === '' ? "''" : choice} - <No description provided>`, width));
  }
  for (const location of optionLocations(decl).slice(1)) {
    if (!location.name.includes('-')) lines.push(`# Deprecated group/name - [${location.group}]/${location.name}`);
  }
  if (decl.deprecatedForRemoval) {
    lines.push('# This option is deprecated for removal.', '# Its value may be silently ignored in the future.');
    if (decl.deprecatedReason) lines.push(...wrapComment(`Reason: ${decl.deprecatedReason}`, width));
  }
  if (decl.sampleDefault !== undefined) {
    lines.push(
      '#',
      '# This option has a sample default set, which means that',
      '# its actual default value may vary from the one documented',
      '# below.',
    );
  }
  for (const value of formatDefaults(decl)) {
    lines.push(`#${decl.name} =${value ? ` ${value.replaceAll('\n', '\n#    ')}` : ''}`);
  }
  return lines;
}

function formatGroup(group: string, options: readonly RegisteredOption[], width: number): string[] {
  const lines = [`[${group}]`];
  const owners = [...new Set(options.map((o) => o.owner))].sort();
  for (const owner of owners) {
    lines.push('', '#', `# From ${owner}`, '#');
    for (const option of options.filter((o) => o.owner === owner)) lines.push('', ...formatOption(option.declaration, width));
  }
  return lines;
}

/**
 * Renders every declared option as an oslo-config-generator style sample `ceilometer.conf`:
 * `[DEFAULT]` first, other groups alphabetically, options grouped by declaring package, each with
 * its help as `#` comments, type, bounds, choices, deprecated names and a commented `#name = default`.
 * Secrets are shown like any option: without a default they read `<None>`.
 */
export function generateSampleConfig(registry: OptionRegistry, options: SampleConfigOptions = {}): string {
  const width = options.wrap ?? 70;
  const groups = registry.groups().filter((g) => g !== 'DEFAULT').sort();
  const sections = ['DEFAULT', ...groups].map((group) => formatGroup(group, registry.options(group), width).join('\n'));
  return `${sections.join('\n\n\n')}\n`;
}
