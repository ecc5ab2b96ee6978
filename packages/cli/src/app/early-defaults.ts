/**
 * `[DEFAULT]` values read from the config files before the options are declared: `plugin_dirs`
 * (needed to find the plugins that declare the other options) and the logging options (the logger
 * exists before the strict load, so that the scan's own lines already go to the log file).
 * Read without validation: the strict load reports bad values with their file and line.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fixPath, listConfigDir, parseIni, type IniValue } from '@ceilometer-ts/core';

/** Deprecated spellings oslo.log still reads. */
const ALIASES: Readonly<Record<string, string>> = { logfile: 'log_file', logdir: 'log_dir', log_config: 'log_config_append' };

/** The last `[DEFAULT]` value of every option in the files, then every `*.conf` of the dirs. */
export function readEarlyDefaults(files: readonly string[], dirs: readonly string[]): Map<string, IniValue> {
  const values = new Map<string, IniValue>();
  const readOne = (file: string): void => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // the strict load reports unreadable files
    }
    const parsed = parseIni(text, file);
    if (!parsed.ok) return;
    for (const [key, entries] of parsed.ini.sections.get('DEFAULT') ?? []) {
      const last = entries[entries.length - 1];
      if (last) values.set(ALIASES[key] ?? key, last);
    }
  };
  files.forEach(readOne);
  for (const dir of dirs.map(fixPath)) {
    try {
      if (existsSync(dir) && statSync(dir).isDirectory()) listConfigDir(dir).forEach(readOne);
    } catch {
      // the strict load reports it
    }
  }
  return values;
}
