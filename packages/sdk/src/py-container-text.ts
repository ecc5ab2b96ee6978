/**
 * The container shapes Python's `repr()`/`str()` and `json.dumps()` share: `[a, b]` and
 * `{k: v, ...}` with `", "` separators, members skipped when `undefined`, the whole text looked up in
 * an optional {@link TextMemo} first. The formatters differ only in how keys and members are spelled.
 * Members are formatted by a function that takes the memo along, so no closure is made per container
 * (this runs for every dict of every record the file publisher writes).
 */
import type { PyValue } from './py-value.js';
import type { TextMemo } from './text-memo.js';

/** Formats one member (recursing with the same memo). */
export type MemberText = (value: PyValue, memo: TextMemo | undefined) => string;

/** `[m0, m1, ...]`, through `memo` when given. */
export function listText(items: readonly PyValue[], member: MemberText, memo: TextMemo | undefined): string {
  if (memo) {
    const known = memo.lookup(items);
    if (known !== undefined) return known;
  }
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ', ';
    out += member(items[i] as PyValue, memo);
  }
  out += ']';
  memo?.store(items, out);
  return out;
}

/** `{k0: v0, ...}` over own entries (undefined members skipped), through `memo` when given. */
export function dictText(
  dict: Readonly<Record<string, PyValue | undefined>>,
  key: (k: string) => string,
  member: MemberText,
  memo: TextMemo | undefined,
): string {
  if (memo) {
    const known = memo.lookup(dict);
    if (known !== undefined) return known;
  }
  // One concatenation over the keys: no [key, value] pair or parts array per member (hot path)
  let out = '{';
  let first = true;
  for (const k in dict) {
    if (!Object.hasOwn(dict, k)) continue;
    const v = dict[k];
    if (v === undefined) continue;
    if (!first) out += ', ';
    out += key(k);
    out += ': ';
    out += member(v, memo);
    first = false;
  }
  out += '}';
  memo?.store(dict, out);
  return out;
}
