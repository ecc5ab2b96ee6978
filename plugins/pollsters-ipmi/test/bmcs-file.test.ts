// [ipmi] bmcs_file: valid files, and every problem with file, line and field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLocatedYaml } from '@ceilometer-ts/located-yaml';
import { ConfigError } from '@ceilometer-ts/sdk';
import { IpmiBmcsDiscovery, loadBmcsFile, readBmcsFile, targetArgs } from '../src/index.js';
import { ipmiContext } from './helpers.js';

const read = (text: string) => readBmcsFile(parseLocatedYaml(text, '/etc/ceilometer/bmcs.yaml'), '/etc/ceilometer/bmcs.yaml');
const problems = (text: string): string[] => {
  try {
    read(text);
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split('\n');
    throw err;
  }
  return [];
};

describe('bmcs_file', () => {
  it('gives one target per BMC; a relative password_file is next to the file', () => {
    const targets = read(`bmcs:
  - {name: rack1-node07, address: 10.0.0.7, port: 623, username: ceilometer, password_file: /etc/ceilometer/ipmi/rack1-node07.pass, interface: lanplus, cipher_suite: 3}
  - name: rack1-node08
    address: 10.0.0.8
    username: ceilometer
    password_env: RACK1_PASS
    interface: lan
  - {name: rack1-node09, address: 10.0.0.9, username: admin, password_file: ipmi/node09.pass}
`);
    expect(targets).toEqual([
      { node: 'rack1-node07', remote: { address: '10.0.0.7', port: 623, username: 'ceilometer', passwordFile: '/etc/ceilometer/ipmi/rack1-node07.pass', interface: 'lanplus', cipherSuite: 3 } },
      { node: 'rack1-node08', remote: { address: '10.0.0.8', username: 'ceilometer', passwordEnv: 'RACK1_PASS', interface: 'lan' } },
      { node: 'rack1-node09', remote: { address: '10.0.0.9', username: 'admin', passwordFile: '/etc/ceilometer/ipmi/node09.pass' } },
    ]);
    expect(targetArgs(targets[0]!)).toEqual(['-I', 'lanplus', '-H', '10.0.0.7', '-p', '623', '-U', 'ceilometer', '-C', '3', '-N', '1', '-R', '2', '-f', '/etc/ceilometer/ipmi/rack1-node07.pass']);
    expect(targetArgs(targets[1]!)).toEqual(['-I', 'lan', '-H', '10.0.0.8', '-U', 'ceilometer', '-N', '1', '-R', '2', '-E']);
    expect(targetArgs({ node: 'local' })).toEqual([]);
  });

  it('names file, line and field of every problem, with did-you-mean for unknown keys', () => {
    expect(problems(`bmcs:
  - name: a
    adress: 10.0.0.1
    username: u
    password_file: /p
    password_env: P
  - name: b
    address: 10.0.0.2
    username: u
    port: 70000
    interface: lanplusplus
  - {name: a, address: 10.0.0.3, username: u, password_env: 'not a var', cipher_suite: x}
  - just a string
bmc: []
`)).toEqual([
      '/etc/ceilometer/bmcs.yaml:14: bmc: unknown key bmc; did you mean bmcs?',
      '/etc/ceilometer/bmcs.yaml:3: bmcs[0].adress: unknown key adress; did you mean address?',
      '/etc/ceilometer/bmcs.yaml:2: bmcs[0]: address is required',
      '/etc/ceilometer/bmcs.yaml:6: bmcs[0].password_env: give either password_file or password_env, not both',
      '/etc/ceilometer/bmcs.yaml:10: bmcs[1].port: port must be an integer from 1 to 65535',
      '/etc/ceilometer/bmcs.yaml:11: bmcs[1].interface: interface must be lanplus or lan, not "lanplusplus"',
      '/etc/ceilometer/bmcs.yaml:7: bmcs[1]: password_file or password_env is required (the password is never written in this file)',
      '/etc/ceilometer/bmcs.yaml:12: bmcs[2].cipher_suite: cipher_suite must be an integer from 0 to 255',
      '/etc/ceilometer/bmcs.yaml:12: bmcs[2].password_env: password_env must be the name of an environment variable',
      '/etc/ceilometer/bmcs.yaml:13: bmcs[3]: must be a mapping with name, address, username and password_file or password_env',
    ]);
    expect(problems('- a\n')).toEqual(['/etc/ceilometer/bmcs.yaml:1: (root): must be a mapping with a bmcs list']);
    expect(problems('bmcs:\n  - {name: a, address: x, username: u, password_env: P}\n  - {name: a, address: y, username: u, password_env: P}\n'))
      .toEqual(['/etc/ceilometer/bmcs.yaml:3: bmcs[1].name: duplicate name a (also bmcs[0])']);
  });

  it('an unreadable file is a ConfigError naming it; the ipmi_bmcs discovery reads it every time', async () => {
    await expect(loadBmcsFile('/nonexistent/bmcs.yaml')).rejects.toThrow('/nonexistent/bmcs.yaml:?: (file): file not found');
    const dir = mkdtempSync(join(tmpdir(), 'bmcs-'));
    const file = join(dir, 'bmcs.yaml');
    writeFileSync(file, 'bmcs:\n  - {name: n1, address: 10.0.0.1, username: u, password_env: P}\n');
    const discovery = new IpmiBmcsDiscovery(ipmiContext({ 'ipmi.bmcs_file': file }));
    expect(discovery.groupId).toBe('ipmi_bmcs');
    expect((await discovery.discover()).map((t) => t.node)).toEqual(['n1']);
    writeFileSync(file, 'bmcs:\n  - {name: n2, address: 10.0.0.2, username: u, password_env: P}\n');
    expect((await discovery.discover()).map((t) => t.node)).toEqual(['n2']);
    await expect(new IpmiBmcsDiscovery(ipmiContext()).discover()).rejects.toThrow('[ipmi] bmcs_file is not set');
  });
});
