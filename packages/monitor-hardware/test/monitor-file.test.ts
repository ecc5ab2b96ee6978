import { describe, expect, it } from 'vitest';
import { ConfigError } from '@ceilometer-ts/sdk';
import { ALLOW_ALL, loadMonitorSections, parseMonitorSections } from '../src/index.js';

describe('monitor_hardware.yaml sections', () => {
  it('reads host: and instance: apart', () => {
    const { host, instance } = parseMonitorSections('host:\n  disk_name: [/dev/sda]\n  network_interface_name: [ens192]\ninstance:\n  disk_name: [vda]\n  network_interface_name: [tap1]\n', 'm.yaml');
    expect([host.disk('sda'), host.disk('vda'), host.networkInterface('ens192'), host.networkInterface('tap1')]).toEqual([true, false, true, false]);
    expect([instance.disk('vda'), instance.disk('/dev/vda'), instance.disk('sda'), instance.networkInterface('tap1'), instance.networkInterface('tap0')]).toEqual([true, true, false, true, false]);
  });

  it("the seed deployment's empty instance: lists, a missing section and a missing file mean everything", async () => {
    expect(parseMonitorSections('host:\n  disk_name: [/dev/sda]\ninstance:\n  disk_name: []\n  network_interface_name: []\n', 'm.yaml').instance).toBe(ALLOW_ALL);
    expect(parseMonitorSections('host:\n  disk_name: [/dev/sda]\n', 'm.yaml').instance).toBe(ALLOW_ALL);
    expect((await loadMonitorSections('/nonexistent/monitor_hardware.yaml')).instance).toBe(ALLOW_ALL);
  });

  it('names every problem of the instance: section with its line', () => {
    const error = (() => {
      try {
        parseMonitorSections('instance:\n  disk_name: vda\n  nics: [tap0]\n', 'm.yaml');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatchInlineSnapshot(`
      "m.yaml:2: instance.disk_name: expected a list of names, got "vda"
      m.yaml:3: instance.nics: unknown key "nics" (expected disk_name, network_interface_name)"
    `);
  });

  it('says which key a misspelt one meant', () => {
    expect(() => parseMonitorSections('host:\n  disk_names: [vda]\n', 'm.yaml')).toThrow(
      'm.yaml:2: host.disk_names: unknown key "disk_names" (expected disk_name, network_interface_name); did you mean disk_name?',
    );
  });
});
