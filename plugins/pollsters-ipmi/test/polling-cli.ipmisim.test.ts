// `ceilometer-polling --polling-namespaces ipmi --poll-once` / `--poll-cycles` end to end (the built launcher) against
// ipmi_sim: in-band through the simulator's ipmitool wrapper (local_node), and remote BMCs from
// [ipmi] bmcs_file (ipmi_bmcs), one of them paused: the others are polled, the failure is said
// once and --poll-once exits non-zero; and a running agent (--poll-cycles) over a BMC paused, then resumed. Needs `pnpm -s build`, openipmi and ipmitool.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIpmiSim, type IpmiSim } from '@ceilometer-ts/test-services';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const built = existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js')) && existsSync(join(ROOT, 'plugins/pollsters-ipmi/dist/index.js'));

interface Run {
  readonly code: number;
  readonly stderr: string;
  readonly samples: Record<string, unknown>[];
}

describe.skipIf(!built)('ceilometer-polling --polling-namespaces ipmi (spawned)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-ipmi-e2e-'));
  let a: IpmiSim;
  let b: IpmiSim;
  beforeAll(async () => {
    [a, b] = await Promise.all([startIpmiSim({ password: 'E2e-Secret-A' }), startIpmiSim({ password: 'E2e-Secret-B' })]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  function pollOnce(polling: string, ipmi: readonly string[], env: NodeJS.ProcessEnv = {}, mode: readonly string[] = ['--poll-once']): Promise<Run> {
    writeFileSync(join(dir, 'polling.yaml'), polling);
    const conf = join(dir, 'ceilometer.conf');
    writeFileSync(conf, ['[DEFAULT]', 'host = node-1', '[polling]', `cfg_file = ${join(dir, 'polling.yaml')}`, '[ipmi]', ...ipmi, ''].join('\n'));
    return new Promise((resolve) => {
      execFile(process.execPath, [join(ROOT, 'bin/ceilometer-polling'), '--config-file', conf, '--polling-namespaces', 'ipmi', ...mode], {
        cwd: ROOT, env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 60_000,
      }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stderr, samples: stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>) });
      });
    });
  }

  const samplesOf = (run: Run, node: string): Record<string, unknown>[] => run.samples.filter((s) => (s['resource_metadata'] as Record<string, unknown>)['node'] === node);

  /** bmcs.yaml with both simulators: rack1-a (password_env E2E_BMC_A) and rack1-b (password_file). */
  function writeBmcsFile(): void {
    writeFileSync(join(dir, 'b.pass'), `${b.password}\n`);
    writeFileSync(join(dir, 'bmcs.yaml'), [
      'bmcs:',
      `  - {name: rack1-a, address: 127.0.0.1, port: ${a.port}, username: ${a.user}, password_env: E2E_BMC_A, cipher_suite: 3}`,
      `  - {name: rack1-b, address: 127.0.0.1, port: ${b.port}, username: ${b.user}, password_file: b.pass, cipher_suite: 3}`,
      '',
    ].join('\n'));
  }

  const ALL_METERS = ['hardware.ipmi.temperature', 'hardware.ipmi.voltage', 'hardware.ipmi.current', 'hardware.ipmi.fan', 'hardware.ipmi.power'];
  const source = (discovery?: string, interval = 300): string => ['---', 'sources:', '  - name: ipmi', `    interval: ${interval}`, '    meters:', ...ALL_METERS.map((m) => `      - ${m}`),
    ...(discovery ? ['    discovery:', `      - ${discovery}`] : []), ''].join('\n');

  it('in-band (local_node): every meter of this node', async () => {
    const run = await pollOnce(source(), [`ipmitool_path = ${join(a.wrapperDir, 'ipmitool')}`]);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(run.samples.map((s) => [s['name'], s['resource_id'], s['volume'], s['unit']]).sort()).toEqual([
      ['hardware.ipmi.current', 'node-1-ps1_curr_out_(0x5)', 4.5, 'Amps'],
      ['hardware.ipmi.fan', 'node-1-fan_1_(0x3)', 4800, 'RPM'],
      ['hardware.ipmi.power', 'node-1-pwr_consumption_(0x6)', 200, 'W'],
      ['hardware.ipmi.temperature', 'node-1-cpu1_temp_(0x2)', 52, 'C'],
      ['hardware.ipmi.temperature', 'node-1-inlet_temp_(0x1)', 28, 'C'],
      ['hardware.ipmi.voltage', 'node-1-12v_(0x4)', 12, 'V'],
    ]);
    expect(run.samples.every((s) => (s['resource_metadata'] as Record<string, unknown>)['node'] === 'node-1')).toBe(true);
  }, 90_000);

  it('hardware.ipmi.* (sensor and Node Manager pollsters, as upstream configures it): ipmi_sim has no Node Manager, said once; the sensor meters are all there', async () => {
    const wildcard = ['---', 'sources:', '  - name: ipmi', '    interval: 300', '    meters:', '      - hardware.ipmi.*', ''].join('\n');
    const run = await pollOnce(wildcard, [`ipmitool_path = ${join(a.wrapperDir, 'ipmitool')}`]);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect([...new Set(run.samples.map((s) => s['name']))].sort()).toEqual([...ALL_METERS].sort());
    expect(run.stderr.match(/Intel Node Manager not supported on node-1/g)).toHaveLength(1);
    expect(run.stderr).not.toMatch(/constructor failed|Failed to import extension/);
  }, 90_000);

  it('remote BMCs from bmcs_file: a paused one is reported once, the other polled, exit non-zero; no password anywhere', async () => {
    writeBmcsFile();
    await a.pause();
    let run: Run;
    try {
      run = await pollOnce(source('ipmi_bmcs'), [`bmcs_file = ${join(dir, 'bmcs.yaml')}`, 'command_timeout = 2'], { E2E_BMC_A: a.password });
    } finally {
      await a.resume();
    }
    expect(run.samples.map((s) => s['resource_id']).sort()).toEqual([
      'rack1-b-12v_(0x4)', 'rack1-b-cpu1_temp_(0x2)', 'rack1-b-fan_1_(0x3)', 'rack1-b-inlet_temp_(0x1)', 'rack1-b-ps1_curr_out_(0x5)', 'rack1-b-pwr_consumption_(0x6)',
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr.match(/IPMI on rack1-a failed: .* sdr -v: timed out \(killed after 2 s\)/g)).toHaveLength(1);
    expect(run.stderr).not.toContain(a.password);
    expect(run.stderr).not.toContain(b.password);
  }, 90_000);

  it('a running agent: a BMC that stops answering is reported once, the agent keeps polling the other, and says when it is back', async () => {
    writeBmcsFile();
    await a.pause();
    const resume = setTimeout(() => {
      a.resume().catch(() => undefined);
    }, 2500);
    let run: Run;
    try {
      run = await pollOnce(source('ipmi_bmcs', 1), [`bmcs_file = ${join(dir, 'bmcs.yaml')}`, 'command_timeout = 1', 'polling_retry = -1'], { E2E_BMC_A: a.password }, ['--poll-cycles', '6']);
    } finally {
      clearTimeout(resume);
      await a.resume();
    }
    // six samples per BMC per cycle
    expect(samplesOf(run, 'rack1-b')).toHaveLength(36);
    expect(samplesOf(run, 'rack1-a').length).toBeGreaterThanOrEqual(6);
    expect(samplesOf(run, 'rack1-a').length).toBeLessThan(36);
    expect(run.stderr.match(/IPMI on rack1-a failed: /g)).toHaveLength(1);
    expect(run.stderr.match(/IPMI on rack1-a recovered after \d+ failed polls?/g)).toHaveLength(1);
    expect(run.stderr).not.toContain(a.password);
  }, 90_000);

  it('polling_retry = 0 in a running agent: the dead BMC is dropped by every pollster after its first failure, the other polled every cycle', async () => {
    writeBmcsFile();
    await a.pause();
    let run: Run;
    try {
      run = await pollOnce(source('ipmi_bmcs', 1), [`bmcs_file = ${join(dir, 'bmcs.yaml')}`, 'command_timeout = 1', 'polling_retry = 0'], { E2E_BMC_A: a.password }, ['--poll-cycles', '3']);
    } finally {
      await a.resume();
    }
    expect(samplesOf(run, 'rack1-b')).toHaveLength(18);
    expect(samplesOf(run, 'rack1-a')).toEqual([]);
    expect(run.stderr.match(/IPMI on rack1-a failed: /g)).toHaveLength(1);
    expect(run.stderr.match(/Pollster for hardware\.ipmi\.\w+ is disabled for rack1-a after 1 failed poll/g)).toHaveLength(5);
    expect(run.stderr.match(/Prevent pollster hardware\.ipmi\.\w+ from polling/g)).toHaveLength(5);
  }, 90_000);
});
