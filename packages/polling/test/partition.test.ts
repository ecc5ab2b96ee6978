import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { defaultPollingSettings, parsePollingConfig, partitionGroupPrefix, PollingAgent, PollingPartition, planPartitionGroups, planTasks, stableGroupId } from '../src/index.js';
import { FakeBackend, FakeCoordinator } from './helpers/fake-coordinator.js';
import { FakeDiscovery, FakePollster, recordingLogger, RecordingSink } from './helpers/fakes.js';

const RESOURCES = Array.from({ length: 300 }, (_, i) => `res-${i}`);
const staticYaml = (resources: readonly string[] = RESOURCES): string =>
  `sources: [{name: s, interval: 60, meters: [cpu], resources: [${resources.join(', ')}]}]`;

/** One agent of a fleet sharing `backend`. */
function agentOf(backend: FakeBackend, member: string, yaml = staticYaml(), discoveries: ConstructorParameters<typeof PollingAgent>[0]['discoveries'] = []) {
  const sink = new RecordingSink();
  const logger = recordingLogger();
  const coordinator = new FakeCoordinator(backend, member);
  const pollster = new FakePollster('cpu', 'fallback');
  const agent = new PollingAgent({
    settings: defaultPollingSettings({ pollingNamespaces: ['central'] }),
    config: parsePollingConfig(yaml, 'p.yaml'),
    pollsters: [{ name: 'cpu', pollster }],
    discoveries: [{ name: 'fallback', discovery: new FakeDiscovery(['fallback-1'], null) }, ...discoveries],
    sink,
    logger,
    partition: new PollingPartition(coordinator, logger),
  });
  return { agent, sink, logger, coordinator, pollster, polled: () => sink.samples.map((s) => s.resource_id) };
}

/** Every agent polls once (the first round joins); then the samples of one more round. */
async function settledRound(agents: readonly ReturnType<typeof agentOf>[]): Promise<string[][]> {
  for (const a of agents) await a.agent.pollOnce();
  for (const a of agents) a.sink.batches.length = 0;
  for (const a of agents) await a.agent.pollOnce();
  return agents.map((a) => a.polled());
}

describe('partitioning groups', () => {
  it('the prefix is the sorted namespaces, then [polling] partitioning_group_prefix', () => {
    expect(partitionGroupPrefix(['compute', 'central'])).toBe('central-compute');
    expect(partitionGroupPrefix(['ipmi', 'central'], 'rack1')).toBe('central-ipmi-rack1');
  });

  it('a static resource set has the same group id whatever the order and repeats, in every process', () => {
    const id = stableGroupId(['b', 'a', 'c']);
    expect(stableGroupId(['c', 'a', 'b', 'a'])).toBe(id);
    expect(stableGroupId(['a', 'b'])).not.toBe(id);
    // "ab" + "c" is not "a" + "bc"
    expect(stableGroupId(['ab', 'c'])).not.toBe(stableGroupId(['a', 'bc']));
    // upstream's hash(frozenset(...)) differs per process (PYTHONHASHSEED); ours does not
    const script = "import('node:crypto').then(({createHash})=>{const d=createHash('sha256');for(const r of ['a','b','c'])d.update(r.length+':'+r);console.log('resources-'+d.digest('hex').slice(0,16))})";
    const other = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
    expect(other).toBe(id);
    expect(id).toMatch(/^resources-[0-9a-f]{16}$/);
  });

  it('the plan needs one group per discovery group id it uses and one per static resource set', () => {
    const config = parsePollingConfig(
      `sources:
  - {name: a, interval: 60, meters: [cpu], resources: [r2, r1]}
  - {name: b, interval: 60, meters: [cpu], discovery: [hosts, "local:x"]}
  - {name: c, interval: 60, meters: [mem], resources: [r1, r2]}`,
      'p.yaml',
    );
    const pollsters = [
      { name: 'cpu', pollster: new FakePollster('cpu', 'instances') },
      { name: 'mem', pollster: new FakePollster('mem') },
    ];
    const discoveries = [
      { name: 'hosts', discovery: new FakeDiscovery([], 'hosts_file') },
      { name: 'local', discovery: new FakeDiscovery([], null) },
      { name: 'instances', discovery: new FakeDiscovery([], 'compute-1') },
      { name: 'unused', discovery: new FakeDiscovery([], 'unused') },
    ];
    const groups = planPartitionGroups(planTasks(config, pollsters), discoveries, 'central');
    const staticGroup = `central-${stableGroupId(['r1', 'r2'])}`;
    expect(groups.all).toEqual(['central-compute-1', 'central-hosts_file', staticGroup].sort());
    expect(groups.bySource.get('a')).toBe(staticGroup);
    expect(groups.bySource.get('c')).toBe(staticGroup);
    expect(groups.byDiscovery.has('local')).toBe(false);
  });
});

