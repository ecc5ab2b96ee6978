/**
 * Reads and checks the `ceilometer` key of a package.json: which entry points a package declares.
 *
 * @example
 * "ceilometer": { "entryPoints": { "ceilometer.poll.central": { "example.uptime": "./index.js:UptimePollster" } } }
 */
import { parseEntryTarget } from './entry-target.js';

/** One declared entry point, before it is bound to its package. */
export interface DeclaredEntryPoint {
  readonly namespace: string;
  readonly name: string;
  readonly target: string;
  readonly modulePath: string;
  readonly exportName: string;
}

/** Something wrong in a package's metadata, with the JSON path it concerns. */
export interface MetadataIssue {
  /** JSON path inside package.json, e.g. `ceilometer.entryPoints["ceilometer.poll.central"].cpu`. */
  readonly path: string;
  readonly message: string;
}

/** What a package's `ceilometer` key yields: the valid entry points and the issues with the rest. */
export interface PluginMetadata {
  readonly entryPoints: readonly DeclaredEntryPoint[];
  readonly issues: readonly MetadataIssue[];
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const describe = (x: unknown): string => (x === null ? 'null' : Array.isArray(x) ? 'an array' : `a ${typeof x}`);

/** Validates `pkg.ceilometer`; a bad entry is an issue and is left out, the valid ones are kept. */
export function readPluginMetadata(ceilometer: unknown): PluginMetadata {
  const issues: MetadataIssue[] = [];
  const entryPoints: DeclaredEntryPoint[] = [];
  if (!isRecord(ceilometer)) {
    issues.push({ path: 'ceilometer', message: `expected an object, got ${describe(ceilometer)}` });
    return { entryPoints, issues };
  }
  const declared = ceilometer['entryPoints'];
  if (declared === undefined) return { entryPoints, issues };
  if (!isRecord(declared)) {
    issues.push({ path: 'ceilometer.entryPoints', message: `expected an object, got ${describe(declared)}` });
    return { entryPoints, issues };
  }
  for (const [namespace, names] of Object.entries(declared)) {
    const nsPath = `ceilometer.entryPoints[${JSON.stringify(namespace)}]`;
    if (!isRecord(names)) {
      issues.push({ path: nsPath, message: `expected an object of name -> target, got ${describe(names)}` });
      continue;
    }
    for (const [name, target] of Object.entries(names)) {
      const path = `${nsPath}[${JSON.stringify(name)}]`;
      if (typeof target !== 'string') {
        issues.push({ path, message: `target must be a string like "./dist/file.js:Export", got ${describe(target)}` });
        continue;
      }
      if (name.trim() === '') {
        issues.push({ path, message: 'entry point name is empty' });
        continue;
      }
      const parsed = parseEntryTarget(target);
      if ('error' in parsed) {
        issues.push({ path, message: `bad target "${target}": ${parsed.error}` });
        continue;
      }
      entryPoints.push({ namespace, name, target, ...parsed });
    }
  }
  return { entryPoints, issues };
}
