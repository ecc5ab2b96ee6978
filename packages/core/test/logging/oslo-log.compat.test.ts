/**
 * Our log file lines beside oslo.log's own (upstream 19.0's python3-oslo.log writing a file with
 * `--log-file`): the same message lines, and traceback lines with the same prefix, once the
 * timestamp, pid and logger name are masked.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeLogger, createRootLogger, DEFAULT_LOGGING_SETTINGS } from '../../src/logging/index.js';

const PYTHON = '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'ceilo-oslo-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = `
import sys
from oslo_config import cfg
from oslo_log import log as logging
conf = cfg.ConfigOpts()
logging.register_options(conf)
conf(['--log-file=' + sys.argv[1]], project='ceilometer')
logging.setup(conf, 'ceilometer')
LOG = logging.getLogger('ceilometer.polling.manager')
LOG.info('polling started')
try:
    raise TypeError('bad volume')
except TypeError:
    LOG.exception('pollster failed')
LOG.warning('careful')
`;

/** Timestamp, pid and logger name masked. */
const mask = (line: string): string =>
  line.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \d+ (\w+) [\w.]+ /, 'TS PID $1 NAME ');

describe.skipIf(!existsSync(PYTHON))('log file lines as oslo.log writes them', () => {
  it('matches upstream line for line, traceback lines prefixed the same way', () => {
    const upstreamFile = join(dir, 'upstream.log');
    const script = join(dir, 'oslo.py');
    writeFileSync(script, SCRIPT);
    execFileSync(PYTHON, [script, upstreamFile]);
    const upstream = readFileSync(upstreamFile, 'utf8').trimEnd().split('\n').map(mask);

    const oursFile = join(dir, 'ours.log');
    const log = createRootLogger({ name: 'ceilometer-polling', logging: { ...DEFAULT_LOGGING_SETTINGS, logFile: oursFile } });
    log.info('polling started');
    log.error({ err: new TypeError('bad volume') }, 'pollster failed');
    log.warn('careful');
    closeLogger(log);
    const ours = readFileSync(oursFile, 'utf8').trimEnd().split('\n').map(mask);

    const messages = (lines: string[]): string[] => lines.filter((l) => l.includes(' [-] '));
    expect(messages(ours)).toEqual(messages(upstream));
    expect(messages(ours)).toEqual(['TS PID INFO NAME [-] polling started', 'TS PID ERROR NAME [-] pollster failed: TypeError: bad volume', 'TS PID WARNING NAME [-] careful']);
    // the traceback: every line under the same prefix; Python's ends with the exception line, Node's starts with it
    const traceback = (lines: string[]): string[] => lines.filter((l) => !l.includes(' [-] '));
    for (const line of [...traceback(upstream), ...traceback(ours)]) expect(line.startsWith('TS PID ERROR NAME ')).toBe(true);
    expect(traceback(upstream)).toContain('TS PID ERROR NAME TypeError: bad volume');
    expect(traceback(ours)[0]).toBe('TS PID ERROR NAME TypeError: bad volume');
  });
});
