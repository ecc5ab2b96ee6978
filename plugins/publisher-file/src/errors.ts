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

/**
 * Records could not be written (full disk, read-only or immutable file, I/O error, the file cannot
 * be reopened): nothing of the call is left in the file, the caller may retry. `kind` is `storage`,
 * which the delivery queues read as an outage (hold and retry in order), not as a bad batch.
 */
export class FilePublisherWriteError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_FILE_WRITE' as const;
  readonly kind = 'storage' as const;
  constructor(readonly path: string, readonly records: number, options?: ErrorOptions) {
    const cause = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`file publisher: cannot write to ${path}; ${records} record(s) not written${cause}`, options);
  }
}

/** A record could not be formatted: the call wrote nothing; the record itself is at fault. */
export class FilePublisherFormatError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_FILE_FORMAT' as const;
  constructor(readonly path: string, options?: ErrorOptions) {
    const cause = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`file publisher: a record for ${path} cannot be formatted; nothing of the call was written${cause}`, options);
  }
}
