/**
 * The command lines the docs show use only flags the commands have: every `ceilometer-*` command
 * line of README.md and docs/**.md (code blocks, and inline code that starts with a command) is
 * checked against the `--help` of the built command (and of its subcommand for
 * `ceilometer-plugins list|check`). Build first (`pnpm build`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const COMMANDS = ['ceilometer-polling', 'ceilometer-agent-notification', 'ceilometer-config-generator', 'ceilometer-plugins', 'ceilometer-send-sample', 'ceilometer-upgrade'] as const;
const SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = { 'ceilometer-plugins': ['list', 'check', 'help'] };
const built = existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js'));

/** One command line found in a doc. */
export interface DocCommand {
  readonly file: string;
  readonly line: number;
  readonly command: string;
  readonly subcommand?: string;
  readonly flags: readonly string[];
  readonly text: string;
}

function markdownFiles(): string[] {
  const out = [join(ROOT, 'README.md')];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'api' && name !== 'test' && name !== 'data') walk(path);
      } else if (name.endsWith('.md')) out.push(path);
    }
  };
  walk(join(ROOT, 'docs'));
  return out;
}

const COMMAND_AT = new RegExp(`(?:^|[\\s/(])(${COMMANDS.join('|')})(?=\\s|$)`, 'g');

/** The command lines of one piece of shell text (continuation lines joined). */
export function commandsIn(text: string, file: string, firstLine: number): DocCommand[] {
  const found: DocCommand[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]!}`;
    for (const m of line.matchAll(COMMAND_AT)) {
      const command = m[1]!;
      const after = line.slice((m.index ?? 0) + m[0].length);
      // the command's own words: up to a pipe, a list operator, a redirection or a comment
      const own = after.split(/\s(?:\||&&|\|\||;|#|\d?>>?|<)\s?|\s#/)[0] ?? '';
      const words = own.split(/\s+/).filter((w) => w !== '').map((w) => w.replace(/^\[|\]$/g, ''));
      const sub = SUBCOMMANDS[command];
      const first = words.find((w) => !w.startsWith('-'));
      const subcommand = sub && first && sub.includes(first) ? first : undefined;
      const flags = words.filter((w) => /^--?[A-Za-z]/.test(w)).map((w) => w.replace(/=.*$/, ''));
      found.push({ file, line: firstLine + start, command, ...(subcommand ? { subcommand } : {}), flags, text: `${command}${after}`.trim() });
    }
  }
  return found;
}

/** Every command line of a markdown page: fenced blocks, and inline code starting with a command. */
export function commandsOfPage(markdown: string, file: string): DocCommand[] {
  const out: DocCommand[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^\s*(```+|~~~+)/.exec(lines[i]!);
    if (fence) {
      const close = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence[1]!));
      const end = close < 0 ? lines.length : close;
      out.push(...commandsIn(lines.slice(i + 1, end).join('\n'), file, i + 2));
      i = end;
      continue;
    }
    for (const m of lines[i]!.matchAll(/`([^`]+)`/g)) {
      const code = m[1]!.trim();
      if (COMMANDS.some((c) => code.startsWith(`${c} `) || code.includes(`/${c} `))) out.push(...commandsIn(code, file, i + 1));
    }
  }
  return out;
}

const helpCache = new Map<string, Set<string>>();
/** The flags a command's (or subcommand's) `--help` lists. */
function helpFlags(command: string, subcommand?: string): Set<string> {
  const key = `${command} ${subcommand ?? ''}`;
  let flags = helpCache.get(key);
  if (!flags) {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', command), ...(subcommand ? [subcommand] : []), '--help'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0' } });
    expect(r.status, `${command} ${subcommand ?? ''} --help: ${r.stderr}`).toBe(0);
    flags = new Set([...r.stdout.matchAll(/(?:^|[\s,[])(--?[A-Za-z][\w-]*)/g)].map((m) => m[1]!));
    helpCache.set(key, flags);
  }
  return flags;
}

describe('commandsIn', () => {
  it('reads flags up to a pipe, a redirection or a comment, joins continuation lines, and knows subcommands', () => {
    const text = [
      'node bin/ceilometer-polling --config-file /etc/c.conf \\',
      '     --polling-namespaces compute central   # the agent',
      '$ node $CEILO/bin/ceilometer-plugins check --config-file=x.conf ceilometer.poll.compute 2>/dev/null | head -1',
      '{"name":"ceilometer-polling","msg":"--not-a-flag"}',
      'ceilometer-upgrade [--skip-gnocchi-resource-types] [--retry N]',
    ].join('\n');
    expect(commandsIn(text, 'f.md', 10).map(({ line, command, subcommand, flags }) => ({ line, command, subcommand, flags }))).toEqual([
      { line: 10, command: 'ceilometer-polling', subcommand: undefined, flags: ['--config-file', '--polling-namespaces'] },
      { line: 12, command: 'ceilometer-plugins', subcommand: 'check', flags: ['--config-file'] },
      { line: 14, command: 'ceilometer-upgrade', subcommand: undefined, flags: ['--skip-gnocchi-resource-types', '--retry'] },
    ]);
  });
});

describe.skipIf(!built)('every ceilometer-* command line in README.md and docs/ uses flags its --help lists', () => {
  const all = markdownFiles().flatMap((f) => commandsOfPage(readFileSync(f, 'utf8'), relative(ROOT, f)));

  it('finds the command lines of the docs', () => {
    expect(all.length).toBeGreaterThan(20);
    expect(new Set(all.map((c) => c.command))).toEqual(new Set(COMMANDS));
  });

  it('uses no flag a command does not have', () => {
    const unknown = all.flatMap((c) =>
      c.flags.filter((f) => !helpFlags(c.command, c.subcommand).has(f)).map((f) => `${c.file}:${c.line}: ${c.command}${c.subcommand ? ` ${c.subcommand}` : ''} has no ${f}: ${c.text}`),
    );
    expect(unknown).toEqual([]);
  }, 120_000);
});
