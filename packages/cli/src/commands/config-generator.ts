/**
 * `ceilometer-config-generator`: oslo-config-generator for the options core and the installed
 * plugins declare: `--namespace` (repeatable), `--format ini|yaml|json|rst`, `--minimal`,
 * `--summarize`, `--wrap-width`, `--output-file`, and its own settings read from the `[DEFAULT]`
 * section of `--config-file` (upstream's ceilometer-config-generator.conf).
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { addCommonOptions, type CommonOptions } from '../app/common-options.js';
import { addVersionOption } from '../app/version.js';
import { bootstrap, registerOptionSources } from '../app/bootstrap.js';
import { GeneratorOutputError, GeneratorSettingError } from '../config-generator/errors.js';
import { selectNamespaces } from '../config-generator/namespaces.js';
import { renderSample } from '../config-generator/render.js';
import { generatorSettings, parseFormat, parseWrapWidth, readGeneratorConfig, SAMPLE_FORMATS, type SampleFormat } from '../config-generator/settings.js';

const PROG = 'ceilometer-config-generator';

interface GeneratorCliOptions extends CommonOptions {
  readonly namespace: string[];
  readonly format?: SampleFormat;
  readonly minimal?: boolean;
  readonly summarize?: boolean;
  readonly wrapWidth?: number;
  readonly outputFile?: string;
}

/** A flag's value parser whose errors commander prints as usage errors. */
function usageParser<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof GeneratorSettingError) throw new InvalidArgumentError(error.message.replace(/^--[a-z-]+: /, ''));
      throw error;
    }
  };
}

export function configGeneratorProgram(): Command {
  const program = new Command(PROG)
    .description(
      'Print a sample ceilometer.conf listing every option declared by the core and the installed plugins, with help, type and default ' +
        '(oslo-config-generator; its settings may also come from [DEFAULT] of --config-file).',
    )
    .addOption(
      new Option('--namespace <name>', 'option namespace to list: ceilometer (core), ceilometer-auth, or a package\'s oslo.config.opts name; repeatable (default: all)')
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([]),
    )
    .addOption(new Option('--format <format>', `output format: ${SAMPLE_FORMATS.join(', ')} (default: ini)`).argParser(usageParser((v) => parseFormat(v))))
    .addOption(new Option('--minimal', 'only the required options, ready to fill in'))
    .addOption(new Option('--nominimal', 'the inverse of --minimal').hideHelp())
    .addOption(new Option('--summarize', 'only the first paragraph of each help text'))
    .addOption(new Option('--nosummarize', 'the inverse of --summarize').hideHelp())
    .option('--output-file <path>', 'write the sample here instead of stdout')
    .addOption(new Option('--wrap-width <n>', 'wrap help text at this width, 0 for no wrapping (default: 70)').argParser(usageParser((v) => parseWrapWidth(v))));
  addCommonOptions(program).action(async (opts: GeneratorCliOptions & { nominimal?: boolean; nosummarize?: boolean }) => {
    const { optionSources } = await bootstrap(opts, { prog: PROG, loadConfig: false });
    const flags = {
      namespaces: opts.namespace,
      format: opts.format,
      minimal: opts.nominimal ? false : opts.minimal,
      summarize: opts.nosummarize ? false : opts.summarize,
      wrapWidth: opts.wrapWidth,
      outputFile: opts.outputFile,
    };
    const settings = generatorSettings(flags, readGeneratorConfig(opts.configFile));
    const selected = selectNamespaces(settings.namespaces, optionSources);
    for (const name of selected.skipped) process.stderr.write(`${PROG}: warning: namespace ${name} declares no options in ceilometer-ts; skipped\n`);
    const text = renderSample(registerOptionSources(selected.sources), settings, opts.configFile);
    if (!settings.outputFile) {
      process.stdout.write(text);
      return;
    }
    try {
      writeFileSync(settings.outputFile, text);
    } catch (error) {
      throw new GeneratorOutputError(`cannot write ${settings.outputFile}: ${(error as Error).message}`, { cause: error });
    }
  });
  addVersionOption(program);
  return program;
}
