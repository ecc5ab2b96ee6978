/**
 * Workspace package globs: reading `pnpm-workspace.yaml` (or package.json `workspaces`) and
 * expanding directory globs such as `packages/*`, `plugins/**` and `!**\/test/**`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The `packages:` list of a pnpm-workspace.yaml. A line reader rather than a YAML parser: the file
 * is a flat list of strings, and the scan must stay cheap and synchronous.
 */
export function readPnpmWorkspaceGlobs(text: string): string[] {
  const globs: string[] = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '');
    if (line.trim() === '') continue;
    if (/^\S/.test(line)) {
      inPackages = /^packages\s*:/.test(line);
      const inline = /^packages\s*:\s*\[(.*)\]\s*$/.exec(line);
      if (inline?.[1]) globs.push(...inline[1].split(',').map(unquote).filter(Boolean));
      continue;
    }
    const item = /^\s+-\s+(.+)$/.exec(line);
    if (inPackages && item?.[1]) globs.push(unquote(item[1]));
  }
  return globs;
}

function unquote(s: string): string {
  const t = s.trim();
  return /^(['"]).*\1$/.test(t) ? t.slice(1, -1) : t;
}

function segmentRegex(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/** A whole-path matcher for negated globs. */
function pathRegex(glob: string): RegExp {
  const parts = glob.replace(/^\.\//, '').replace(/\/$/, '').split('/');
  const body = parts
    .map((p) => (p === '**' ? '(?:.*)' : segmentRegex(p).source.slice(1, -1)))
    .join('/')
    .replace(/\(\?:\.\*\)\//g, '(?:.*/)?');
  return new RegExp(`^${body}(?:/.*)?$`);
}

/**
 * Directories under `root` matching the globs (relative paths, `/`-separated, sorted), skipping
 * `node_modules` and dot folders. `onList` is told every directory read, so the cache can watch it.
 */
export function expandDirGlobs(root: string, globs: readonly string[], onList: (dir: string) => void): string[] {
  const include = globs.filter((g) => !g.startsWith('!'));
  const exclude = globs.filter((g) => g.startsWith('!')).map((g) => pathRegex(g.slice(1)));
  const found = new Set<string>();
  const list = (rel: string): string[] => {
    const abs = rel === '' ? root : join(root, rel);
    onList(abs);
    try {
      return readdirSync(abs, { withFileTypes: true })
        .filter((d) => (d.isDirectory() || d.isSymbolicLink()) && !d.name.startsWith('.') && d.name !== 'node_modules')
        .map((d) => d.name);
    } catch {
      return [];
    }
  };
  const walk = (rel: string, segments: readonly string[]): void => {
    const [head, ...rest] = segments;
    if (head === undefined) {
      if (rel !== '') found.add(rel);
      return;
    }
    const join2 = (name: string) => (rel === '' ? name : `${rel}/${name}`);
    if (head === '**') {
      walk(rel, rest);
      for (const name of list(rel)) walk(join2(name), segments);
    } else if (/[*?]/.test(head)) {
      const re = segmentRegex(head);
      for (const name of list(rel)) if (re.test(name)) walk(join2(name), rest);
    } else {
      walk(join2(head), rest);
    }
  };
  for (const glob of include) {
    walk('', glob.replace(/^\.\//, '').replace(/\/$/, '').split('/').filter((s) => s !== '' && s !== '.'));
  }
  return [...found].filter((rel) => !exclude.some((re) => re.test(rel))).sort();
}
