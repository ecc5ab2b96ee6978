/**
 * `ceilometer-config-generator`: a sample ceilometer.conf with every option core and the installed
 * plugins declare, like oslo-config-generator.
 */
import { writeFileSync } from 'node:fs';
import { generateSampleConfig } from '@ceilometer-ts/core';
import { Command } from 'commander';
import { addCommonOptions, type CommonOptions } from '../app/common-options.js';
import { addVersionOption } from '../app/version.js';
import { bootstrap } from '../app/bootstrap.js';

export function configGeneratorProgram(): Command {
  const program = new Command('ceilometer-config-generator')
    .description('Print a sample ceilometer.conf listing every option declared by the core and the installed plugins, with help, type and default.')
    .option('--output-file <path>', 'write the sample here instead of stdout')
    .option('--wrap-width <n>', 'wrap help text at this width', (v) => Number.parseInt(v, 10), 70);
  addCommonOptions(program).action(async (opts: CommonOptions & { outputFile?: string; wrapWidth: number }) => {
    const { options } = await bootstrap(opts, { prog: 'ceilometer-config-generator', loadConfig: false });
    const text = generateSampleConfig(options, { wrap: opts.wrapWidth });
    if (opts.outputFile) writeFileSync(opts.outputFile, text);
    else process.stdout.write(text);
  });
  addVersionOption(program);
  return program;
}
