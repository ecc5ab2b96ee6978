import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { container, MapCycleCache, PLUGIN_CONTEXT, type PollsterBuilder } from '@ceilometer-ts/sdk';
import { hardwareOptions, hardwareSettings, HardwareHostsFileDiscovery, parseHostsFile, parsePolledHost } from '../src/index.js';
import { fakeConfig, fakeContext, fakeCycle, SnapshotInspector } from './helpers.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  ceilometer: { entryPoints: Record<string, Record<string, string>> };
};
const entries = Object.entries(pkg.ceilometer.entryPoints).flatMap(([ns, names]) => Object.entries(names).map(([name, target]) => [ns, name, target] as const));

async function load(target: string): Promise<unknown> {
  const [modulePath, exportName] = target.split(':') as [string, string];
  const mod = (await import(modulePath.replace('./dist/', '../src/').replace(/\.js$/, '.ts'))) as Record<string, unknown>;
  return mod[exportName];
}

describe('package.json entry points', () => {
  it.each(entries)('%s %s loads', async (ns, _name, target) => {
    const exported = await load(target);
    if (ns === 'oslo.config.opts') {
      expect(exported).toBe(hardwareOptions);
      return;
    }
    const child = container.createChildContainer();
    child.register(PLUGIN_CONTEXT, { useValue: fakeContext(new SnapshotInspector()) });
    const obj = child.resolve(exported as never) as Partial<PollsterBuilder>;
    if (ns.startsWith('ceilometer.builder.')) expect((await obj.buildPollsters!()).length).toBeGreaterThan(30);
  });

  it('README documents every entry point and option', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [ns, name, target] of entries) expect(readme).toContain(`| ${ns} | ${name} | ${target.split(':')[1]!} |`);
    for (const o of hardwareOptions) expect(readme).toContain(`| ${o.group} | ${o.name} |`);
  });
});

describe('options', () => {
  it('default as Stein, and take [DEFAULT] host for local://localhost', () => {
    expect(hardwareSettings(fakeConfig())).toEqual({ meterDefinitionsFile: 'snmp.yaml', monitorFile: '/etc/ceilometer/monitor_hardware.yaml', urlScheme: 'snmp://', localHostName: undefined });
    expect(parsePolledHost('local://localhost', 'node-7')).toMatchObject({ scheme: 'local', resourceId: 'node-7', resourceUrl: 'local://localhost' });
  });
});

describe('resource URLs', () => {
  it('strip user, password and query from resource_url and keep the port', () => {
    const h = parsePolledHost('snmp://admin:s3cret@[fd00::5]:1161?priv_password=p&auth_proto=sha')!;
    expect(h).toMatchObject({ scheme: 'snmp', resourceUrl: 'snmp://[fd00::5]:1161?auth_proto=sha', hostname: 'fd00::5', resourceId: 'fd00::5' });
    expect(h.url.password).toBe('s3cret');
  });

  it("accept Stein's discovery dicts", () => {
    const h = parsePolledHost({ resource_id: 'uuid-1', resource_url: 'snmp://u:p@10.0.0.9', mac_addr: 'aa', flavor_id: 'f' })!;
    expect(h).toMatchObject({ resourceId: 'uuid-1', resourceUrl: 'snmp://10.0.0.9', extraMetadata: { mac_addr: 'aa', flavor_id: 'f' } });
    expect(parsePolledHost({ resource_url: 'snmp://x' })).toBeUndefined();
    expect(parsePolledHost('10.0.0.5')).toBeUndefined();
  });
});

describe('hardware_hosts_file discovery', () => {
  it('reads YAML lists and text files, adding [hardware] url_scheme to bare addresses', async () => {
    expect(parseHostsFile('- snmp://10.0.0.5\n- 10.0.0.6\n- {resource_id: n1, resource_url: "snmp://10.0.0.7"}\n')).toEqual([
      'snmp://10.0.0.5', 'snmp://10.0.0.6', { resource_id: 'n1', resource_url: 'snmp://10.0.0.7' },
    ]);
    expect(parseHostsFile('# hosts\nsnmp://10.0.0.5:16100\n\n10.0.0.8 # rack 2\n', 'snmp://public@')).toEqual(['snmp://10.0.0.5:16100', 'snmp://public@10.0.0.8']);
    const dir = mkdtempSync(join(tmpdir(), 'hosts-'));
    writeFileSync(join(dir, 'hosts.txt'), '127.0.0.1:16100\n');
    const discovery = new HardwareHostsFileDiscovery(fakeContext());
    expect(await discovery.discover(fakeCycle(), join(dir, 'hosts.txt'))).toEqual(['snmp://127.0.0.1:16100']);
    await expect(discovery.discover({ ...fakeCycle(), cache: new MapCycleCache() })).rejects.toThrow(/needs a file/);
  });
});
