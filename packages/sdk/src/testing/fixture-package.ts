/**
 * Fixture plugin packages: a package.json plus plain-JS files, written inline or read from a
 * directory under a test's `fixtures/`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** A package to install in a fixture app. */
export interface FixturePackage {
  readonly name: string;
  /** Default `1.0.0`. */
  readonly version?: string;
  /** Other package.json fields: `ceilometer`, `peerDependencies`, `dependencies`, `type`... */
  readonly packageJson?: Readonly<Record<string, unknown>>;
  /** Files by path relative to the package directory (`index.js`, `dist/cpu.js`). */
  readonly files?: Readonly<Record<string, string>>;
}

/** The package.json a fixture package gets (ESM unless it says otherwise). */
export function fixturePackageJson(pkg: FixturePackage): Record<string, unknown> {
  return { name: pkg.name, version: pkg.version ?? '1.0.0', type: 'module', ...(pkg.packageJson ?? {}) };
}

/** Names of the packages a fixture depends on (dependencies, optional and peer). */
export function fixtureDependencies(pkg: FixturePackage): string[] {
  const json = pkg.packageJson ?? {};
  const names = ['dependencies', 'optionalDependencies', 'peerDependencies'].flatMap((field) => {
    const deps = json[field];
    return typeof deps === 'object' && deps !== null ? Object.keys(deps) : [];
  });
  return [...new Set(names)];
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/**
 * Reads a package from a directory (its package.json must hold `name`; a raw `package.json` that is
 * not valid JSON is kept as a file, for malformed-metadata fixtures).
 */
export async function readFixturePackage(dir: string, name?: string): Promise<FixturePackage> {
  const files: Record<string, string> = {};
  for (const path of await listFiles(dir)) files[relative(dir, path).split(sep).join('/')] = await readFile(path, 'utf8');
  const raw = files['package.json'];
  let json: Record<string, unknown> | undefined;
  try {
    json = raw === undefined ? undefined : (JSON.parse(raw) as Record<string, unknown>);
  } catch {
    json = undefined;
  }
  if (json === undefined || typeof json['name'] !== 'string') {
    if (name === undefined) throw new Error(`${dir}: package.json has no name; pass one`);
    return { name, files };
  }
  const { name: pkgName, version, ...rest } = json;
  delete files['package.json'];
  return { name: pkgName as string, ...(typeof version === 'string' ? { version } : {}), packageJson: rest, files };
}
