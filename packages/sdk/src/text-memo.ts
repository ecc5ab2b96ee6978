/**
 * Text of large lists and dicts met more than once while formatting one batch. Samples of one
 * notification share its payload's nested values (upstream's shallow copy), so a 10,000-metric
 * notification's `metrics` list is formatted once, not 10,000 times. Only texts of at least
 * {@link SHARED_TEXT_MIN} characters seen twice are kept: small values cost one map lookup, unique ones
 * never pile up. Strong maps: a memo lives for one publish call, while the batch holds the values
 * anyway (weak ones would only burden the garbage collector).
 */

/**
 * What the Python formatters (`pyRepr`, `pyStr`, `dumpsPyJson`) consult for containers: a lookup
 * before formatting and an offer after (two calls rather than a `format` callback, so formatting a
 * dict creates no closure: this runs once per dict of every record).
 */
export interface TextMemo {
  /** The remembered text of `value`, if any. */
  lookup(value: object): string | undefined;
  /** The text just formatted for `value`; the memo decides whether to keep it. */
  store(value: object, text: string): void;
}

/** Shorter texts are cheaper to format again than to remember. */
export const SHARED_TEXT_MIN = 1024;

/** A {@link TextMemo} that remembers large texts of values seen twice. */
export class SharedTextMemo implements TextMemo {
  readonly #seen = new Set<object>();
  readonly #text = new Map<object, string>();

  lookup(value: object): string | undefined {
    return this.#text.size === 0 ? undefined : this.#text.get(value);
  }

  store(value: object, text: string): void {
    if (text.length < SHARED_TEXT_MIN) return;
    if (this.#seen.has(value)) this.#text.set(value, text);
    else this.#seen.add(value);
  }
}
