/**
 * A temporary application root with fixture plugin packages laid out the way a package manager
 * would: pnpm (content-addressed store + symlinks), npm (hoisted copies), an operator plugin dir
 * (`npm install --prefix DIR`), or a global install (`<prefix>/lib/node_modules`).
 */
import { mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fixtureDependencies, fixturePackageJson, type FixturePackage } from './fixture-package.js';

/** How `node_modules` is laid out. */
export type FixtureLayout = 'pnpm' | 'npm' | 'plugin-dir' | 'global';

/** Options of {@link createFixtureApp}. */
export interface FixtureAppOptions {
  readonly layout: FixtureLayout;
  readonly packages: readonly FixturePackage[];
  /** Packages the app depends on directly (default: every package). Unused by `plugin-dir`/`global`. */
  readonly dependencies?: readonly string[];
  /** Default `fixture-app`, or `@ceilometer-ts/cli` for the global layout. */
  readonly appName?: string;
  /** Where the temporary directory is made (default: the OS temp dir). */
  readonly tmpDir?: string;
}

/** A fixture app on disk; call `remove()` (or use {@link withFixtureApp}) when done. */
export interface FixtureApp {
  readonly layout: FixtureLayout;
  /** The temporary directory holding everything. */
  readonly root: string;
  /** The application package directory (scan it as a `dependencies` root). */
  readonly appDir: string;
  /** The operator plugin dir (`plugin-dir` layout): scan it as a `plugin-dir` root. */
  readonly pluginDir: string | undefined;
  /** The `node_modules` folder packages are installed into. */
  readonly nodeModulesDir: string;
  /** The real directory of an installed package. */
  packageDir(name: string): string;
  /** Installs one more package in the same layout; `addDependency` (default true) edits the app's package.json. */
  addPackage(pkg: FixturePackage, options?: { readonly addDependency?: boolean }): Promise<string>;
  /** Moves a package's package.json modification time (default: one minute ahead). */
  touchPackageJson(name: string, time?: Date): Promise<void>;
  /** Removes the app directory. */
  remove(): Promise<void>;
}

const storeName = (pkg: FixturePackage) => `${pkg.name.replace('/', '+')}@${pkg.version ?? '1.0.0'}`;

async function writePackage(dir: string, pkg: FixturePackage): Promise<void> {
  await mkdir(dir, { recursive: true });
  const files = pkg.files ?? {};
  if (!('package.json' in files)) await writeFile(join(dir, 'package.json'), `${JSON.stringify(fixturePackageJson(pkg), null, 2)}\n`);
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
}

async function link(target: string, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await symlink(relative(dirname(path), target), path, 'dir');
}

async function writeJson(path: string, json: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(json, null, 2)}\n`);
}

/** Writes the app and its packages in a new temporary directory. */
export async function createFixtureApp(options: FixtureAppOptions): Promise<FixtureApp> {
  const root = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'ceilometer-fixture-'));
  const { layout } = options;
  const globalNm = join(root, 'prefix', 'lib', 'node_modules');
  const appName = options.appName ?? (layout === 'global' ? '@ceilometer-ts/cli' : 'fixture-app');
  const appDir = layout === 'global' ? join(globalNm, appName) : join(root, 'app');
  const pluginDir = layout === 'plugin-dir' ? join(root, 'plugins') : undefined;
  const nodeModulesDir = layout === 'global' ? globalNm : join(pluginDir ?? appDir, 'node_modules');
  const manifest = layout === 'plugin-dir' ? join(root, 'plugins', 'package.json') : join(appDir, 'package.json');
  const installed = new Map<string, FixturePackage>();
  const dirs = new Map<string, string>();

  const install = async (pkg: FixturePackage): Promise<string> => {
    installed.set(pkg.name, pkg);
    let dir: string;
    if (layout === 'pnpm') {
      dir = join(nodeModulesDir, '.pnpm', storeName(pkg), 'node_modules', pkg.name);
      await writePackage(dir, pkg);
      // pnpm's hidden hoisting: every store package is linked here, never a place to scan.
      await link(dir, join(nodeModulesDir, '.pnpm', 'node_modules', pkg.name));
    } else {
      dir = join(nodeModulesDir, pkg.name);
      await writePackage(dir, pkg);
    }
    dirs.set(pkg.name, dir);
    return dir;
  };
  const linkPnpmDeps = async (pkg: FixturePackage): Promise<void> => {
    for (const dep of fixtureDependencies(pkg)) {
      const target = dirs.get(dep);
      if (target) await link(target, join(nodeModulesDir, '.pnpm', storeName(pkg), 'node_modules', dep));
    }
  };
  const addDependencies = async (names: readonly string[]): Promise<void> => {
    if (layout === 'global') return;
    const json = JSON.parse(await readFile(manifest, 'utf8')) as { dependencies?: Record<string, string> };
    const deps = { ...(json.dependencies ?? {}) };
    for (const n of names) deps[n] = installed.get(n)?.version ?? '1.0.0';
    await writeJson(manifest, { ...json, dependencies: deps });
    if (layout === 'pnpm') for (const n of names) await link(dirs.get(n) as string, join(nodeModulesDir, n));
  };

  try {
    await writeJson(join(appDir, 'package.json'), { name: appName, version: '1.0.0', type: 'module', private: layout !== 'global' });
    if (pluginDir) await writeJson(manifest, { dependencies: {} });
    await mkdir(nodeModulesDir, { recursive: true });
    for (const pkg of options.packages) await install(pkg);
    if (layout === 'pnpm') for (const pkg of options.packages) await linkPnpmDeps(pkg);
    const direct = layout === 'plugin-dir' ? options.packages.map((p) => p.name) : options.dependencies ?? options.packages.map((p) => p.name);
    await addDependencies(direct);
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw err;
  }

  const app: FixtureApp = {
    layout, root, appDir, pluginDir, nodeModulesDir,
    packageDir(name) {
      const dir = dirs.get(name);
      if (dir === undefined) throw new Error(`fixture package ${name} is not installed`);
      return dir;
    },
    async addPackage(pkg, opts = {}) {
      const dir = await install(pkg);
      if (layout === 'pnpm') await linkPnpmDeps(pkg);
      if (opts.addDependency !== false) await addDependencies([pkg.name]);
      return dir;
    },
    async touchPackageJson(name, time = new Date(Date.now() + 60_000)) {
      await utimes(join(app.packageDir(name), 'package.json'), time, time);
    },
    async remove() {
      await rm(root, { recursive: true, force: true });
    },
  };
  return app;
}

/** Runs `fn` with a fixture app and removes it afterwards, whatever happens. */
export async function withFixtureApp<R>(options: FixtureAppOptions, fn: (app: FixtureApp) => Promise<R>): Promise<R> {
  const app = await createFixtureApp(options);
  try {
    return await fn(app);
  } finally {
    await app.remove();
  }
}
