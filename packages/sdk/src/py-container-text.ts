/**
 * The container shapes Python's `repr()`/`str()` and `json.dumps()` share: `[a, b]` and
 * `{k: v, ...}` with `", "` separators, members skipped when `undefined`, the whole text looked up in
 * an optional {@link TextMemo} first. The formatters differ only in how keys and members are spelled.
 */
import type { PyValue } from './py-value.js';
import type { TextMemo } from './text-memo.js';

/** `[m0, m1, ...]`, through `memo` when given. */
export function listText(items: readonly PyValue[], member: (v: PyValue) => string, memo: TextMemo | undefined): string {
  const format = (): string => `[${items.map((v) => member(v)).join(', ')}]`;
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
    const parts: string[] = [];
    for (const [k, v] of Object.entries(dict)) {
      if (v !== undefined) parts.push(`${key(k)}: ${member(v)}`);
    }
    return `{${parts.join(', ')}}`;
  };
  return memo ? memo.text(dict, format) : format();
}
