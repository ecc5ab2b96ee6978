/**
 * What upstream 19.0 does with its Node Manager pollsters on Python 3: its engine's singleton
 * `__new__` passes the config on to `object.__new__`, a TypeError that `PollsterBase` turns into
 * ExtensionLoadError, so the agent skips all eight at load, whatever the BMC (ipmi_sim or Intel).
 * We implement the engine's intent instead (README, "Intel Node Manager meters"); this pins the
 * divergence so a fixed upstream shows up here.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const PYTHON = '/usr/bin/python3';
const hasUpstream = existsSync(PYTHON) && existsSync('/usr/lib/python3/dist-packages/ceilometer/ipmi/pollsters/node.py');

const SCRIPT = `
import json
from ceilometer import service
from ceilometer.ipmi.pollsters import node
from ceilometer.polling import plugin_base
conf = service.prepare_service([], [])
out = {}
for name in ('PowerPollster', 'InletTemperaturePollster', 'OutletTemperaturePollster', 'AirflowPollster',
             'CUPSIndexPollster', 'CPUUtilPollster', 'MemUtilPollster', 'IOUtilPollster'):
    try:
        getattr(node, name)(conf)
        out[name] = 'loaded'
    except plugin_base.ExtensionLoadError as exc:
        out[name] = 'skipped: %s' % exc.msg
print('RESULT ' + json.dumps(out))
`;

describe.skipIf(!hasUpstream)('upstream 19.0 Node Manager pollsters', () => {
  it('are never loaded on Python 3 (TypeError in the engine singleton, skipped as ExtensionLoadError)', async () => {
    const { stdout } = await promisify(execFile)(PYTHON, ['-c', SCRIPT], { timeout: 60_000 });
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '))!;
    const result = JSON.parse(line.slice('RESULT '.length)) as Record<string, string>;
    expect(Object.keys(result)).toHaveLength(8);
    for (const outcome of Object.values(result)) expect(outcome).toMatch(/^skipped: .*object\.__new__\(\) takes exactly one argument/);
  }, 90_000);
});
