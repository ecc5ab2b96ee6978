/**
 * The generator's own settings, from its flags and, as oslo-config-generator reads them, from the
 * `[DEFAULT]` section of the `--config-file` files (upstream's ceilometer-config-generator.conf:
 * `output_file`, `wrap_width`, `namespace`, `format`, `minimal`, `summarize`). Flags win; the same
 * files are also read for `[DEFAULT] plugin_dirs`, so one file can hold both.
 */
import { readFileSync } from 'node:fs';
import { parseIni } from '@ceilometer-ts/core';
import { didYouMean } from '@ceilometer-ts/sdk';
import { GeneratorSettingError } from './errors.js';

/** Output formats, as oslo-config-generator's `--format`. */
export const SAMPLE_FORMATS = ['ini', 'yaml', 'json', 'rst'] as const;
export type SampleFormat = (typeof SAMPLE_FORMATS)[number];

/** What the generator does. */
export interface GeneratorSettings {
  readonly namespaces: readonly string[];
  readonly format: SampleFormat;
  readonly minimal: boolean;
  readonly summarize: boolean;
  readonly wrapWidth: number;
  readonly outputFile?: string;
}

/** The flags given on the command line (undefined: not given). */
export type GeneratorFlags = Partial<GeneratorSettings>;

const GENERATOR_KEYS = ['output_file', 'wrap_width', 'namespace', 'format', 'minimal', 'summarize'];
const TRUE = new Set(['true', '1', 'on', 'yes']);
const FALSE = new Set(['false', '0', 'off', 'no']);

/** `--format` and `format =`: one of {@link SAMPLE_FORMATS}. */
export function parseFormat(value: string, where = '--format'): SampleFormat {
  const format = SAMPLE_FORMATS.find((f) => f === value);
  if (!format) throw new GeneratorSettingError(`${where}: unknown format "${value}" (expected ${SAMPLE_FORMATS.join(', ')})${didYouMean(value, SAMPLE_FORMATS)}`);
  return format;
}

/** `--wrap-width` and `wrap_width =`: a whole number, 0 for no wrapping. */
export function parseWrapWidth(value: string, where = '--wrap-width'): number {
  if (!/^\s*\d+\s*$/.test(value)) throw new GeneratorSettingError(`${where}: expected a whole number of columns (0: no wrapping), got "${value}"`);
  return Number(value);
}

function parseBoolean(value: string, where: string): boolean {
  const v = value.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new GeneratorSettingError(`${where}: expected a boolean (true/false), got "${value}"`);
}

/** The generator settings of the `[DEFAULT]` sections of `files`, later files winning (namespaces add up). */
export function readGeneratorConfig(files: readonly string[]): GeneratorFlags {
  let settings: { -readonly [K in keyof GeneratorSettings]?: GeneratorSettings[K] } = {};
  const namespaces: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new GeneratorSettingError(`cannot read config file ${file}: ${(error as Error).message}`);
    }
    const parsed = parseIni(text, file);
    if (!parsed.ok) throw new GeneratorSettingError(`${parsed.issue.file}:${parsed.issue.line ?? '?'}: ${parsed.issue.message}`);
    for (const [key, values] of parsed.ini.sections.get('DEFAULT') ?? []) {
      const last = values[values.length - 1];
      if (!last || !GENERATOR_KEYS.includes(key)) continue;
      const where = `${file}:${last.line}: ${key}`;
      if (key === 'namespace') namespaces.push(...values.map((v) => v.value));
      else if (key === 'output_file') settings = { ...settings, outputFile: last.value };
      else if (key === 'wrap_width') settings = { ...settings, wrapWidth: parseWrapWidth(last.value, where) };
      else if (key === 'format') settings = { ...settings, format: parseFormat(last.value, where) };
      else if (key === 'minimal') settings = { ...settings, minimal: parseBoolean(last.value, where) };
      else settings = { ...settings, summarize: parseBoolean(last.value, where) };
    }
  }
  return namespaces.length > 0 ? { ...settings, namespaces } : settings;
}

/** Flags over file values over defaults (ini, wrapped at 70, every namespace). */
export function generatorSettings(flags: GeneratorFlags, files: GeneratorFlags): GeneratorSettings {
  const outputFile = flags.outputFile ?? files.outputFile;
  return {
    namespaces: flags.namespaces && flags.namespaces.length > 0 ? flags.namespaces : (files.namespaces ?? []),
    format: flags.format ?? files.format ?? 'ini',
    minimal: flags.minimal ?? files.minimal ?? false,
    summarize: flags.summarize ?? files.summarize ?? false,
    wrapWidth: flags.wrapWidth ?? files.wrapWidth ?? 70,
    ...(outputFile ? { outputFile } : {}),
  };
}
