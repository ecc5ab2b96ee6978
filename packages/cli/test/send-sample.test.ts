import { describe, expect, it } from 'vitest';
import { parseSampleMetadata, sampleFromOptions, sendSampleProgram } from '../src/commands/send-sample.js';
import { agentNotificationProgram } from '../src/commands/agent-notification.js';

describe('ceilometer-send-sample options', () => {
  it('reads metadata as JSON or as a Python dict literal, never evaluating it', () => {
    expect(parseSampleMetadata('{"a": 1, "b": [true, null]}')).toEqual({ a: 1, b: [true, null] });
    expect(parseSampleMetadata("{'name': 'vm1', 'ok': True, 'gone': None, 'n': 2, 'q': 'it\\'s',}")).toEqual({ name: 'vm1', ok: true, gone: null, n: 2, q: "it's" });
    expect(() => parseSampleMetadata('__import__("os").system("true")')).toThrow('expected a JSON object or a Python dict literal');
    expect(() => parseSampleMetadata('[1, 2]')).toThrow('expected an object');
  });

  it('makes the sample with upstream defaults', () => {
    const s = sampleFromOptions({ sampleName: 'my.meter', sampleType: 'gauge', sampleVolume: 1, sampleResource: 'res-1', sampleTimestamp: '2024-05-01T12:00:00' });
    expect(s).toMatchObject({ name: 'my.meter', type: 'gauge', unit: '', volume: 1, resource_id: 'res-1', user_id: null, project_id: null, timestamp: '2024-05-01T12:00:00', resource_metadata: {}, source: 'openstack' });
    expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('parses upstream flags, short and long, and refuses a bad type or volume', async () => {
    const seen: unknown[] = [];
    const program = sendSampleProgram().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    program.action((opts: unknown) => {
      seen.push(opts);
    });
    await program.parseAsync(['node', 'x', '-n', 'm', '-r', 'r1', '-y', 'delta', '-l', '2.5', '-U', 'B', '-u', 'u1', '-p', 'p1', '-m', "{'k': 'v'}"]);
    expect(seen[0]).toMatchObject({ sampleName: 'm', sampleResource: 'r1', sampleType: 'delta', sampleVolume: 2.5, sampleUnit: 'B', sampleUser: 'u1', sampleProject: 'p1', sampleMetadata: { k: 'v' }, via: 'notifier' });
    await expect(sendSampleProgram().exitOverride().configureOutput({ writeErr: () => {} }).parseAsync(['node', 'x', '-n', 'm', '-r', 'r', '-y', 'counter'])).rejects.toThrow(/Allowed choices are gauge, delta, cumulative/);
    await expect(sendSampleProgram().exitOverride().configureOutput({ writeErr: () => {} }).parseAsync(['node', 'x', '-n', 'm', '-r', 'r', '-l', 'lots'])).rejects.toThrow(/expected a number/);
  });
});

describe('--help', () => {
  it('ceilometer-agent-notification explains what it consumes, the options and the signals', () => {
    const help = agentNotificationProgram().helpInformation();
    for (const text of ['--config-file', '--config-dir', '--debug', 'messaging_urls', 'batch_size', 'SIGHUP', 'SIGTERM', 'telemetry.polling']) expect(help).toContain(text);
  });

  it('ceilometer-send-sample lists upstream flags', () => {
    const help = sendSampleProgram().helpInformation();
    for (const flag of ['--sample-name', '--sample-type', '--sample-unit', '--sample-volume', '--sample-resource', '--sample-user', '--sample-project', '--sample-timestamp', '--sample-metadata', '--via']) expect(help).toContain(flag);
  });
});
