/**
 * Errors of the file publisher.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** The output file cannot be opened (missing directory, no permission): the publisher cannot load. */
export class FilePublisherOpenError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_FILE_OPEN' as const;
  constructor(readonly path: string, options?: ErrorOptions) {
    super(`file publisher: cannot open ${path} for appending`, options);
  }
}
