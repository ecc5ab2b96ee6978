import { Coordinator } from '@ceilometer-ts/coordination';
import type { Logger } from '@ceilometer-ts/sdk';
import { startRedis, type RedisService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCoordinationDriver } from '../src/index.js';

interface Line {
  readonly level: string;
  readonly text: string;
}

function recordingLogger(lines: Line[]): Logger {
  const at =
    (level: string) =>
    (a: unknown, b?: unknown): void => {
      lines.push({ level, text: `${typeof a === 'string' ? a : String(b ?? '')} ${typeof a === 'object' ? JSON.stringify(a) : ''}` });
    };
  const logger: Logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'), child: () => logger };
  return logger;
}

const KEYS = Array.from({ length: 300 }, (_, i) => `resource-${i}`);
const TIMEOUT_MS = 2000;

describe('Coordinator over Redis, with Redis restarted under it', () => {
  let redis: RedisService;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    redis = await startRedis({ password: 's3cret' });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await redis.stop();
  });

  it('keeps the last membership during the outage, logs it once, rejoins after; no double ownership; no secret in logs', async () => {
    const lines: Line[] = [];
    const logger = recordingLogger(lines);
    const agents = ['agent-a', 'agent-b', 'agent-c'].map(
      (memberId) =>
        new Coordinator({
          driver: new RedisCoordinationDriver({ url: new URL(`${redis.url}?timeout=2`), memberId, membershipTimeoutMs: TIMEOUT_MS, logger }),
          memberId,
          logger,
          retryInitialMs: 100,
          retryMaxMs: 500,
        }),
    );
    const owners = (): number[] => KEYS.map((k) => agents.filter((a) => a.belongsToSelf('central-g', k)).length);
    try {
      for (const a of agents) {
        await a.start();
        await a.joinGroup('central-g');
      }
      for (const a of agents) await a.refresh();
      expect(owners().every((n) => n === 1)).toBe(true);
      const shares = agents.map((a) => a.extractMyItems('central-g', KEYS, (k) => k));

      await redis.down();
      for (let i = 0; i < 3; i += 1) for (const a of agents) await a.refresh();
      // last known membership: the same split as before the outage
      for (const [i, a] of agents.entries()) {
        expect(a.available).toBe(false);
        expect(a.extractMyItems('central-g', KEYS, (k) => k)).toEqual(shares[i]);
      }

      await redis.up();
      // Redis came back empty: each member puts itself back (on reconnection, or its next heartbeat)
      await expect
        .poll(
          async () => {
            for (const a of agents) await a.refresh();
            return agents.map((a) => `${a.available} ${a.members('central-g').join()}`);
          },
          { timeout: TIMEOUT_MS + 8000, interval: 200 },
        )
        .toEqual(Array(3).fill('true agent-a,agent-b,agent-c'));
      expect(owners().every((n) => n === 1)).toBe(true);

      const warnings = lines.filter((l) => l.level === 'warn');
      // one "unavailable" per coordinator, one "connection lost" per driver: not one per retry
      expect(warnings.filter((l) => l.text.includes('coordination backend unavailable'))).toHaveLength(3);
      expect(warnings.filter((l) => l.text.includes('connection lost'))).toHaveLength(3);
      expect(lines.filter((l) => l.level === 'info' && l.text.includes('available again'))).toHaveLength(3);
      expect(lines.some((l) => l.text.includes('s3cret'))).toBe(false);
      expect(unhandled).toEqual([]);
    } finally {
      for (const a of agents) await a.stop();
    }
  });

  it('a driver started while Redis is away rejects, and the coordinator joins once Redis is back', async () => {
    const logger = recordingLogger([]);
    await redis.down();
    const driver = new RedisCoordinationDriver({ url: new URL(redis.url), memberId: 'late', membershipTimeoutMs: TIMEOUT_MS, logger });
    const late = new Coordinator({ driver, memberId: 'late', logger, retryInitialMs: 100, retryMaxMs: 300 });
    try {
      await late.start();
      await late.joinGroup('g2');
      expect(late.members('g2')).toEqual([]);
      await redis.up();
      await expect.poll(() => late.members('g2'), { timeout: 5000 }).toEqual(['late']);
      expect(unhandled).toEqual([]);
    } finally {
      await late.stop();
    }
  });
});
