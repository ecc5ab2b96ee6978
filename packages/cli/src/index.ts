/**
 * @ceilometer-ts/cli: the commands. Each program is exported so tests and other launchers can run it.
 */
export { pluginsProgram } from './commands/plugins.js';
export { configGeneratorProgram } from './commands/config-generator.js';
export { bootstrap, type App, type BootstrapSettings } from './app/bootstrap.js';
export { addCommonOptions, type CommonOptions } from './app/common-options.js';
export { runProgram } from './app/run.js';
export { addVersionOption, formatVersion, metaPackageVersion, versionInfo, type VersionInfo } from './app/version.js';
export { installProcessGuard, installedProcessGuard, ProcessGuard, type ProcessEvents, type ProcessGuardOptions, type ProcessPhase } from './app/process-guard.js';
export { pollingProgram } from './commands/polling.js';
export { agentNotificationProgram, amqpConsumerFactory, createNotificationAgent, type NotificationAgentSetup } from './commands/agent-notification.js';
export { sendSampleProgram, parseSampleMetadata, sampleFromOptions } from './commands/send-sample.js';
export { upgradeProgram, parseStepFlags } from './commands/upgrade.js';
export { loadUpgradeSteps, runUpgradeSteps, declaredFlags, describeStepError, type LoadedUpgradeStep, type RunUpgradeStepsOptions, type UpgradeRunOutcome, type UpgradeStepLoadFailure } from './upgrade/upgrade-steps.js';
