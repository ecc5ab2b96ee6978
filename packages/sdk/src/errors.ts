/**
 * The one catalogue of typed errors in ceilometer-ts, grouped by area.
 * Every error carries a stable `code` (CEILO_ERR_<AREA>_<WHAT>) that tests and operators can match.
 */
import { didYouMean } from './close-matches.js';

/** Base of every error ceilometer-ts throws on purpose. */
export abstract class CeilometerError extends Error {
  abstract readonly code: `CEILO_ERR_${string}`;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

// --- configuration -------------------------------------------------------------------------

/** One problem found in a configuration file. */
export interface ConfigIssue {
  readonly file: string;
  readonly line?: number;
  /** Where in the file: `section.option` for INI, `sources[1].interval` for YAML. */
  readonly path: string;
  readonly message: string;
}

/** Formats one issue as `file:line: path: message`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line ?? '?'}: ${issue.path}: ${issue.message}`;
}

/** Invalid configuration: carries every issue found, so an operator fixes them all in one go. */
export class ConfigError extends CeilometerError {
  readonly code = 'CEILO_ERR_CONFIG_INVALID' as const;
  constructor(readonly issues: readonly ConfigIssue[], options?: ErrorOptions) {
    super(issues.map(formatConfigIssue).join('\n'), options);
  }
}

// --- plugins and the registry ---------------------------------------------------------------

/** Identifies an entry point in messages without depending on the core's EntryPoint class. */
export interface EntryPointRef {
  readonly namespace: string;
  readonly name: string;
  readonly packageName: string;
  readonly packageVersion: string;
  readonly target: string;
}

/** `pkg@version ns/name (target)`: how errors and logs name an entry point. */
export function describeEntryPoint(ep: EntryPointRef): string {
  return `${ep.packageName}@${ep.packageVersion} ${ep.namespace}/${ep.name} (${ep.target})`;
}

/** No extension matched (DriverManager with an unknown name, or an empty namespace where one is required). */
export class NoMatchesError extends CeilometerError {
  readonly code = 'CEILO_ERR_EXT_NO_MATCHES' as const;
  constructor(readonly namespace: string, readonly names: readonly string[], readonly available: readonly string[]) {
    super(
      `no extension found in namespace ${namespace} for ${names.map((n) => JSON.stringify(n)).join(', ') || '(any name)'}` +
        ` (available: ${available.length ? available.join(', ') : 'none installed'})` +
        (names.length === 1 ? didYouMean(names[0] ?? '', available) : ''),
    );
  }
}

/** More than one extension matched where exactly one is required (DriverManager). */
export class MultipleMatchesError extends CeilometerError {
  readonly code = 'CEILO_ERR_EXT_MULTIPLE_MATCHES' as const;
  constructor(readonly namespace: string, readonly extensionName: string, readonly candidates: readonly EntryPointRef[]) {
    super(
      `${namespace}: "${extensionName}" is provided by several packages: ` +
        candidates.map((c) => `${c.packageName}@${c.packageVersion} (${c.target})`).join(', '),
    );
  }
}

/**
 * Thrown by a plugin's constructor or `setup()` to say "skip me quietly" (no libvirt here, no SNMP
 * credentials). Managers log it at info level, not as a failure.
 */
export class ExtensionLoadError extends CeilometerError {
  readonly code = 'CEILO_ERR_EXT_SKIPPED' as const;
}

/** An entry point could not be imported, its export is missing, or its constructor threw. */
export class PluginImportError extends CeilometerError {
  readonly code = 'CEILO_ERR_PLUGIN_IMPORT' as const;
  constructor(readonly entryPoint: EntryPointRef, readonly reason: string, options?: ErrorOptions) {
    super(`${describeEntryPoint(entryPoint)}: ${reason}`, options);
  }
}

/** A package's `ceilometer` metadata in package.json is malformed. */
export class PluginMetadataError extends CeilometerError {
  readonly code = 'CEILO_ERR_PLUGIN_METADATA' as const;
  constructor(readonly packageName: string, readonly packageVersion: string, readonly packageJson: string, readonly reason: string) {
    super(`${packageName}@${packageVersion} (${packageJson}): ${reason}`);
  }
}

/** Two packages declare the same name in one namespace. */
export class DuplicateEntryPointError extends CeilometerError {
  readonly code = 'CEILO_ERR_PLUGIN_DUPLICATE' as const;
  constructor(readonly namespace: string, readonly extensionName: string, readonly candidates: readonly EntryPointRef[], kept: EntryPointRef) {
    super(
      `${namespace}: "${extensionName}" is declared by ${candidates.map((c) => `${c.packageName}@${c.packageVersion}`).join(' and ')};` +
        ` using ${kept.packageName}@${kept.packageVersion}`,
    );
  }
}

// --- polling ---------------------------------------------------------------------------------

/**
 * A pollster failed for good on some resources: the polling agent stops polling those resources with
 * this pollster for this source until a restart or reload (upstream's PollsterPermanentError).
 */
export class PollsterPermanentError extends CeilometerError {
  readonly code = 'CEILO_ERR_POLLSTER_PERMANENT' as const;
  constructor(readonly failedResources: readonly unknown[], message = 'pollster failed permanently', options?: ErrorOptions) {
    super(message, options);
  }
}

/** An inspector (libvirt, SNMP, ...) could not read what a pollster asked for. */
export class InspectorError extends CeilometerError {
  readonly code = 'CEILO_ERR_INSPECTOR' as const;
}

/** The inspected resource is not there (any more): the pollster skips it without an error. */
export class ResourceNotFoundError extends CeilometerError {
  readonly code = 'CEILO_ERR_RESOURCE_NOT_FOUND' as const;
}

// --- publishing -----------------------------------------------------------------------------

/** A publisher could not deliver; `retriable` says whether a retry may succeed. */
export class PublishError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISH' as const;
  constructor(message: string, readonly retriable: boolean, options?: ErrorOptions) {
    super(message, options);
  }
}

/** A message on the wire is malformed: bad JSON text, or a meter/event message missing a field. */
export class WireFormatError extends CeilometerError {
  readonly code = 'CEILO_ERR_WIRE_FORMAT' as const;
}

/** A message signature did not verify against `[publisher] telemetry_secret`. */
export class SignatureError extends CeilometerError {
  readonly code = 'CEILO_ERR_SIGNATURE' as const;
}

// --- Python compatibility -------------------------------------------------------------------

/** Text upstream's `timeutils.parse_isotime` rejects (the iso8601 library raises ParseError). */
export class IsoTimeError extends CeilometerError {
  readonly code = 'CEILO_ERR_ISO_TIME' as const;
}

/** A Python `re` pattern or `re.sub` template that cannot be used (Python raises `re.error`). */
export class PythonRegexError extends CeilometerError {
  readonly code = 'CEILO_ERR_PYTHON_REGEX' as const;
}
