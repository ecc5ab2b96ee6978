/**
 * Ownership decisions per second: which of 10 members owns each of 100,000 resources, with our
 * `HashRing` (@ceilometer-ts/coordination, through `Partitioner.belongsToSelf` as the polling agent
 * asks) and with tooz's HashRing in Python (the anchor), in the same run; plus whether both give
 * every one of the first 1,000 keys to the same member, and how many keys move when an 11th
 * member joins. Used by run.mjs; runnable alone: node bench/coordination/ring.mjs [--json]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PYTHON = '/usr/bin/python3';

/** Measures ours and (when `python` is true) tooz's; returns the figures. */
export async function ringBench({ members = 10, keys = 100_000, partitions = 32, repeat = 5, python = true } = {}) {
  const { HashRing, Partitioner } = await import(join(ROOT, 'packages/coordination/dist/index.js'));
  const nodes = Array.from({ length: members }, (_, i) => `member-${i}`);
  const resources = Array.from({ length: keys }, (_, i) => `resource-${i}`);
  const partitioner = new Partitioner('bench', nodes[0], nodes, { partitions });
  let best = Infinity;
  let mine = 0;
  for (let r = 0; r < repeat; r++) {
    const start = process.hrtime.bigint();
    mine = 0;
    for (const key of resources) if (partitioner.belongsToSelf(key)) mine++;
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  const ring = new HashRing(nodes, { partitions });
  const bigger = new HashRing([...nodes, `member-${members}`], { partitions });
  let moved = 0;
  for (const key of resources) if (ring.getNode(key) !== bigger.getNode(key)) moved++;
  const result = {
    members, keys, partitions,
    ours: { seconds: best, decisionsPerSecond: keys / best, ownShare: mine / keys },
    movedOnJoin: moved / keys,
    tooz: undefined,
    agreement: undefined,
  };
  if (python) {
    const run = spawnSync(PYTHON, [fileURLToPath(new URL('./ring_tooz.py', import.meta.url)), String(members), String(keys), String(partitions), String(repeat)], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`tooz anchor failed: ${run.stderr}`);
    const tooz = JSON.parse(run.stdout);
    result.tooz = { seconds: tooz.seconds, decisionsPerSecond: keys / tooz.seconds };
    const same = tooz.owners.filter((owner, i) => ring.getNode(resources[i]) === owner).length;
    result.agreement = same / tooz.owners.length;
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await ringBench();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else console.log(r);
}
