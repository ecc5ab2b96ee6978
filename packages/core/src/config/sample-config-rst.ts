/**
 * oslo-config-generator's `--format rst`: the reStructuredText its Sphinx extension
 * (`oslo_config.sphinxext`) renders, namespaces merged, groups sorted, one `oslo.config:option`
 * directive per option.
 */
import type { OptionType } from '@ceilometer-ts/sdk';
import type { SampleOptionDeclaration } from './core-options.js';
import { optionLocations } from './option-names.js';
import type { OptionRegistry } from './option-registry.js';
import { effectiveBounds } from './option-values.js';
import { formatDefaults } from './sample-format.js';

/** sphinxext's `_TYPE_DESCRIPTIONS` for our types. */
const RST_TYPE_NAMES: Readonly<Record<OptionType, string>> = {
  string: 'string',
  integer: 'integer',
  float: 'floating point',
  boolean: 'boolean',
  list: 'list',
  dict: 'dict',
  multistring: 'multi-valued',
  port: 'port number',
  uri: 'URI',
  hostaddress: 'host address',
  duration: 'duration',
};

const indent = (text: string, n = 2): string =>
  text
    .split('\n')
    .map((line) => (line ? ' '.repeat(n) + line : ''))
    .join('\n');

function formatOption(decl: SampleOptionDeclaration, group: string): string[] {
  const lines = [`.. oslo.config:option:: ${decl.name}`, '', indent(`:Type: ${RST_TYPE_NAMES[decl.type]}`)];
  for (const value of formatDefaults(decl)) lines.push(indent(`:Default: \`\`${value || "''"}\`\``));
  const { min, max } = effectiveBounds(decl);
  if (min !== undefined) lines.push(indent(`:Minimum Value: ${min}`));
  if (max !== undefined) lines.push(indent(`:Maximum Value: ${max}`));
  if (decl.choices && decl.choices.length > 0) lines.push(indent(`:Valid Values: ${decl.choices.map((c) => (c === '' ? "''" : c)).join(', ')}`));
  if (decl.sampleDefault) {
    lines.push('', indent('This option has a sample default set, which means that'), indent('its actual default value may vary from the one documented'), indent('above.'));
  }
  const help = decl.help.replaceAll('%(default)s', 'the value above').trim();
  if (help) lines.push('', ...help.split('\n').map((l) => indent(l.trimEnd())));
  const deprecated = optionLocations(decl).slice(1);
  if (deprecated.length > 0) {
    lines.push('', indent(['.. list-table:: Deprecated Variations', '   :header-rows: 1', '', '   - * Group', '     * Name', ...deprecated.flatMap((d) => [`   - * ${d.group || group}`, `     * ${d.name}`])].join('\n')));
  }
  if (decl.deprecatedForRemoval) {
    lines.push('', indent('.. warning::'), indent('   This option is deprecated for removal.'), indent('   Its value may be silently ignored '), indent('   in the future.'));
    if (decl.deprecatedReason) lines.push('', indent(`   :Reason: ${decl.deprecatedReason.split('\n').map((l) => l.trim()).join(' ')}`));
  }
  lines.push('');
  return lines;
}

/** Every registered option as reStructuredText, groups in alphabetical order (`DEFAULT` sorts first). */
export function generateSampleConfigRst(registry: OptionRegistry): string {
  const groups = registry.groups().filter((g) => registry.options(g).length > 0).sort();
  const lines = groups.flatMap((group) => [`.. oslo.config:group:: ${group}`, '', ...registry.options(group).flatMap((o) => formatOption(o.declaration, group))]);
  return lines.join('\n');
}
