import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

/** oslo.config's `_fixpath`: expand a leading `~` and make the path absolute. */
export function fixPath(path: string): string {
  const expanded = path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
  return resolve(expanded);
}

/**
 * Directories oslo.config searches for a project's files, in order: `~/.<project>/`, `~/`,
 * `/etc/<project>/`, `/etc/`, then `$SNAP_COMMON/etc/<project>` and `$SNAP/etc/<project>` when set.
 */
export function defaultConfigSearchDirs(project = 'ceilometer', env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = [fixPath(join('~', `.${project}`)), fixPath('~'), join('/etc', project), '/etc'];
  if (env.SNAP_COMMON) dirs.push(join(env.SNAP_COMMON, 'etc', project));
  if (env.SNAP) dirs.push(join(env.SNAP, 'etc', project));
  return dirs;
}

function firstExisting(dirs: readonly string[], name: string): string | undefined {
  return dirs.map((d) => join(d, name)).find((p) => existsSync(p));
}

/** The program name oslo.config derives from `argv[1]` (`ceilometer-polling`), without a `.js` suffix. */
export function defaultProgramName(argv: readonly string[] = process.argv): string | undefined {
  const script = argv[1];
  return script ? basename(script).replace(/\.(?:[cm]?js|ts|py)$/, '') : undefined;
}

function searchNames(project: string, prog: string | undefined, extension: string, env: NodeJS.ProcessEnv): string[] {
  const dirs = defaultConfigSearchDirs(project, env);
  const names = [project, prog].filter((n): n is string => Boolean(n));
  return [...new Set(names)].map((n) => firstExisting(dirs, `${n}${extension}`)).filter((p): p is string => p !== undefined);
}

/**
 * oslo.config's `find_config_files`: `<project>.conf` then `<prog>.conf`, each taken from the first
 * search directory that has it. Used when no `--config-file` is given.
 */
export function findDefaultConfigFiles(project = 'ceilometer', prog?: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return searchNames(project, prog, '.conf', env);
}

/** oslo.config's `find_config_dirs`: the same search for `<project>.conf.d` and `<prog>.conf.d`. */
export function findDefaultConfigDirs(project = 'ceilometer', prog?: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return searchNames(project, prog, '.conf.d', env).filter((p) => statSync(p).isDirectory());
}

/** The `*.conf` files of a config dir, sorted by name as oslo.config globs them. */
export function listConfigDir(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.conf') && !name.startsWith('.'))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/**
 * oslo.config's `find_file`: look in the config dirs, then next to each config file (last file
 * first), then the default search dirs; an absolute name is returned when it exists.
 */
export function findFileNear(
  name: string,
  configDirs: readonly string[],
  configFiles: readonly string[],
  project = 'ceilometer',
): string | undefined {
  if (isAbsolute(name)) return existsSync(name) ? name : undefined;
  const dirs = [
    ...configDirs.map(fixPath),
    ...[...configFiles].reverse().map((file) => dirname(fixPath(file))),
    ...defaultConfigSearchDirs(project),
  ];
  return firstExisting([...new Set(dirs)], name);
}
