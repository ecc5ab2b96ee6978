/**
 * Reads the shipped systemd units (`etc/systemd/*.service`) as systemd does, for the unit tests:
 * sections and keys, `Environment=` and `EnvironmentFile=` assignments, and the `ExecStart=` command
 * line expanded with them (systemd.service(5), "Command lines": `$VAR` alone is split on whitespace
 * into words, `${VAR}` is one word).
 */
import { spawnSync } from 'node:child_process';

/** One `Key=value` line, with its section. */
export interface UnitEntry {
  readonly section: string;
  readonly key: string;
  readonly value: string;
}

/** The entries of a unit file, in order (comments and blank lines dropped). */
export function parseUnit(text: string): UnitEntry[] {
  const entries: UnitEntry[] = [];
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1]) {
      section = header[1];
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) entries.push({ section, key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() });
  }
  return entries;
}

/** The values of `key` in `section`, in order. */
export function unitValues(entries: readonly UnitEntry[], section: string, key: string): string[] {
  return entries.filter((e) => e.section === section && e.key === key).map((e) => e.value);
}

/** The single value of `key` in `section`; throws when it is missing or repeated. */
export function unitValue(entries: readonly UnitEntry[], section: string, key: string): string {
  const values = unitValues(entries, section, key);
  if (values.length !== 1) throw new Error(`[${section}] ${key}: expected one value, found ${values.length}`);
  return values[0] as string;
}

/** Splits a line into words as systemd does: whitespace separates, double and single quotes group. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word = (word ?? '') + ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote) throw new Error(`unterminated quote in ${line}`);
  if (word !== undefined) words.push(word);
  return words;
}

/** `Environment=` assignments of `[Service]`, in order (each value may hold several, quoted). */
export function unitEnvironment(entries: readonly UnitEntry[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const value of unitValues(entries, 'Service', 'Environment')) {
    for (const assignment of splitWords(value)) {
      const eq = assignment.indexOf('=');
      env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
    }
  }
  return env;
}

/** The assignments of an environment file (`KEY=value`, `KEY="value"`), comments ignored. */
export function environmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw);
    if (!m?.[1]) continue;
    const value = (m[2] ?? '').trim();
    env[m[1]] = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
  }
  return env;
}

/**
 * The commented-out assignments of an environment file, uncommented: the variants its comments
 * offer (`#LOG_ARGS="--use-journal"`).
 */
export function commentedAssignments(text: string): Record<string, string> {
  return environmentFile(text.split('\n').map((l) => l.replace(/^#(?=[A-Za-z_][A-Za-z0-9_]*=)/, '')).join('\n'));
}

/** `ExecStart=` expanded as systemd does with `env`: `$VAR` words split, `${VAR}` kept whole. */
export function expandCommandLine(line: string, env: Readonly<Record<string, string>>): string[] {
  const argv: string[] = [];
  for (const word of splitWords(line)) {
    const alone = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word);
    if (alone?.[1]) {
      argv.push(...splitWords(env[alone[1]] ?? ''));
      continue;
    }
    argv.push(word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? ''));
  }
  return argv;
}

/** Whether a command is on PATH. */
export function haveCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
