import { describe, expect, it } from 'vitest';
import { defaultPollingSettings, parsePollingConfig, PollingAgent } from '../src/index.js';
import { FakePollster, recordingLogger, RecordingSink } from './helpers/fakes.js';

describe('polling.yaml with sources: [] (accepted, as upstream)', () => {
  it('loads with one warning naming the file', () => {
    const config = parsePollingConfig('---\nsources: []\n', '/etc/ceilometer/polling.yaml');
    expect(config.sources).toEqual([]);
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toMatchObject({ file: '/etc/ceilometer/polling.yaml', line: 2, path: 'sources' });
    expect(config.warnings[0]!.message).toMatch(/^no sources: nothing will be polled/);
  });

  it('makes an agent that starts, logs exactly one warning, keeps running and stops', async () => {
    const logger = recordingLogger();
    const agent = new PollingAgent({
      settings: defaultPollingSettings(),
      config: parsePollingConfig('sources: []\n', 'polling.yaml'),
      pollsters: [{ name: 'cpu', pollster: new FakePollster('cpu') }],
      discoveries: [],
      sink: new RecordingSink(),
      logger,
    });
    agent.start();
    expect(agent.running).toBe(true);
    expect(logger.lines.filter((l) => l.startsWith('warn:'))).toEqual([
      'warn: polling.yaml:1: sources: no sources: nothing will be polled (the agent keeps running; add sources and send SIGHUP to reload)',
    ]);
    expect(await agent.stop(1000)).toBe(true);
  });
});
