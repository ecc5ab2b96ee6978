/**
 * A value found by a JSONPath, with the way it was reached (jsonpath-rw's DatumInContext): the
 * step that reached it and the datum it was reached from.
 */
export class Datum {
  constructor(
    readonly value: unknown,
    /** `str()` of the step: a field name, `[3]`, `$`, `` `this` ``. */
    readonly step: string = '`this`',
    readonly context: Datum | null = null,
  ) {}

  /** The datum itself, or a context-free datum holding a plain value. */
  static wrap(value: unknown): Datum {
    return value instanceof Datum ? value : new Datum(value);
  }

  /**
   * The dotted path upstream hands trait plugins (`payload.image_meta.org.openstack__1__architecture`,
   * `payload.items.[0].id`): every step after the first context-free datum, joined with dots.
   */
  get path(): string {
    const steps: string[] = [];
    for (let d: Datum | null = this; d?.context; d = d.context) steps.push(d.step);
    return steps.reverse().join('.');
  }
}
