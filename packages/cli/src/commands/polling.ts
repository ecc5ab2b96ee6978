/**
 * `ceilometer-polling`: the polling agent (upstream's cmd/polling.py), plus `--poll-once`.
 */
import { ExtensionManager } from '@ceilometer-ts/core';
import {
  filterPollsters,
  HeartbeatServer,
  loadPollingConfig,
  loadPollingPlugins,
  PollingAgent,
  PollingMetrics,
  PollingPartition,
  PrometheusExporter,
  ProcessMetrics,
  pollingSettingsFromConfig,
  resolvePollingConfigFile,
  SampleGauges,
  type PollingObserver,
  type PollOnceResult,
} from '@ceilometer-ts/polling';
import { ConfigError, didYouMean, formatConfigIssue, KNOWN_POLLING_NAMESPACES, Namespaces, type ConfigView, type Logger } from '@ceilometer-ts/sdk';
import { Command, InvalidArgumentError, Option } from 'commander';
import { addCommonOptions, type CommonOptions } from '../app/common-options.js';
import { addVersionOption } from '../app/version.js';
import { createAgentServices } from '../app/agent-services.js';
import { startCoordinator } from '../app/coordination.js';
import { bootstrap } from '../app/bootstrap.js';
import { createPollingSink } from '../polling/sinks.js';
import { withIdentityNames } from '../polling/identity-names.js';
import { validatePollingConfig } from '../polling/validate-polling-config.js';
import { ValidationReport } from '../app/validate-config.js';
import { installedProcessGuard } from '../app/process-guard.js';
import { installSignalHandlers } from '../app/signals.js';

const POLL_PREFIX = Namespaces.poll('');

interface PollingCliOptions extends CommonOptions {
  readonly pollingNamespaces?: string[];
  readonly pollsterList?: string[];
  readonly pollOnce?: boolean;
  readonly pollCycles?: number;
  readonly publish?: boolean;
  readonly format?: 'table' | 'json';
  readonly validateConfig?: boolean;
}

/** The `--poll-cycles` argument: a whole number of cycles, at least 1. */
function parseCycleCount(text: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError('expected a whole number of cycles, at least 1');
  return value;
}

/** Pollster runs that failed, and the `source/pollster` pairs that had no resources, over cycles. */
function failures(result: PollOnceResult): { failed: number; notPolled: string[] } {
  const failed = result.outcomes.filter((o) => o.status === 'error' || o.status === 'permanent-error' || o.status === 'partial');
  // A pollster with no resources produced nothing without failing: as a failure, it is easy to see.
  const notPolled = [...new Set(result.outcomes.filter((o) => o.status === 'no-resources').map((o) => `${o.source}/${o.pollster}`))];
  return { failed: failed.length, notPolled };
}

/** A one-shot run that polled no pollster at all: says why, instead of printing nothing. */
function warnIfNothingPolled(result: PollOnceResult, file: string, sources: number, pollsters: readonly { readonly name: string }[], logger: Logger): void {
  // with `sources: []` polling.yaml's own warning has said so already: one warning, not two
  if (result.outcomes.length > 0 || sources === 0) return;
  const names = [...new Set(pollsters.map((p) => p.name))].sort();
  const shown = names.length > 10 ? `${names.slice(0, 10).join(', ')}, ...` : names.join(', ');
  logger.warn({ file, pollsters: names.length }, `nothing was polled: no source of ${file} names one of the ${names.length} loaded pollster(s)${shown ? ` (${shown})` : ''}`);
}

