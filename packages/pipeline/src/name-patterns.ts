/**
 * Meter and event_type patterns of a pipeline source (upstream's `agent.Source`): `*`, `name`,
 * `storage.*`, `!disk.*`. The rules live in core (`SourcePatterns`), shared with polling.yaml.
 */
import { SourcePatterns } from '@ceilometer-ts/core';

export { checkSourceFiltering, fnmatchToRegExp } from '@ceilometer-ts/core';

/** A compiled list of source patterns answering "does this source take that name?". */
export class NamePatterns extends SourcePatterns {}
