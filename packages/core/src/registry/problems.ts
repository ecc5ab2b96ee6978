/**
 * Problems the scan finds without importing anything: typed records naming the package, its version
 * and what is wrong. Affected entry points are left out; the rest of the registry is usable.
 */
import { DuplicateEntryPointError, PluginMetadataError, type CeilometerError, type EntryPointRef } from '@ceilometer-ts/sdk';

interface ProblemBase {
  readonly packageName: string;
  readonly packageVersion: string;
  readonly packageDir: string;
  /** One line for operators: what, where, and the fix when known. */
  readonly message: string;
}

/** `ceilometer` metadata malformed: not an object, a target not a string, bad target syntax. */
export interface InvalidMetadataProblem extends ProblemBase {
  readonly kind: 'invalid-metadata';
  /** JSON path in package.json. */
  readonly path: string;
}

/** package.json could not be read or is not a JSON object. */
export interface UnreadablePackageProblem extends ProblemBase {
  readonly kind: 'unreadable-package';
}

/** Two packages declare the same name in one namespace; `kept` is the one the registry uses. */
export interface DuplicateNameProblem extends ProblemBase {
  readonly kind: 'duplicate-name';
  readonly namespace: string;
  readonly name: string;
  readonly candidates: readonly EntryPointRef[];
  readonly kept: EntryPointRef;
}

/**
 * The package's sdk range (`peerDependencies`, else `dependencies`, else `^` the version of its own
 * copy) does not accept the host's sdk, which is the one it would get.
 */
export interface SdkRangeProblem extends ProblemBase {
  readonly kind: 'sdk-range';
  readonly wanted: string;
  /** The host's sdk version. */
  readonly installed: string;
  /** Where a second copy of the sdk is installed for this package, if it has one. */
  readonly secondCopy?: string;
}

/** Anything wrong found at scan time. */
export type RegistryProblem = InvalidMetadataProblem | UnreadablePackageProblem | DuplicateNameProblem | SdkRangeProblem;

/** The problem as one of the sdk's typed errors (for `ceilometer-plugins check` and logs). */
export function problemToError(problem: RegistryProblem): CeilometerError {
  if (problem.kind === 'duplicate-name') {
    return new DuplicateEntryPointError(problem.namespace, problem.name, problem.candidates, problem.kept);
  }
  const detail = problem.kind === 'invalid-metadata' ? `${problem.path}: ${problem.message}` : problem.message;
  return new PluginMetadataError(problem.packageName, problem.packageVersion, `${problem.packageDir}/package.json`, detail);
}
