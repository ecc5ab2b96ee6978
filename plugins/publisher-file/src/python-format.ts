/**
 * Python's text forms of the records the file publisher writes: `repr()` of a dict (what `logging`
 * prints for `logger.info(sample.as_dict())`) and `json.dumps()` with its default separators and
 * `ensure_ascii`. Both are the sdk's (one implementation of Python formatting for the project);
 * numbers follow its wire model, so a PyFloat read from the wire prints as `2.0` and a bigint exactly.
 */
import type { PyValue } from '@ceilometer-ts/sdk';

export { pyFloatRepr, pyJsonString, pyRepr, pyStrRepr, dumpsPyJson as pyJsonDumps } from '@ceilometer-ts/sdk';

/** A record as upstream's as_dict() produces it: a wire value. */
export type PlainValue = PyValue;
