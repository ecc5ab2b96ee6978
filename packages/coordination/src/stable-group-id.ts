import { createHash } from 'node:crypto';

/**
 * A group id for a set of strings (a source's static resources), the same in every process and for
 * every order or repetition of the parts: the first 32 hex digits of the sha256 of the sorted,
 * distinct parts. Upstream uses `str(hash(frozenset(resources)))`, which Python randomises per
 * process, so two agents put the same resources in different groups and each polls all of them.
 */
export function stableGroupId(parts: Iterable<string>): string {
  const sorted = [...new Set(parts)].sort();
  const hash = createHash('sha256');
  for (const part of sorted) {
    // a length prefix keeps ['a,b'] and ['a', 'b'] apart
    hash.update(`${Buffer.byteLength(part, 'utf8')}:`).update(part, 'utf8');
  }
  return hash.digest('hex').slice(0, 32);
}
