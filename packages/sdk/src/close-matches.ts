/**
 * "Did you mean ...?" suggestions, computed as Python's `difflib.get_close_matches` computes them
 * (what users of Python's argparse and oslo tools see): `SequenceMatcher.ratio()` of each candidate
 * against the word, candidates below the cutoff dropped, best first.
 *
 * Used for unknown ceilometer.conf sections and options, YAML keys, publisher schemes, transformer
 * names, namespaces and command-line values; plugins use it for their own parameters.
 */

/** Options of {@link closeMatches}. */
export interface CloseMatchesOptions {
  /** Most suggestions returned (difflib's `n`, default 3). */
  readonly n?: number;
  /** Least similarity, 0 to 1 (difflib's `cutoff`, default 0.6). */
  readonly cutoff?: number;
}

/** Where each character of `b` occurs, without the popular ones of a long `b` (difflib's autojunk). */
function indexOf(b: string): Map<string, number[]> {
  const b2j = new Map<string, number[]>();
  for (let j = 0; j < b.length; j += 1) {
    const ch = b[j] as string;
    const list = b2j.get(ch);
    if (list) list.push(j);
    else b2j.set(ch, [j]);
  }
  if (b.length >= 200) {
    const limit = Math.floor(b.length / 100) + 1;
    for (const [ch, list] of b2j) if (list.length > limit) b2j.delete(ch);
  }
  return b2j;
}

/** The longest common block of `a[alo:ahi]` and `b[blo:bhi]` (difflib's `find_longest_match`, no junk function). */
function longestMatch(a: string, b: string, b2j: Map<string, number[]>, alo: number, ahi: number, blo: number, bhi: number): [number, number, number] {
  let besti = alo;
  let bestj = blo;
  let bestsize = 0;
  let j2len = new Map<number, number>();
  for (let i = alo; i < ahi; i += 1) {
    const next = new Map<number, number>();
    for (const j of b2j.get(a[i] as string) ?? []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j2len.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > bestsize) {
        besti = i - k + 1;
        bestj = j - k + 1;
        bestsize = k;
      }
    }
    j2len = next;
  }
  // popular characters of a long b were left out of b2j; a match still extends over them
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
    besti -= 1;
    bestj -= 1;
    bestsize += 1;
  }
  while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize += 1;
  return [besti, bestj, bestsize];
}

/** Characters in matching blocks of `a` and `b` (the sum of `get_matching_blocks()` sizes). */
function matchingCharacters(a: string, b: string): number {
  const b2j = indexOf(b);
  let total = 0;
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  for (let range = queue.pop(); range; range = queue.pop()) {
    const [alo, ahi, blo, bhi] = range;
    const [i, j, k] = longestMatch(a, b, b2j, alo, ahi, blo, bhi);
    if (k === 0) continue;
    total += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return total;
}

/** Upper bound of the ratio from character counts alone (difflib's `quick_ratio`). */
function quickRatio(a: string, b: string): number {
  const avail = new Map<string, number>();
  for (const ch of b) avail.set(ch, (avail.get(ch) ?? 0) + 1);
  let matches = 0;
  for (const ch of a) {
    const left = avail.get(ch) ?? 0;
    if (left > 0) matches += 1;
    avail.set(ch, left - 1);
  }
  return ratioOf(matches, a.length + b.length);
}

function ratioOf(matches: number, length: number): number {
  return length === 0 ? 1 : (2 * matches) / length;
}

/**
 * Similarity of two strings from 0 to 1, as `difflib.SequenceMatcher(None, a, b).ratio()`.
 * Counts UTF-16 code units (Python counts code points; they differ only outside the BMP).
 */
export function similarity(a: string, b: string): number {
  return ratioOf(matchingCharacters(a, b), a.length + b.length);
}

/**
 * The candidates close enough to `word`, best first, at most `n`: Python's
 * `difflib.get_close_matches(word, possibilities, n, cutoff)`, ties in the same order
 * (equal scores: the greater string first).
 *
 * @example closeMatches('cfg_fil', ['cfg_file', 'batch_size']) // ['cfg_file']
 */
export function closeMatches(word: string, possibilities: Iterable<string>, options: CloseMatchesOptions = {}): string[] {
  const n = options.n ?? 3;
  const cutoff = options.cutoff ?? 0.6;
  if (!(n > 0)) throw new RangeError(`n must be > 0: ${n}`);
  if (!(cutoff >= 0 && cutoff <= 1)) throw new RangeError(`cutoff must be in [0.0, 1.0]: ${cutoff}`);
  const scored: [number, string][] = [];
  for (const x of new Set(possibilities)) {
    const total = x.length + word.length;
    if (ratioOf(Math.min(x.length, word.length), total) < cutoff) continue;
    if (quickRatio(x, word) < cutoff) continue;
    const score = similarity(x, word);
    if (score >= cutoff) scored.push([score, x]);
  }
  scored.sort(([sa, xa], [sb, xb]) => sb - sa || (xa < xb ? 1 : xa > xb ? -1 : 0));
  return scored.slice(0, n).map(([, x]) => x);
}

/**
 * `; did you mean X?` (or `; did you mean X or Y?` when `n` > 1) for an unknown `word`, or `''`
 * when no candidate is close: the suffix every "unknown ..." message appends.
 *
 * @param render how a suggestion is written (`(s) => \`[${s}]\`` for sections); default as is.
 * @example `unknown option cfg_fil${didYouMean('cfg_fil', names)}` // 'unknown option cfg_fil; did you mean cfg_file?'
 */
export function didYouMean(word: string, possibilities: Iterable<string>, render: (suggestion: string) => string = (s) => s, n = 1): string {
  const matches = closeMatches(word, possibilities, { n });
  if (matches.length === 0) return '';
  const names = matches.map(render);
  const last = names.pop() as string;
  return `; did you mean ${names.length > 0 ? `${names.join(', ')} or ${last}` : last}?`;
}
