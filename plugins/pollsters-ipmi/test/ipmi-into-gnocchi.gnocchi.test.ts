/**
 * IPMI meters into a real Gnocchi 4.4: the built `ceilometer-polling --polling-namespaces ipmi
 * --poll-once --publish` reads an ipmi_sim BMC in-band (the simulator's ipmitool wrapper) and
 * publishes through the embedded pipeline's `gnocchi://` with the bundled gnocchi_resources.yaml,
 * after `ceilometer-upgrade` made the resource types. Read back: one `ipmi_sensor` resource per
 * sensor (original id `<host>-<sensor id>`, attribute `node`) holding the reading, for the five
 * sensor meters, fans included (master's definition; 19.0's file left them out).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gnocchiUnavailable, startGnocchi, startIpmiSim, type GnocchiService, type IpmiSim } from '@ceilometer-ts/test-services';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BUNDLED = join(ROOT, 'plugins/publisher-gnocchi/data/gnocchi_resources.yaml');
const unavailable = gnocchiUnavailable();

describe.skipIf(unavailable !== undefined)('IPMI meters into a real Gnocchi (ipmi_sim, ceilometer-polling --publish)', () => {
  let gnocchi: GnocchiService;
  let sim: IpmiSim;
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-ipmi-gnocchi-'));

  beforeAll(async () => {
    [gnocchi, sim] = await Promise.all([startGnocchi(), startIpmiSim()]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([gnocchi?.stop(), sim?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  function run(command: string, args: readonly string[]) {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', command), ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1' } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('every sensor meter lands on its ipmi_sensor resource with the reading', async () => {
    const host = `bm-${randomUUID().slice(0, 8)}`;
    writeFileSync(join(dir, 'polling.yaml'), ['---', 'sources:', '  - name: ipmi', '    interval: 300', '    meters:', '      - hardware.ipmi.*', ''].join('\n'));
    writeFileSync(join(dir, 'pipeline.yaml'), [
      'sources:', '  - name: all', '    meters: ["*"]', '    sinks: [gnocchi]',
      'sinks:', '  - name: gnocchi', '    publishers:', `      - "gnocchi://?enable_filter_project=false&resources_definition_file=${BUNDLED}"`, '',
    ].join('\n'));
    const conf = join(dir, 'ceilometer.conf');
    writeFileSync(conf, [
      '[DEFAULT]', `host = ${host}`,
      '[polling]', `cfg_file = ${join(dir, 'polling.yaml')}`, `pipeline_cfg_file = ${join(dir, 'pipeline.yaml')}`, 'enable_notifications = false',
      '[ipmi]', `ipmitool_path = ${join(sim.wrapperDir, 'ipmitool')}`,
      '[service_credentials]', 'auth_type = gnocchi-basic', 'user = admin', `endpoint = ${gnocchi.url}`, '',
    ].join('\n'));

    const upgrade = run('ceilometer-upgrade', ['--config-file', conf]);
    expect(upgrade.status, upgrade.stdout + upgrade.stderr.slice(-3000)).toBe(0);
    const poll = run('ceilometer-polling', ['--config-file', conf, '--polling-namespaces', 'ipmi', '--poll-once', '--publish']);
    expect(poll.status, poll.stderr.slice(-3000)).toBe(0);

    const expected: [string, string, number, string][] = [
      ['hardware.ipmi.temperature', 'inlet_temp_(0x1)', 28, 'C'],
      ['hardware.ipmi.temperature', 'cpu1_temp_(0x2)', 52, 'C'],
      ['hardware.ipmi.fan', 'fan_1_(0x3)', 4800, 'RPM'],
      ['hardware.ipmi.voltage', '12v_(0x4)', 12, 'V'],
      ['hardware.ipmi.current', 'ps1_curr_out_(0x5)', 4.5, 'Amps'],
      ['hardware.ipmi.power', 'pwr_consumption_(0x6)', 200, 'W'],
    ];
    for (const [meter, sensor, value, unit] of expected) {
      const id = `${host}-${sensor}`;
      const resource = await gnocchi.request('GET', `/v1/resource/ipmi_sensor/${encodeURIComponent(id)}`);
      expect(resource.status, `${meter} ${id}`).toBe(200);
      expect(resource.body).toMatchObject({ original_resource_id: id, node: host });
      const metric = await gnocchi.request('GET', `/v1/resource/ipmi_sensor/${encodeURIComponent(id)}/metric/${meter}`);
      expect(metric.body).toMatchObject({ unit });
      const measures = await gnocchi.request('GET', `/v1/resource/ipmi_sensor/${encodeURIComponent(id)}/metric/${meter}/measures?refresh=true`);
      expect((measures.body as [string, number, number][]).map((p) => p[2])).toContain(value);
    }
  }, 300_000);
});
