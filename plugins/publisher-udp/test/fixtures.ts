import { readFileSync } from 'node:fs';

/** Golden bytes written by make-golden.py with upstream Ceilometer and msgpack-python. */
export const golden = JSON.parse(readFileSync(new URL('./fixtures/golden.json', import.meta.url), 'utf8')) as { udp: string[]; udp_unsigned: string[]; tcp_stream: string };

/** The samples make-golden.py builds. */
export { msgpackSamples as samples } from '@ceilometer-ts/publisher-common/testing';
