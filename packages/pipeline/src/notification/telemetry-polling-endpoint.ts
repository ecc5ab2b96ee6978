/**
 * `_sample`: samples polled by a polling agent (ours or Python's), sent as a `telemetry.polling`
 * notification whose payload is `{"samples": [meter messages]}` (upstream's TelemetryIpc).
 */
import { samplesFromPollingPayload, silentLogger, TELEMETRY_POLLING_EVENT_TYPE, type Logger, type PyValue, type Sample } from '@ceilometer-ts/sdk';
import { FilteredSampleEndpoint, type EndpointContext } from './endpoint.js';
import type { Notification } from './types.js';

/**
 * Rebuilds the polled samples of a `telemetry.polling` notification, per sample: a meter message a
 * Sample cannot hold is logged and left out, the others are kept (a volume is checked later by the
 * pipeline, as upstream's `_validate_volume` does).
 */
export class TelemetryPollingEndpoint extends FilteredSampleEndpoint {
  readonly #logger: Logger;

  constructor(ctx?: Pick<EndpointContext, 'logger'>) {
    super([TELEMETRY_POLLING_EVENT_TYPE]);
    this.#logger = ctx?.logger ?? silentLogger;
  }

  buildSamples(notification: Notification): readonly Sample[] {
    // NOTE: payloads come from the sdk's parsePyJson (messaging's envelope), so they are wire values
    // (PyFloat, bigint kept); no walk on the hot path. Each delivery decodes its own payload and no
    // one changes it afterwards, so the samples keep its metadata dicts (adopt) instead of copies.
    return samplesFromPollingPayload(
      notification.payload as PyValue,
      (err, index) =>
        this.#logger.warn(
          { event_type: notification.event_type, message_id: notification.message_id, sample: index, err: err.message },
          'telemetry.polling sample %d of notification %s dropped: %s',
          index,
          notification.message_id,
          err.message,
        ),
      true,
    );
  }
}
