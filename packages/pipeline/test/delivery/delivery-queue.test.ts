import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_SETTINGS, DeliveryQueue, DeliveryRefusedError, splitDeliveryParameters, type DeliverySettings } from '../../src/index.js';
import { recordingLogger } from '../helpers/fakes.js';

const FAST: DeliverySettings = { ...DEFAULT_DELIVERY_SETTINGS, acceptTimeoutMs: 200, backoff: { initialMs: 20, maxMs: 40, multiplier: 2 }, reportIntervalMs: 100_000 };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A publisher that records batches and fails while `down` (or hangs while `hung`). */
class Target {
  readonly got: number[] = [];
  calls = 0;
  down = false;
  hung = false;
  async send(items: readonly number[]): Promise<void> {
    this.calls += 1;
    if (this.hung) return new Promise(() => {});
    if (this.down) throw Object.assign(new Error('connection refused'), { kind: 'refused' });
    this.got.push(...items);
  }
}

function queue(settings: Partial<DeliverySettings> = {}, target = new Target(), logger = recordingLogger()) {
  const q = new DeliveryQueue<number>({ publisher: 'http://collector/', sink: 'a', settings: { ...FAST, ...settings }, send: (i) => target.send(i), logger, itemName: 'samples' });
  return { q, target, logger };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('DeliveryQueue', () => {
  it('says once, when an outage\'s held batches are all out, how many items it replayed and dropped', async () => {
    const { q, target, logger } = queue({ queueLength: 2 });
    await q.submit([1]);
    target.down = true;
    await q.submit([2, 3]);
    await q.submit([4]);
    await q.submit([5, 6, 7]); // the queue holds 2 batches: the oldest waiting one ([2, 3] or [4]) is dropped
    expect(logger.lines.filter((l) => l.includes('caught up'))).toEqual([]);
    target.down = false;
    await until(() => logger.lines.some((l) => l.includes('caught up')));
    const lines = logger.lines.filter((l) => l.includes('caught up'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn: publisher http:\/\/collector\/ \(sink a\) caught up after [\d.]+ s: replayed \d+ samples held during the outage; [12] dropped$/);
    const { delivered, dropped } = q.stats();
    expect(delivered + dropped).toBe(7);
    expect(lines[0]).toContain(`replayed ${delivered - 1} samples`);
    // no outage, no line
    await q.submit([8]);
    expect(logger.lines.filter((l) => l.includes('caught up'))).toHaveLength(1);
    await q.close(1000);
  });

  it('calls a healthy publisher directly and resolves once it published', async () => {
    const { q, target } = queue();
    await q.submit([1, 2]);
    expect(target.got).toEqual([1, 2]);
    expect(q.stats()).toMatchObject({ queuedBatches: 0, delivered: 2, dropped: 0, failing: false });
  });

  // issue 8/9: a batch the publisher rejects for its content must not block every later batch of
  // that publisher until delivery_retry_timeout (10 minutes by default)
  it('drop: a batch the publisher keeps rejecting while it takes the batches behind it is dropped as poison, the rest delivered in order', async () => {
    const target = new Target();
    const send = target.send.bind(target);
    target.send = async (items) => {
      if (items.includes(666)) {
        target.calls += 1;
        throw new Error('HTTP status 400');
      }
      return send(items);
    };
    const { q, logger } = queue({}, target);
    await q.submit([1]);
    await q.submit([666]);
    await q.submit([2]);
    await q.submit([3]);
    await until(() => target.got.length === 3);
    expect(target.got).toEqual([1, 2, 3]);
    expect(q.stats()).toMatchObject({ queuedBatches: 0, delivered: 3, dropped: 1, droppedBatches: 1 });
    expect(logger.lines.filter((l) => l.includes('rejects what it was sent while it takes the rest'))).toHaveLength(1);
    await q.close(100);
  });

  it('drop: a poison batch is split until the rejected item is alone; the good items it shared a batch with are delivered once', async () => {
    const target = new Target();
    const send = target.send.bind(target);
    target.send = async (items) => {
      if (items.includes(666)) {
        target.calls += 1;
        throw new Error('cannot encode sample 666');
      }
      return send(items);
    };
    const { q } = queue({}, target);
    await q.submit([1, 2]);
    await q.submit([3, 4, 666, 5, 6, 7]);
    await q.submit([8]);
    await q.submit([9]);
    await until(() => target.got.length === 9);
    expect([...target.got].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(q.stats()).toMatchObject({ queuedBatches: 0, delivered: 9, dropped: 1 });
    await q.close(100);
  });

  it('drop: a publisher failing without a failure kind (an outage it does not classify) loses nothing: probes fail too', async () => {
    const target = new Target();
    const send = target.send.bind(target);
    target.send = async (items) => {
      if (target.down) {
        target.calls += 1;
        throw new Error('peer away');
      }
      return send(items);
    };
    const { q } = queue({}, target);
    target.down = true;
    for (const n of [1, 2, 3]) await q.submit([n]);
    await sleep(300); // several failed attempts of the head and of the probe behind it
    expect(q.stats()).toMatchObject({ queuedBatches: 3, dropped: 0 });
    target.down = false;
    await until(() => target.got.length === 3);
    // every batch arrives; the one probe that found the peer back may arrive before the head
    expect([...target.got].sort()).toEqual([1, 2, 3]);
    await q.close(100);
  });

  it('accepts a failed batch into the queue and delivers it, in order, once the publisher recovers', async () => {
    const { q, target, logger } = queue();
    target.down = true;
    await q.submit([1]); // resolves: accepted
    await q.submit([2]);
    await q.submit([3]);
    expect(q.stats()).toMatchObject({ queuedBatches: 3, queuedItems: 3, failing: true });
    await sleep(100);
    target.down = false;
    await until(() => target.got.length === 3);
    expect(target.got).toEqual([1, 2, 3]);
    expect(q.stats()).toMatchObject({ queuedBatches: 0, delivered: 3, dropped: 0 });
    // one warning for the outage, one line for the recovery: not one per attempt
    expect(logger.lines.filter((l) => l.startsWith('warn'))).toHaveLength(1);
    expect(logger.lines.filter((l) => l.includes('recovered'))).toHaveLength(1);
    await q.close(100);
  });

  it('backs off exponentially while the publisher is down instead of spinning', async () => {
    const { q, target } = queue({ backoff: { initialMs: 50, maxMs: 200, multiplier: 2 } });
    target.down = true;
    await q.submit([1]);
    await sleep(700);
    // 50 + 100 + 200 + 200 + ... : 4 to 6 attempts in 0.7 s
    expect(target.calls).toBeGreaterThanOrEqual(4);
    expect(target.calls).toBeLessThanOrEqual(7);
    await q.close(0);
  });

  it('drop: a full queue drops its oldest batch, counted', async () => {
    const { q, target } = queue({ queueLength: 3 });
    target.down = true;
    for (let i = 1; i <= 5; i++) await q.submit([i, i]);
    expect(q.stats()).toMatchObject({ queuedBatches: 3, dropped: 4, droppedBatches: 2 });
    target.down = false;
    await until(() => q.stats().queuedBatches === 0);
    // batches 1 and 2 were the oldest waiting when 4 and 5 came
    expect(target.got).toEqual([3, 3, 4, 4, 5, 5]);
    await q.close(0);
  });

  it('drop: gives up a batch after the retry timeout, counted', async () => {
    const { q, target } = queue({ retryTimeoutMs: 80 });
    target.down = true;
    await q.submit([1, 2, 3]);
    await until(() => q.stats().dropped === 3, 2000);
    expect(q.stats()).toMatchObject({ queuedBatches: 0, dropped: 3, droppedBatches: 1 });
    target.down = false;
    await q.submit([4]);
    await until(() => target.got.length === 1);
    expect(target.got).toEqual([4]);
    await q.close(0);
  });

  it('hold: a full queue makes the publish call wait until there is room, and never drops', async () => {
    const { q, target } = queue({ policy: 'hold', queueLength: 2, retryTimeoutMs: 10 });
    target.down = true;
    await q.submit([1]);
    await q.submit([2]);
    let accepted = false;
    const third = q.submit([3]).then(() => {
      accepted = true;
    });
    await sleep(150);
    expect(accepted).toBe(false);
    expect(q.stats()).toMatchObject({ queuedBatches: 2, waitingCalls: 1, dropped: 0 });
    target.down = false;
    await third;
    await until(() => target.got.length === 3);
    expect(target.got).toEqual([1, 2, 3]);
    await q.close(0);
  });

  it('hold: refuses the waiting calls when stopping', async () => {
    const { q, target } = queue({ policy: 'hold', queueLength: 1 });
    target.down = true;
    await q.submit([1]);
    const waiting = q.submit([2]);
    q.refuseWaiting();
    await expect(waiting).rejects.toBeInstanceOf(DeliveryRefusedError);
    await expect(q.submit([3])).rejects.toBeInstanceOf(DeliveryRefusedError);
    expect(await q.close(0)).toEqual({ flushed: 0, dropped: 1 });
  });

  it('does not wait on a hung publisher longer than the accept timeout; later batches queue behind it', async () => {
    const { q, target } = queue({ acceptTimeoutMs: 50 });
    target.hung = true;
    const started = Date.now();
    await q.submit([1]);
    await q.submit([2]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(q.stats()).toMatchObject({ queuedBatches: 2, queuedItems: 2 });
    // close is bounded even though the publisher never answers
    const closeStarted = Date.now();
    expect(await q.close(200)).toEqual({ flushed: 0, dropped: 2 });
    expect(Date.now() - closeStarted).toBeLessThan(1000);
  });

  it('flushes what it holds on close and logs the counts once', async () => {
    const { q, target, logger } = queue({ backoff: { initialMs: 10_000, maxMs: 10_000, multiplier: 2 } });
    target.down = true;
    await q.submit([1]);
    await q.submit([2, 3]);
    target.down = false;
    // the next retry is 10 s away; close retries at once
    expect(await q.close(2000)).toEqual({ flushed: 3, dropped: 0 });
    expect(target.got).toEqual([1, 2, 3]);
    expect(logger.lines.filter((l) => l.includes('closed'))).toEqual(['info: publisher http://collector/ (sink a) closed: 3 samples flushed, 0 dropped (0 dropped since start)']);
    await expect(q.submit([4])).rejects.toBeInstanceOf(DeliveryRefusedError);
  });

  it('reports a failing queue once per interval with counts, not once per batch, and goes quiet after', async () => {
    const { q, target, logger } = queue({ queueLength: 2, reportIntervalMs: 150 });
    target.down = true;
    for (let i = 0; i < 50; i++) await q.submit([i]);
    await sleep(400);
    const reports = logger.lines.filter((l) => l.includes('held of'));
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(reports.length).toBeLessThanOrEqual(3);
    expect(reports[0]).toContain('2 batch(es) (2 samples) held of 2');
    expect(reports[0]).toContain('48 samples dropped in the last 0s');
    target.down = false;
    await until(() => q.stats().queuedBatches === 0);
    await sleep(400);
    const after = logger.lines.filter((l) => l.includes('held of')).length;
    await sleep(400);
    expect(logger.lines.filter((l) => l.includes('held of')).length).toBe(after);
    await q.close(0);
  });
});

describe('splitDeliveryParameters', () => {
  it('takes the delivery_* parameters out of the URL and applies them', () => {
    const { url, settings } = splitDeliveryParameters('http://u:p@host:8080/path?timeout=1&delivery_policy=block&delivery_queue_length=10&verify_ssl=false&delivery_retry_timeout=2.5#frag', DEFAULT_DELIVERY_SETTINGS);
    expect(url).toBe('http://u:p@host:8080/path?timeout=1&verify_ssl=false#frag');
    expect(settings).toMatchObject({ policy: 'hold', queueLength: 10, retryTimeoutMs: 2500, acceptTimeoutMs: DEFAULT_DELIVERY_SETTINGS.acceptTimeoutMs });
  });

  it('leaves other URLs as they are and rejects unusable values', () => {
    expect(splitDeliveryParameters('file:///tmp/x?max_bytes=10', DEFAULT_DELIVERY_SETTINGS).url).toBe('file:///tmp/x?max_bytes=10');
    expect(splitDeliveryParameters('tcp://h:1?delivery_accept_timeout=0', DEFAULT_DELIVERY_SETTINGS)).toMatchObject({ url: 'tcp://h:1', settings: { acceptTimeoutMs: 0 } });
    expect(() => splitDeliveryParameters('tcp://h:1?delivery_policy=maybe', DEFAULT_DELIVERY_SETTINGS)).toThrow(/drop or hold/);
    expect(() => splitDeliveryParameters('tcp://h:1?delivery_queue_length=0', DEFAULT_DELIVERY_SETTINGS)).toThrow(/>= 1/);
  });
});
