/**
 * The container shapes Python's `repr()`/`str()` and `json.dumps()` share: `[a, b]` and
 * `{k: v, ...}` with `", "` separators, members skipped when `undefined`, the whole text looked up in
 * an optional {@link TextMemo} first. The formatters differ only in how keys and members are spelled.
 */
import type { PyValue } from './py-value.js';
import type { TextMemo } from './text-memo.js';

/** `[m0, m1, ...]`, through `memo` when given. */
export function listText(items: readonly PyValue[], member: (v: PyValue) => string, memo: TextMemo | undefined): string {
  const format = (): string => {
    let out = '[';
    for (let i = 0; i < items.length; i++) out += i === 0 ? member(items[i] as PyValue) : `, ${member(items[i] as PyValue)}`;
    return `${out}]`;
  };
  return memo ? memo.text(items, format) : format();
}

/** `{k0: v0, ...}` over own entries (undefined members skipped), through `memo` when given. */
export function dictText(
  dict: Readonly<Record<string, PyValue | undefined>>,
  key: (k: string) => string,
  member: (v: PyValue) => string,
  memo: TextMemo | undefined,
): string {
  const format = (): string => {
    // One concatenation over the keys: no [key, value] pair or parts array per member (hot path)
    let out = '{';
    let first = true;
    for (const k of Object.keys(dict)) {
      const v = dict[k];
      if (v === undefined) continue;
      out += first ? `${key(k)}: ${member(v)}` : `, ${key(k)}: ${member(v)}`;
      first = false;
    }
    return `${out}}`;
  };
  return memo ? memo.text(dict, format) : format();
}
