/**
 * Acks of one event-loop turn go out as one `multiple` ack for the settled run at the head, one
 * each behind a message still in processing (never covering it), rejections at once.
 */
import type { Message } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { AckCoalescer, type AckChannel } from '../src/ack-coalescer.js';

const message = (tag: number): Message => ({ fields: { deliveryTag: tag }, properties: {}, content: Buffer.alloc(0) }) as unknown as Message;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function recordingChannel(): { channel: AckChannel; frames: string[] } {
  const frames: string[] = [];
  return {
    frames,
    channel: {
      ack: (m, allUpTo) => frames.push(`ack ${m.fields.deliveryTag}${allUpTo ? ' multiple' : ''}`),
      nack: (m, allUpTo, requeue) => frames.push(`nack ${m.fields.deliveryTag}${allUpTo ? ' multiple' : ''}${requeue ? ' requeue' : ''}`),
    },
  };
}

describe('AckCoalescer', () => {
  it('sends the acks of one turn as one multiple ack', async () => {
    const { channel, frames } = recordingChannel();
    const acks = new AckCoalescer(channel, (e) => { throw e; });
    const ms = [1, 2, 3, 4].map(message);
    ms.forEach((m) => acks.delivered(m));
    ms.forEach((m) => acks.ack(m));
    expect(frames).toEqual([]);
    await turn();
    expect(frames).toEqual(['ack 4 multiple']);
  });

  it('never covers a message still in processing: those behind it are acked one by one', async () => {
    const { channel, frames } = recordingChannel();
    const acks = new AckCoalescer(channel, (e) => { throw e; });
    const ms = [1, 2, 3, 4, 5].map(message);
    ms.forEach((m) => acks.delivered(m));
    acks.ack(ms[0]!);
    acks.ack(ms[1]!);
    acks.ack(ms[3]!);
    acks.ack(ms[4]!);
    await turn();
    expect(frames).toEqual(['ack 2 multiple', 'ack 4', 'ack 5']);
    acks.ack(ms[2]!);
    await turn();
    expect(frames.slice(3)).toEqual(['ack 3']);
    acks.delivered(message(6));
    acks.ack(message(6));
    await turn();
    expect(frames.slice(4)).toEqual(['ack 6']);
  });

  it('rejects at once, after the acks pending before it, and a later multiple ack passes over it', async () => {
    const { channel, frames } = recordingChannel();
    const acks = new AckCoalescer(channel, (e) => { throw e; });
    const ms = [1, 2, 3, 4].map(message);
    ms.forEach((m) => acks.delivered(m));
    acks.ack(ms[0]!);
    acks.nack(ms[1]!, true);
    acks.ack(ms[2]!);
    acks.ack(ms[3]!);
    expect(frames).toEqual(['ack 1', 'nack 2 requeue']);
    await turn();
    expect(frames).toEqual(['ack 1', 'nack 2 requeue', 'ack 4 multiple']);
  });

  it('flush() sends at once; a channel failure goes to onError', async () => {
    const errors: unknown[] = [];
    const acks = new AckCoalescer({ ack: () => { throw new Error('channel closed'); }, nack: () => undefined }, (e) => errors.push(e));
    acks.delivered(message(1));
    acks.ack(message(1));
    acks.flush();
    expect(errors).toHaveLength(1);
    await turn();
    expect(errors).toHaveLength(1);
  });
});
