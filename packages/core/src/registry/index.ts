/**
 * The plugin registry (stevedore in TypeScript): scan, cache, lazy import, managers.
 */
export * from './types.js';
export { type ScanRoot, type ScanRootKind, type DefaultScanRootsOptions, defaultScanRoots } from './scan-roots.js';
export { PluginRegistry, type ScanOptions, type ScanInfo } from './plugin-registry.js';
export type { ScannedPackage, ResolvedSdk } from './package-finder.js';
export type { DeclaredEntryPoint, MetadataIssue } from './package-metadata.js';
export {
  problemToError,
  type RegistryProblem, type InvalidMetadataProblem, type UnreadablePackageProblem, type DuplicateNameProblem, type SdkRangeProblem,
} from './problems.js';
export { PackageEntryPoint, type EntryPointData } from './entry-point.js';
export { shareHostModules, hostModules, type HostModule } from './host-modules.js';
export { parseEntryTarget, type ParsedTarget } from './entry-target.js';
export { satisfies, parseVersion, compareVersions, isValidRange, type SemVer } from './semver-range.js';
export { cacheDisabledByEnv, resolveCacheDir } from './scan-cache.js';
export { getDefaultRegistry, setDefaultRegistry } from './default-registry.js';
export { installedSdk, installedSdkVersion, type InstalledSdk } from './installed-sdk.js';
export { createPluginContext, emptyConfigView, type PluginContextInit } from './plugin-context.js';
export { instantiate, isInjectable, isExtensionLoadError, INJECT_TOKENS } from './instantiate.js';
export { logLoadFailure, raiseLoadFailure } from './load-failure.js';
export { makeTestExtension, type TestExtensionOptions } from './test-extension.js';
export { ManagerBase, type ManagerSettings, type TestManagerOptions, type MapFunction } from './manager-base.js';
export { ExtensionManager } from './extension-manager.js';
export { NamedExtensionManager, type NamedManagerOptions } from './named-extension-manager.js';
export { EnabledExtensionManager, type EnabledManagerOptions } from './enabled-extension-manager.js';
export { DriverManager, type DriverManagerOptions } from './driver-manager.js';
export { HookManager, type HookManagerOptions } from './hook-manager.js';
export { DispatchExtensionManager, type DispatchManagerOptions, type DispatchFilter } from './dispatch-extension-manager.js';
export { NameDispatchExtensionManager } from './name-dispatch-extension-manager.js';
