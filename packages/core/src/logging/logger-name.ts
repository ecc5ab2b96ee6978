/**
 * Dotted logger names (`ceilometer_ts.polling`, `ceilometer_ts.pollsters_hardware.notifier`) for
 * records, as Python modules name theirs: what oslo's text format prints after the level and what
 * `default_log_levels` matches. They come from the bindings the code already sets:
 * `logger` (an explicit name), `pkg` (a plugin's package), `component`, and the program name.
 */

/** Bindings that make the name; they are not repeated as `key=value` fields. */
export const NAME_BINDINGS: ReadonlySet<string> = new Set(['logger', 'pkg', 'component']);

const snake = (text: string): string => text.replace(/[^A-Za-z0-9_.]+/g, '_');

/** `ceilometer-polling` → `ceilometer_ts.polling`; another program → `ceilometer_ts.<prog>`. */
export function programLoggerName(prog: string | undefined): string {
  if (!prog) return 'ceilometer_ts';
  return `ceilometer_ts.${snake(prog.replace(/^ceilometer-/, ''))}`;
}

/** `@ceilometer-ts/pollsters-hardware` (`@0.1.0`) → `ceilometer_ts.pollsters_hardware`; `@acme/x-y` → `acme.x_y`. */
export function packageLoggerName(spec: string): string {
  // `pkg` is sometimes `name@version`
  const pkg = spec.replace(/(.)@[^@/]*$/, '$1');
  const scoped = /^@([^/]+)\/(.+)$/.exec(pkg);
  return scoped ? `${snake(scoped[1] as string)}.${snake(scoped[2] as string)}` : snake(pkg);
}

/** The logger name of a record or child from its (merged) bindings and the program name. */
export function loggerNameOf(fields: Readonly<Record<string, unknown>>, prog: string | undefined): string {
  const explicit = fields['logger'];
  if (typeof explicit === 'string' && explicit !== '') return explicit;
  const pkg = fields['pkg'];
  const base = typeof pkg === 'string' && pkg !== '' ? packageLoggerName(pkg) : programLoggerName(prog);
  const component = fields['component'];
  return typeof component === 'string' && component !== '' ? `${base}.${snake(component)}` : base;
}
