/**
 * Meter name matching as upstream's `agent.Source`; the pattern rules themselves live in core
 * (`SourcePatterns`), shared with pipeline.yaml.
 */
import { SourcePatterns, checkSourceFiltering, fnmatch, isGlob } from '@ceilometer-ts/core';

export { checkSourceFiltering, fnmatch, isGlob };

/** Whether `name` is selected by the entries (upstream's `Source.is_supported`). */
export function isSupported(entries: readonly string[], name: string): boolean {
  return new SourcePatterns(entries).matches(name);
}

/** A compiled meter selection for one source. */
export class MeterMatcher extends SourcePatterns {
  constructor(readonly entries: readonly string[]) {
    super(entries);
  }
}
