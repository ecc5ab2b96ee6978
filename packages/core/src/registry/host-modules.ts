/**
 * One sdk per process. tsyringe's type registry and reflect-metadata's store are process-wide only
 * if there is one copy of each, so a plugin installed in its own directory (with its own peer copy
 * of `@ceilometer-ts/sdk`, or none at all) must import the host's. `shareHostModules()` installs
 * resolution hooks that resolve these packages, from any importer, as the host resolves them: an
 * ESM `resolve` hook (`module.register`) and, for `require()`, a wrapper of
 * `Module._resolveFilename` (Node 20's ESM hooks do not see CommonJS requires).
 */
import Module, { createRequire, register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installedSdk } from './installed-sdk.js';

/** A package every plugin gets from the host, and the file the host resolves it from. */
export interface HostModule {
  readonly name: string;
  /** A file whose directory resolves `name` to the host's copy. */
  readonly anchor: string;
}

/** The host's sdk and the two packages whose single copy it relies on, with their anchors. */
export function hostModules(): HostModule[] {
  const sdk = installedSdk().dir;
  if (sdk === undefined) return [];
  const fromSdk = join(sdk, 'package.json');
  return [
    { name: '@ceilometer-ts/sdk', anchor: fromSdk },
    { name: 'tsyringe', anchor: fromSdk },
    { name: 'reflect-metadata', anchor: fromSdk },
  ];
}

// NOTE: a data: URL, so the hook works the same from dist/ and from src/ under vitest (no .ts
// loader in the hooks thread). It only swaps the importer for the shared packages.
const RESOLVE_HOOK = `
let shared = [];
export function initialize(data) { shared = data.modules; }
export function resolve(specifier, context, nextResolve) {
  const hit = shared.find((m) => specifier === m.name || specifier.startsWith(m.name + '/'));
  return hit === undefined ? nextResolve(specifier, context) : nextResolve(specifier, { ...context, parentURL: hit.anchorUrl });
}`;

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

let installed: readonly HostModule[] | undefined;

/** Whether `specifier` names `name` or a subpath of it. */
function namesModule(specifier: string, name: string): boolean {
  return specifier === name || specifier.startsWith(`${name}/`);
}

/**
 * Makes every later `import`/`require` of the host modules, from any file, resolve to the host's
 * copies. Idempotent; returns what is shared (empty when the host's sdk cannot be found).
 */
export function shareHostModules(modules: readonly HostModule[] = hostModules()): readonly HostModule[] {
  if (installed !== undefined) return installed;
  installed = modules;
  if (modules.length === 0) return installed;
  register(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOK)}`, {
    data: { modules: modules.map((m) => ({ name: m.name, anchorUrl: pathToFileURL(m.anchor).href })) },
  });
  const cjs = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = cjs._resolveFilename;
  const requires = new Map(modules.map((m) => [m.name, createRequire(m.anchor)]));
  let redirecting = false;
  cjs._resolveFilename = function resolveFromHost(this: unknown, request, parent, isMain, options) {
    const hit = redirecting ? undefined : modules.find((m) => namesModule(request, m.name));
    if (hit === undefined) return original.call(this, request, parent, isMain, options);
    // createRequire(...).resolve comes back through this function: resolve it unmodified then.
    redirecting = true;
    try {
      return (requires.get(hit.name) as NodeRequire).resolve(request);
    } finally {
      redirecting = false;
    }
  };
  return installed;
}
