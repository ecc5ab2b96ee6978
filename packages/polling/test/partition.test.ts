import { execFileSync } from 'node:child_process';
import type { CoordinationDriver } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { Coordinator, stableGroupId } from '@ceilometer-ts/coordination';
import { InMemoryCoordinationBackend } from '@ceilometer-ts/coordination/testing';
import { defaultPollingSettings, parsePollingConfig, partitionGroupPrefix, PollingAgent, PollingPartition, planPartitionGroups, planTasks } from '../src/index.js';
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
async function settledRound(agents: readonly { readonly agent: PollingAgent; readonly sink: RecordingSink; polled(): string[] }[]): Promise<string[][]> {
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

  it('a static resource set has the same group in every process, whatever the order and repeats', () => {
    const config = (list: string) => parsePollingConfig(`sources: [{name: s, interval: 60, meters: [cpu], resources: [${list}]}]`, 'p.yaml');
    const pollsters = [{ name: 'cpu', pollster: new FakePollster('cpu') }];
    const group = (list: string) => planPartitionGroups(planTasks(config(list), pollsters), [], 'central').bySource.get('s');
    expect(group('b, a, c')).toBe(group('c, a, b, a'));
    expect(group('a, b')).not.toBe(group('a, b, c'));
    // upstream's hash(frozenset(...)) differs per process (PYTHONHASHSEED); ours is a digest
    const script = "import('node:crypto').then(({createHash})=>{const d=createHash('sha256');for(const r of ['a','b','c'])d.update(r.length+':').update(r);console.log(d.digest('hex').slice(0,32))})";
    const other = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
    expect(group('c, b, a')).toBe(`central-resources-${other}`);
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
    const staticGroup = `central-resources-${stableGroupId(['r1', 'r2'])}`;
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
    expect(agents[0]!.logger.lines.some((l) => /^info: joined partitioning group\(s\) central-resources-[0-9a-f]{32} as member a$/.test(l))).toBe(true);
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
    expect(line).toMatch(/^info: partitioning group central-resources-[0-9a-f]{32}: 2 member\(s\), left: b; this agent polls \d+ of 300 resource\(s\) \(gained \d+, lost \d+\)$/);
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

  it('stop leaves the groups once the cycles ended, before the sink is flushed', async () => {
    const backend = new FakeBackend();
    const a = agentOf(backend, 'a');
    let stoppedAtClose: boolean | undefined;
    const close = a.sink.close.bind(a.sink);
    a.sink.close = async () => {
      stoppedAtClose = a.coordinator.stopped;
      await close();
    };
    a.agent.start();
    await new Promise((r) => setTimeout(r, 20));
    await a.agent.stop(1000);
    expect(stoppedAtClose).toBe(true);
    expect([...backend.groups.values()].every((m) => !m.has('a'))).toBe(true);
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
    expect(a.coordinator.leaves).toEqual([`central-resources-${stableGroupId(RESOURCES)}`]);
    expect(a.coordinator.joins).toEqual([`central-resources-${stableGroupId(RESOURCES)}`, `central-resources-${stableGroupId(['x', 'y'])}`]);
  });

  it("with the library's Coordinator: a SIGKILLed member's share moves to the survivors after its timeout, and nothing else moves", async () => {
    const backend = new InMemoryCoordinationBackend();
    const fleet = ['m-a', 'm-b', 'm-c'].map((memberId) => {
      // without watches: a killed member's own coordinator would hear of its expiry and join again,
      // which a SIGKILLed process cannot; the agents refresh at every cycle anyway
      const d = backend.driver({ memberId, membershipTimeoutMs: 150 });
      const driver: CoordinationDriver = {
        start: () => d.start(), stop: () => d.stop(), joinGroup: (g) => d.joinGroup(g), leaveGroup: (g) => d.leaveGroup(g), getMembers: (g) => d.getMembers(g),
        get connected() {
          return d.connected;
        },
      };
      const coordinator = new Coordinator({ driver, memberId, logger: recordingLogger() });
      const logger = recordingLogger();
      const sink = new RecordingSink();
      const agent = new PollingAgent({
        settings: defaultPollingSettings({ pollingNamespaces: ['central'] }),
        config: parsePollingConfig(staticYaml(), 'p.yaml'),
        pollsters: [{ name: 'cpu', pollster: new FakePollster('cpu') }],
        discoveries: [],
        sink,
        logger,
        partition: new PollingPartition(coordinator, logger),
      });
      return { coordinator, agent, sink, logger, polled: () => sink.samples.map((x) => x.resource_id) };
    });
    for (const m of fleet) await m.coordinator.start();
    const shares = await settledRound(fleet);
    expect(shares.flat().sort()).toEqual([...RESOURCES].sort());
    backend.kill('m-b');
    await new Promise((r) => setTimeout(r, 400));
    const [a, , c] = fleet as [typeof fleet[0], typeof fleet[0], typeof fleet[0]];
    for (const m of [a, c]) m.sink.batches.length = 0;
    for (const m of [a, c]) await m.agent.pollOnce();
    expect([...a.polled(), ...c.polled()].sort()).toEqual([...RESOURCES].sort());
    // a consistent ring: the survivors keep what they had and gain only the dead member's keys
    expect(a.polled()).toEqual(expect.arrayContaining(shares[0]!));
    expect(c.polled()).toEqual(expect.arrayContaining(shares[2]!));
    expect(a.logger.lines.some((l) => /left: m-b; this agent polls \d+ of 300 resource\(s\) \(gained [1-9]\d*, lost 0\)$/.test(l))).toBe(true);
    for (const m of [a, c]) await m.coordinator.stop();
  });
});