describe('PollingAgent with a partition', () => {
  it('three agents poll each of 300 static resources exactly once per round', async () => {
    const backend = new FakeBackend();
    const agents = ['a', 'b', 'c'].map((m) => agentOf(backend, m));
    const polled = await settledRound(agents);
    const all = polled.flat();
    expect(all.sort()).toEqual([...RESOURCES].sort());
    for (const share of polled) expect(share.length).toBeGreaterThan(50);
    expect(agents[0]!.logger.lines.some((l) => /^info: joined partitioning group\(s\) central-resources-[0-9a-f]{16} as member a$/.test(l))).toBe(true);
  });

  it('an agent that owns none of the listed resources does not poll the default discovery instead', async () => {
    // upstream falls back to the default discovery when the agent's share of the static list is empty
    const backend = new FakeBackend();
    const agents = ['a', 'b', 'c'].map((m) => agentOf(backend, m, staticYaml(['only-one'])));
    await settledRound(agents);
    const polled = agents.flatMap((a) => a.polled());
    expect(polled).toEqual(['only-one']);
    const idle = agents.find((a) => a.polled().length === 0)!;
    const result = await idle.agent.pollOnce();
    expect(result.outcomes.map((o) => o.status)).toEqual(['skipped']);
    expect(idle.pollster.calls.every((c) => !c.resources.includes('fallback-1'))).toBe(true);
  });

  it('survivors take over the resources of a member that left, and the change is logged with counts', async () => {
    const backend = new FakeBackend();
    const agents = ['a', 'b', 'c'].map((m) => agentOf(backend, m));
    await settledRound(agents);
    FakeCoordinator.kill(backend, 'b');
    const survivors = [agents[0]!, agents[2]!];
    for (const a of survivors) a.sink.batches.length = 0;
    for (const a of survivors) await a.agent.pollOnce();
    expect(survivors.flatMap((a) => a.polled()).sort()).toEqual([...RESOURCES].sort());
    const line = agents[0]!.logger.lines.find((l) => l.includes('left: b'));
    expect(line).toMatch(/^info: partitioning group central-resources-[0-9a-f]{16}: 2 member\(s\), left: b; this agent polls \d+ of 300 resource\(s\) \(gained \d+, lost \d+\)$/);
  });

  it('keeps the last known membership while the backend is away', async () => {
    const backend = new FakeBackend();
    const agents = ['a', 'b', 'c'].map((m) => agentOf(backend, m));
    const before = await settledRound(agents);
    backend.down = true;
    FakeCoordinator.kill(backend, 'b'); // unseen: the backend cannot be read
    for (const a of agents) a.sink.batches.length = 0;
    for (const a of agents) await a.agent.pollOnce();
    expect(agents.map((a) => a.polled())).toEqual(before);
  });

  it('polls nothing of a group it could not join, says so once, and joins when the backend is back', async () => {
    const backend = new FakeBackend();
    const other = agentOf(backend, 'b');
    await other.agent.pollOnce();
    backend.down = true;
    const late = agentOf(backend, 'a');
    await late.agent.pollOnce();
    const result = await late.agent.pollOnce();
    expect(late.polled()).toEqual([]);
    expect(result.outcomes.map((o) => o.status)).toEqual(['skipped']);
    expect(late.logger.lines.filter((l) => l.startsWith('warn: could not join partitioning group'))).toHaveLength(1);
    backend.down = false;
    await late.agent.pollOnce();
    expect(late.polled().length).toBeGreaterThan(0);
    expect(late.polled().length).toBeLessThan(300);
    expect(late.coordinator.joins).toHaveLength(1);
  });

  it('partitions what a discovery with a group id finds, and not what one without finds', async () => {
    const backend = new FakeBackend();
    const yaml = 'sources: [{name: s, interval: 60, meters: [cpu], discovery: [shared, mine]}]';
    const discoveries = [
      { name: 'shared', discovery: new FakeDiscovery(RESOURCES, 'shared_group') },
      { name: 'mine', discovery: new FakeDiscovery(['local://localhost'], null) },
    ];
    const agents = ['a', 'b'].map((m) => agentOf(backend, m, yaml, discoveries));
    const polled = await settledRound(agents);
    expect(polled.flat().filter((r) => r.startsWith('res-')).sort()).toEqual([...RESOURCES].sort());
    for (const share of polled) expect(share.filter((r) => r === 'local://localhost')).toHaveLength(1);
    expect([...backend.groups.keys()]).toEqual(['central-shared_group']);
  });

  it('a reload leaves the groups the new plan no longer needs', async () => {
    const backend = new FakeBackend();
    const a = agentOf(backend, 'a');
    await a.agent.pollOnce();
    await a.agent.reload(parsePollingConfig(staticYaml(['x', 'y']), 'p.yaml'));
    await a.agent.pollOnce();
    expect(a.coordinator.leaves).toEqual([`central-${stableGroupId(RESOURCES)}`]);
    expect(a.coordinator.joins).toEqual([`central-${stableGroupId(RESOURCES)}`, `central-${stableGroupId(['x', 'y'])}`]);
  });
});
