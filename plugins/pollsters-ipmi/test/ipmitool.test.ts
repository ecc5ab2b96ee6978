// The ipmitool runner with stand-in commands (shell scripts): no shell between us and the command,
// the command prefix, the timeout, max_parallel, and passwords kept off command lines.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IpmiCommandError, IpmiTool, type IpmiSettings, type IpmiTarget } from '../src/index.js';
import { recordingLogger } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ipmitool-test-'));
function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}
const settings = (s: Partial<IpmiSettings>): IpmiSettings => ({ ipmitoolPath: 'ipmitool', commandPrefix: [], commandTimeoutMs: 5000, maxParallel: 8, ...s });
const local: IpmiTarget = { node: 'node-1' };

describe('IpmiTool', () => {
  it('runs [...prefix, ipmitool_path, ...target args, ...args] without a shell and resolves stdout', async () => {
    const log = join(dir, 'prefix.log');
    const prefix = script('prefix', `printf '%s\\n' "$@" > ${log}; shift; exec "$@"`);
    const fake = script('fake-ipmitool', `printf 'out:%s|' "$@"`);
    const tool = new IpmiTool(settings({ commandPrefix: [prefix, '--flag'], ipmitoolPath: fake }), recordingLogger());
    expect(await tool.run(local, ['sensor', 'get', "Pwr Consumption; rm -rf /"])).toBe("out:sensor|out:get|out:Pwr Consumption; rm -rf /|");
    // the prefix (as `sudo -n` would) records its own argv, drops its flag, then execs the rest
    expect(readFileSync(log, 'utf8').split('\n').slice(0, -1)).toEqual(['--flag', fake, 'sensor', 'get', 'Pwr Consumption; rm -rf /']);
  });

  it('rejects with exit code and the last stderr line; a missing command is an IpmiCommandError too', async () => {
    const fake = script('fails', "echo 'Loading IANA PEN Registry...' >&2; echo 'Error: Unable to establish IPMI v2 / RMCP+ session' >&2; exit 1");
    const err = await new IpmiTool(settings({ ipmitoolPath: fake }), recordingLogger()).run(local, ['sdr', '-v']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiCommandError);
    expect(err).toMatchObject({ target: 'node-1', args: ['sdr', '-v'], exitCode: 1, timedOut: false, stderr: 'Error: Unable to establish IPMI v2 / RMCP+ session' });
    expect((err as Error).message).toBe(`${fake} sdr -v on node-1 failed: exit code 1: Error: Unable to establish IPMI v2 / RMCP+ session`);
    const missing = await new IpmiTool(settings({ ipmitoolPath: join(dir, 'nope') }), recordingLogger()).run(local, ['sdr', 'info']).catch((e: unknown) => e);
    expect(missing).toMatchObject({ exitCode: null, timedOut: false });
    expect((missing as IpmiCommandError).stderr).toMatch(/^could not run .*nope: spawn .* ENOENT$/);
  });

  it('kills a hung ipmitool after command_timeout', async () => {
    const hang = script('hang', 'exec sleep 30');
    const t0 = Date.now();
    const err = await new IpmiTool(settings({ ipmitoolPath: hang, commandTimeoutMs: 300 }), recordingLogger()).run(local, ['sdr', '-v']).catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(err).toMatchObject({ timedOut: true, exitCode: null, stderr: 'killed after 0.3 s' });
    expect((err as Error).message).toMatch(/ sdr -v on node-1 failed: timed out \(killed after 0.3 s\)$/);
  });

  it('never runs more than max_parallel at once', async () => {
    const counter = join(dir, 'running');
    const peakFile = join(dir, 'peak');
    writeFileSync(peakFile, '0\n');
    // each child adds itself to a directory, notes how many are there, sleeps, leaves
    const fake = script('count', `mkdir -p ${counter}; touch ${counter}/$$; n=$(ls ${counter} | wc -l); p=$(cat ${peakFile}); [ "$n" -gt "$p" ] && echo $n > ${peakFile}; sleep 0.2; rm ${counter}/$$; echo ok`);
    const tool = new IpmiTool(settings({ ipmitoolPath: fake, maxParallel: 3 }), recordingLogger());
    const runs = Array.from({ length: 10 }, (_, i) => tool.run({ node: `n${i}` }, ['sdr', '-v']));
    expect(await Promise.all(runs)).toEqual(Array(10).fill('ok\n'));
    expect(tool.peak).toBe(3);
    expect(Number(readFileSync(peakFile, 'utf8'))).toBeLessThanOrEqual(3);
    expect(Number(readFileSync(peakFile, 'utf8'))).toBeGreaterThanOrEqual(2);
  });

  it('passes password_env as IPMI_PASSWORD in the child environment only (-E), never in argv, logs or errors', async () => {
    const seen = join(dir, 'env-seen');
    const fake = script('env', `printf '%s\\n' "$IPMI_PASSWORD" "$@" > ${seen}; exit 1`);
    process.env['TEST_BMC_PASS'] = 'S3cr3t-pw';
    process.env['IPMI_PASSWORD'] = 'agent-own';
    const logger = recordingLogger();
    const tool = new IpmiTool(settings({ ipmitoolPath: fake }), logger);
    const remote: IpmiTarget = { node: 'r1', remote: { address: '10.0.0.7', username: 'ceilometer', passwordEnv: 'TEST_BMC_PASS' } };
    const err = await tool.run(remote, ['sdr', '-v']).catch((e: unknown) => e);
    const [password, ...argv] = readFileSync(seen, 'utf8').split('\n').slice(0, -1);
    expect(password).toBe('S3cr3t-pw');
    expect(argv).toEqual(['-I', 'lanplus', '-H', '10.0.0.7', '-U', 'ceilometer', '-N', '1', '-R', '2', '-E', 'sdr', '-v']);
    expect(JSON.stringify(err)).not.toContain('S3cr3t');
    expect((err as Error).message).not.toContain('S3cr3t');
    expect(JSON.stringify(logger.lines)).not.toContain('S3cr3t');
    // an in-band target does not inherit the agent's own IPMI_PASSWORD
    await tool.run(local, ['sdr']).catch(() => undefined);
    expect(readFileSync(seen, 'utf8').split('\n')[0]).toBe('');
    const unset = await tool.run({ node: 'r2', remote: { address: 'x', username: 'u', passwordEnv: 'TEST_BMC_UNSET' } }, ['sdr']).catch((e: unknown) => e);
    expect((unset as Error).message).toBe(`${fake} -I lanplus -H x -U u -N 1 -R 2 -E sdr on r2 failed: did not run: environment variable TEST_BMC_UNSET (password_env of r2) is not set`);
    delete process.env['TEST_BMC_PASS'];
    delete process.env['IPMI_PASSWORD'];
  });
});
