/**
 * Where the application lives: the cli package directory (the root of the dependency tree the
 * registry scans) and, when running from a checkout, the pnpm workspace root.
 */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory holding @ceilometer-ts/cli's package.json (works from src/ and dist/). */
export function cliPackageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the @ceilometer-ts/cli package directory');
    dir = parent;
  }
  return dir;
}

/** The pnpm workspace root above `appDir`, unless the app is an installed package (inside node_modules). */
export function findWorkspaceRoot(appDir: string): string | undefined {
  if (appDir.split(sep).includes('node_modules')) return undefined;
  let dir = appDir;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
