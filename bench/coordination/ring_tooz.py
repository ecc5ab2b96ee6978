"""Anchor of bench/coordination/ring.mjs: tooz's HashRing (Debian python3-tooz), as ceilometer's
polling agent uses it through tooz's Partitioner (belongs_to_self hashes str(obj) as UTF-8).

Reads MEMBERS KEYS PARTITIONS REPEAT from argv; prints one JSON line: the best time of REPEAT
passes deciding the owner of every key, and the owner of each of the first 1,000 keys (to check
that ours decides alike)."""
import json
import sys
import time

from tooz import hashring

members, keys, partitions, repeat = (int(a) for a in sys.argv[1:5])
nodes = ['member-%d' % i for i in range(members)]
resources = [('resource-%d' % i).encode('utf-8') for i in range(keys)]
ring = hashring.HashRing(nodes, partitions=partitions)
best = float('inf')
for _ in range(repeat):
    start = time.perf_counter()
    for r in resources:
        ring.get_nodes(r)
    best = min(best, time.perf_counter() - start)
owners = [next(iter(ring.get_nodes(r))) for r in resources[:1000]]
print(json.dumps({'seconds': best, 'owners': owners}))
