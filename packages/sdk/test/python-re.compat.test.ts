/**
 * The Python `re` table of python-re.test.ts against Python itself (/usr/bin/python3, 3.11 as in
 * Debian 12, which upstream Ceilometer 19.0 runs on): every case must answer what the table says.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PYTHON_RE_CASES } from './fixtures/python-re-cases.js';

const PYTHON = process.env['CEILOMETER_COMPAT_PYTHON'] ?? '/usr/bin/python3';
const ORACLE = `
import json, re, sys
out = []
for how, pattern, template, text in json.load(sys.stdin):
    try:
        if how == 'sub':
            out.append(re.sub(pattern, template, text))
        else:
            m = getattr(re, how)(pattern, text)
            out.append(None if m is None else [m.group(0)] + list(m.groups()))
    except (re.error, IndexError):
        out.append('error')
print(json.dumps(out))
`;

const probe = spawnSync(PYTHON, ['-c', 'import sys; assert sys.version_info[:2] == (3, 11), sys.version'], { encoding: 'utf8' });
const skipReason = probe.status === 0 ? '' : `${PYTHON} is not Python 3.11 (${(probe.error?.message ?? probe.stderr).trim().split('\n').pop()})`;
if (skipReason) console.warn(`python-re.compat.test.ts skipped: ${skipReason}`);

describe.skipIf(skipReason !== '')('Python re table against Python 3.11', () => {
  it('Python answers every case as the table says', () => {
    const run = spawnSync(PYTHON, ['-c', ORACLE], { input: JSON.stringify(PYTHON_RE_CASES.map(([how, p, t, text]) => [how, p, t, text])), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(PYTHON_RE_CASES.map((c) => c[4]));
  });
});
