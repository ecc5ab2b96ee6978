/**
 * The ISO 8601 table of iso-time.test.ts against upstream itself: /usr/bin/python3 with Debian's
 * oslo.utils and iso8601 parses every input, and must answer what the table (and so our parser) says.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ISO_TIME_CASES } from './fixtures/iso-time-cases.js';

const PYTHON = process.env['CEILOMETER_COMPAT_PYTHON'] ?? '/usr/bin/python3';
const ORACLE = `
import json, sys
from oslo_utils import timeutils
out = []
for text in json.load(sys.stdin):
    try:
        d = timeutils.parse_isotime(text)
        out.append([d.isoformat(), timeutils.normalize_time(d).isoformat()])
    except ValueError:
        out.append(None)
print(json.dumps(out))
`;

const probe = spawnSync(PYTHON, ['-c', 'import oslo_utils.timeutils, iso8601'], { encoding: 'utf8' });
const skipReason = probe.status === 0 ? '' : `${PYTHON} cannot import oslo_utils (${(probe.error?.message ?? probe.stderr).trim().split('\n').pop()})`;
if (skipReason) console.warn(`iso-time.compat.test.ts skipped: ${skipReason}`);

describe.skipIf(skipReason !== '')('ISO 8601 table against oslo_utils.timeutils.parse_isotime', () => {
  it('Python answers every input as the table says', () => {
    const run = spawnSync(PYTHON, ['-c', ORACLE], { input: JSON.stringify(ISO_TIME_CASES.map(([text]) => text)), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(ISO_TIME_CASES.map(([, rendered]) => rendered));
  });
});