/** `--validate-config`: checks what the agent would load, prints the report, sets the exit status. */
async function validate(opts: PollingCliOptions): Promise<void> {
  const report = new ValidationReport();
  const app = await bootstrap(opts, { prog: 'ceilometer-polling', loadConfig: true, collectConfigIssues: report });
  const config = app.config!;
  report.checked.unshift(...(config.files.length > 0 ? config.files : ['(no ceilometer.conf: defaults)']));
  let fromConfig;
  try {
    fromConfig = pollingSettingsFromConfig(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    report.problems.push(...error.issues);
    // the rest of the settings, with TLS off, so the files they name are still checked
    const withoutTls: ConfigView = {
      files: config.files,
      configDirs: config.configDirs,
      get: <T>(group: string, name: string): T => (group === 'polling' && name === 'prometheus_tls_enable' ? (false as T) : config.get<T>(group, name)),
      has: (group, name) => config.has(group, name),
      group: (group) => config.group(group),
      findFile: (name) => config.findFile(name),
    };
    fromConfig = pollingSettingsFromConfig(withoutTls);
  }
  const settings = { ...fromConfig, pollingNamespaces: opts.pollingNamespaces ?? [...fromConfig.pollingNamespaces] };
  await validatePollingConfig(report, config, settings, app.registry);
  process.exitCode = report.print('ceilometer-polling');
}

async function run(opts: PollingCliOptions): Promise<void> {
  if (opts.validateConfig) return validate(opts);
  const app = await bootstrap(opts, { prog: 'ceilometer-polling', loadConfig: true });
  const { logger } = app;
  const config = app.config!;
  const fromConfig = pollingSettingsFromConfig(config);
  const namespaces = opts.pollingNamespaces ?? [...fromConfig.pollingNamespaces];
  const installedNamespaces = app.registry.namespaces().filter((n) => n.startsWith(POLL_PREFIX)).map((n) => n.slice(POLL_PREFIX.length));
  for (const ns of namespaces) {
    if (!(KNOWN_POLLING_NAMESPACES as readonly string[]).includes(ns) && !installedNamespaces.includes(ns)) {
      const hint = didYouMean(ns, [...KNOWN_POLLING_NAMESPACES, ...installedNamespaces]);
      logger.warn({ namespace: ns }, `polling namespace "${ns}" is not one of ${KNOWN_POLLING_NAMESPACES.join(', ')}; loading ${Namespaces.poll(ns)} anyway${hint}`);
    }
  }
  const settings = { ...fromConfig, pollingNamespaces: namespaces };

  const file = resolvePollingConfigFile(settings.cfgFile, (name) => config.findFile(name));
  // its warnings are logged by the agent, once per load (start and every reload)
  const pollingConfig = await loadPollingConfig(file);

  const agentServices = createAgentServices(app.registry, config, logger);
  const { services, context } = agentServices;
  const { pollsters, discoveries } = await loadPollingPlugins({
    namespaces,
    createManager: (o) => ExtensionManager.create(o),
    logger,
    managerOptions: { registry: app.registry, context },
  });
  const selected = filterPollsters(pollsters, opts.pollsterList, { coordination: Boolean(settings.coordinationBackendUrl) });

  // --poll-cycles prints (or, with --publish, publishes) as --poll-once does
  const oneShot = Boolean(opts.pollOnce) || opts.pollCycles !== undefined;
  const baseSink = await createPollingSink(config, settings, { pollOnce: oneShot, publish: Boolean(opts.publish), format: opts.format ?? (process.stdout.isTTY ? 'table' : 'json') }, logger, services);
  const sink = settings.identityNameDiscovery ? await withIdentityNames(baseSink, context) : baseSink;
  const metrics = new PollingMetrics();
  metrics.queueDepth = () => sink.queueDepth?.() ?? 0;
  const guard = installedProcessGuard();
  if (guard) metrics.unhandledRejections = () => guard.unhandledRejections;
  metrics.deliveryStats = () => sink.deliveryStats?.() ?? [];
  const observers: PollingObserver[] = [metrics];
  let heartbeat: HeartbeatServer | undefined;
  if (settings.heartbeatSocketDir && !oneShot) {
    heartbeat = new HeartbeatServer(settings.heartbeatSocketDir, namespaces, logger);
    await heartbeat.start();
    observers.push(heartbeat);
  }
  let exporter: PrometheusExporter | undefined;
  if (settings.enablePrometheusExporter && !oneShot) {
    const gauges = new SampleGauges();
    observers.push(gauges);
    // the process's own metrics (CPU, memory, heap, event-loop lag) come from prom-client, on the same endpoint
    const texts = [await ProcessMetrics.create()];
    exporter = new PrometheusExporter({ addresses: settings.prometheusListenAddresses, sources: [metrics, gauges], texts, logger, tls: settings.prometheusTls });
    await exporter.start();
  }

  // Partitioning is for agents that run on: a one-shot run polls everything it is configured for.
  if (oneShot && settings.coordinationBackendUrl) logger.info('[coordination] backend_url is not used by --poll-once and --poll-cycles: every resource is polled');
  const coordinator = !oneShot && settings.coordinationBackendUrl ? await startCoordinator(app.registry, config, settings.coordinationBackendUrl, logger) : undefined;
  const partition = coordinator ? new PollingPartition(coordinator, logger) : undefined;

  const agent = new PollingAgent({
    settings, config: pollingConfig, pollsters: selected, discoveries, sink, logger, observers, loadConfig: () => loadPollingConfig(file), ...(partition ? { partition } : {}),
  });

  if (opts.pollOnce) {
    if (guard) guard.phase = 'running';
    const result = await agent.pollOnce();
    await sink.close();
    await agentServices.close();
    warnIfNothingPolled(result, file, pollingConfig.sources.length, selected, logger);
    const { failed, notPolled } = failures(result);
    const summary = { samples: result.samples, pollsters: result.outcomes.length, failed, notPolled: notPolled.length };
    if (result.ok) logger.info(summary, 'poll-once finished');
    else logger.warn({ ...summary, ...(notPolled.length > 0 ? { notPolledPollsters: notPolled } : {}) }, 'poll-once finished');
    process.exitCode = result.ok ? 0 : 1;
    return;
  }

  if (opts.pollCycles !== undefined) {
    const count = opts.pollCycles;
    // Cycles follow the intervals, so a run can last long: SIGTERM/SIGINT end it after the cycle in flight.
    const signalled = installSignalHandlers({
      logger,
      reload: () => {
        logger.info('SIGHUP ignored: --poll-cycles keeps the polling.yaml it started with');
        return Promise.resolve();
      },
      stop: async () => {
        await agent.stop();
      },
    });
    if (guard) guard.phase = 'running';
    logger.info({ cycles: count, tasks: agent.plan.tasks.map((t) => ({ interval: t.interval, sources: t.sources.map((s) => s.source.name) })) }, `polling ${count} cycle(s) of every task`);
    const result = await agent.pollCycles(count);
    if (!result.complete) await signalled;
    // stop() closes (flushes) the sink within stop_timeout; after a signal it is the same stop
    await agent.stop();
    await agentServices.close();
    warnIfNothingPolled(result, file, pollingConfig.sources.length, selected, logger);
    const { failed, notPolled } = failures(result);
    const summary = { cycles: result.cycles.length, samples: result.samples, pollsters: result.outcomes.length, failed, notPolled: notPolled.length, interrupted: !result.complete };
    if (result.ok && result.complete) logger.info(summary, 'poll-cycles finished');
    else logger.warn({ ...summary, ...(notPolled.length > 0 ? { notPolledPollsters: notPolled } : {}) }, 'poll-cycles finished');
    process.exitCode = result.ok && result.complete ? 0 : 1;
    return;
  }

  // NOTE: handlers go in before the "started" line: a supervisor (or a test) may signal as soon as it sees it
  const stopped = installSignalHandlers({
    logger,
    reload: async () => {
      const result = await agent.reload();
      if (result.ok) logger.info({ file }, 'polling.yaml reloaded');
      else logger.error({ err: result.error, file }, `polling.yaml reload rejected, the previous configuration keeps running: ${result.error.message}`);
    },
    stop: async () => {
      // agent.stop() closes (flushes) the sink within stop_timeout
      // leaves every partitioning group once its cycles ended, before the flush: the others take its share at their next cycle
      const clean = await agent.stop();
      await coordinator?.stop();
      await agentServices.close();
      await heartbeat?.stop();
      await exporter?.stop();
      logger.info({ clean }, 'polling agent stopped');
    },
  });
  if (guard) guard.phase = 'running';
  agent.start();
  // as the notification agent: what goes wrong from here on happened while running (the signal helper takes over on stop)
  if (guard && guard.phase === 'startup') guard.phase = 'running';
  logger.info({ namespaces, file, tasks: agent.plan.tasks.map((t) => ({ interval: t.interval, sources: t.sources.map((s) => s.source.name) })) }, 'polling agent started');
  await stopped;
}

/** The `ceilometer-polling` program. */
export function pollingProgram(): Command {
  const program = new Command('ceilometer-polling')
    .description(
      'Poll resources (instances, hosts, OpenStack APIs) with the pollsters installed for the given namespaces, as polling.yaml ([polling] cfg_file) says, and send the samples as signed meter messages over AMQP ([DEFAULT] transport_url) or, in embedded mode ([polling] pipeline_cfg_file), through pipeline.yaml in-process.\n\nSignals: SIGHUP reloads polling.yaml (a bad file is rejected and the old one keeps running); SIGTERM/SIGINT finish the cycle in flight, flush queued batches and exit 0.',
    )
    .addOption(new Option('--polling-namespaces <ns...>', 'polling namespaces to load: ceilometer.poll.<ns>, ceilometer.builder.poll.<ns>, ceilometer.discover.<ns> (default: [DEFAULT] polling_namespaces, "compute central")'))
    .addOption(new Option('--pollster-list <pattern...>', 'only these pollsters (shell globs, e.g. "hardware.*"); refused together with coordination'))
    .option('--poll-once', 'run one cycle of every task, print the samples on stdout (a table on a terminal, JSON lines otherwise: see --format), exit 0 if every pollster was polled and succeeded (1 if one failed or had no resources)')
    .addOption(
      new Option(
        '--poll-cycles <n>',
        'run N cycles of every task at the configured intervals (each task, one per distinct polling.yaml interval, runs its first cycle now and then one every interval; the run ends when every task has run N cycles, so it lasts about (N-1) x the longest interval), print the samples of every cycle as JSON lines on stdout as --poll-once does (rate and delta meters appear from the second cycle), exit 0 if every pollster was polled and succeeded in every cycle (1 if one failed or had no resources in any cycle, or a signal ended the run early)',
      )
        .argParser(parseCycleCount)
        .conflicts('pollOnce'),
    )
    .option('--publish', 'with --poll-once or --poll-cycles: publish the samples as configured instead of printing them')
    .addOption(new Option('--format <format>', 'with --poll-once or --poll-cycles: how samples are printed (default: table when stdout is a terminal, json lines otherwise)').choices(['table', 'json']))
    .addOption(
      new Option(
        '--validate-config',
        'load ceilometer.conf, polling.yaml, the embedded pipeline.yaml ([polling] pipeline_cfg_file) and the plugins they name (pollsters and discoveries of the namespaces, the hypervisor and hardware inspectors, publishers), print every problem as file:line: path: message, and exit 1 if there is one (0 with "configuration OK"); polls nothing and connects nowhere',
      ).conflicts(['pollOnce', 'pollCycles']),
    );
  addCommonOptions(program).action((opts: PollingCliOptions) => run(opts));
  addVersionOption(program);
  return program;
}
