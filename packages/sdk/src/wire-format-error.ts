/**
 * Errors of the wire format (JSON text, meter and event messages).
 * NOTE: kept out of errors.ts only because that catalogue is owned by another change; move it there.
 */
import { CeilometerError } from './errors.js';

/** A message on the wire is malformed: bad JSON text, or a meter/event message missing a field. */
export class WireFormatError extends CeilometerError {
  readonly code = 'CEILO_ERR_WIRE_FORMAT' as const;
}
