/**
 * Text of large lists and dicts met more than once while formatting one batch. Samples of one
 * notification share its payload's nested values (upstream's shallow copy), so a 10,000-metric
 * notification's `metrics` list is formatted once, not 10,000 times. Only texts of at least
 * {@link SHARED_TEXT_MIN} characters seen twice are kept: small values cost one map lookup, unique ones
 * never pile up. Strong maps: a memo lives for one publish call, while the batch holds the values
 * anyway (weak ones would only burden the garbage collector).
 */

/** What the Python formatters (`pyRepr`, `pyStr`, `dumpsPyJson`) consult for containers. */
export interface TextMemo {
  /** The known text of `value`, or `format()`'s. */
  text(value: object, format: () => string): string;
}

/** Shorter texts are cheaper to format again than to remember. */
export const SHARED_TEXT_MIN = 1024;

/** A {@link TextMemo} that remembers large texts of values seen twice. */
export class SharedTextMemo implements TextMemo {
  readonly #seen = new Set<object>();
  readonly #text = new Map<object, string>();

  text(value: object, format: () => string): string {
    const known = this.#text.get(value);
    if (known !== undefined) return known;
    const text = format();
    if (text.length >= SHARED_TEXT_MIN) {
      if (this.#seen.has(value)) this.#text.set(value, text);
      else this.#seen.add(value);
    }
    return text;
  }
}
