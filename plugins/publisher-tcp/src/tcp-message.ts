/**
 * The meter message upstream's TCP publisher sends (it exists only in Ceilometer after 19.0):
 * master's `meter_message_from_counter(sample, secret, conf.host)`, which adds `user_name`,
 * `project_name` (null here: our samples carry no names) and `publisher_id` to 19.0's fields,
 * and its framing, an 8-byte little-endian length before each msgpack message.
 */
import { computeSignature, type PyDict, type Sample } from '@ceilometer-ts/sdk';
import { packPy } from '@ceilometer-ts/publisher-common';

/** The signed message, keys in master's order. */
export function tcpMeterMessage(sample: Sample, secret: string, publisherId: string): PyDict {
  const unsigned: Record<string, PyDict[string]> = {
    source: sample.source,
    counter_name: sample.name,
    counter_type: sample.type,
    counter_unit: sample.unit,
    counter_volume: sample.volume,
    user_id: sample.user_id,
    user_name: null,
    project_id: sample.project_id,
    project_name: null,
    resource_id: sample.resource_id,
    timestamp: sample.timestamp,
    resource_metadata: sample.resource_metadata,
    message_id: sample.id,
    monotonic_time: sample.monotonic_time,
    publisher_id: publisherId,
  };
  return { ...unsigned, message_signature: computeSignature(unsigned, secret) };
}

/** One frame: `len(body).to_bytes(8, 'little') + body`. */
export function frame(body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(body.length));
  return Buffer.concat([head, body]);
}

/** The frames of `samples`, concatenated. */
export function encodeFrames(samples: readonly Sample[], secret: string, publisherId: string): Buffer {
  return Buffer.concat(samples.map((s) => frame(packPy(tcpMeterMessage(s, secret, publisherId)))));
}

/** Splits a byte stream back into frame bodies (for collectors and tests). */
export class FrameReader {
  #pending: Buffer = Buffer.alloc(0);

  /** Adds received bytes; returns the bodies completed by them. */
  push(chunk: Uint8Array): Buffer[] {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : Buffer.from(chunk);
    const out: Buffer[] = [];
    while (this.#pending.length >= 8) {
      const size = this.#pending.readBigUInt64LE(0);
      if (size > BigInt(this.#pending.length - 8)) break;
      const end = 8 + Number(size);
      out.push(this.#pending.subarray(8, end));
      this.#pending = this.#pending.subarray(end);
    }
    return out;
  }

  /** Bytes of an incomplete frame still held. */
  get buffered(): number {
    return this.#pending.length;
  }
}
