import type { SampleOptionDeclaration } from './core-options.js';
import { optionLocations } from './option-names.js';
import type { OptionRegistry, RegisteredOption } from './option-registry.js';
import { effectiveBounds, OPTION_TYPE_NAMES } from './option-values.js';
import { formatDefaults, summarizeHelp } from './sample-format.js';

/** Options of {@link generateSampleConfig}. */
export interface SampleConfigOptions {
  /** Column at which help text wraps (oslo-config-generator's `--wrap-width`, default 70; 0 disables). */
  readonly wrap?: number;
  /** Only the required options, uncommented (oslo-config-generator's `--minimal`). */
  readonly minimal?: boolean;
  /** Only the first paragraph of each help text (`--summarize`). */
  readonly summarize?: boolean;
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

function formatOption(decl: SampleOptionDeclaration, width: number, options: SampleConfigOptions): string[] {
  const prefix = decl.deprecatedForRemoval && !decl.help.startsWith('DEPRECATED') ? 'DEPRECATED: ' : '';
  const help = options.summarize ? summarizeHelp(decl.help) : decl.help;
  const lines = wrapComment(`${prefix}${help} (${OPTION_TYPE_NAMES[decl.type]})`, width);
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
    lines.push(`${options.minimal ? '' : '#'}${decl.name} =${value ? ` ${value.replaceAll('\n', '\n#    ')}` : ''}`);
  }
  return lines;
}

/** What a `# From` line names: the namespace the option was listed under, else its package. */
export function optionSource(option: RegisteredOption): string {
  return option.namespace ?? option.owner;
}

function formatGroup(group: string, registered: readonly RegisteredOption[], width: number, options: SampleConfigOptions): string[] {
  const lines = [`[${group}]`];
  const sources = [...new Set(registered.map(optionSource))].sort();
  for (const source of sources) {
    lines.push('', '#', `# From ${source}`, '#');
    for (const option of registered.filter((o) => optionSource(o) === source)) {
      if (options.minimal && !option.declaration.required) continue;
      lines.push('', ...formatOption(option.declaration, width, options));
    }
  }
  return lines;
}

/**
 * Renders every declared option as an oslo-config-generator style sample `ceilometer.conf`:
 * `[DEFAULT]` first, other groups alphabetically, options grouped by declaring package, each with
 * its help as `#` comments, type, bounds, choices, deprecated names and a commented `#name = default`.
 * Secrets are shown like any option: without a default they read `<None>`. `minimal` keeps only the
 * required options, as `name = default` lines to fill in; `summarize` keeps each help's first paragraph.
 */
export function generateSampleConfig(registry: OptionRegistry, options: SampleConfigOptions = {}): string {
  const width = options.wrap ?? 70;
  const groups = registry.groups().filter((g) => g !== 'DEFAULT').sort();
  const sections = ['DEFAULT', ...groups].map((group) => formatGroup(group, registry.options(group), width, options).join('\n'));
  return `${sections.join('\n\n\n')}\n`;
}
