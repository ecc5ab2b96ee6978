/**
 * `_sample`: samples polled by a polling agent (ours or Python's), sent as a `telemetry.polling`
 * notification whose payload is `{"samples": [meter messages]}` (upstream's TelemetryIpc).
 */
import { samplesFromPollingPayload, TELEMETRY_POLLING_EVENT_TYPE, type PyValue, type Sample } from '@ceilometer-ts/sdk';
import { FilteredSampleEndpoint } from './endpoint.js';
import type { Notification } from './types.js';

/** Rebuilds the polled samples of a `telemetry.polling` notification. */
export class TelemetryPollingEndpoint extends FilteredSampleEndpoint {
  constructor() {
    super([TELEMETRY_POLLING_EVENT_TYPE]);
  }

  buildSamples(notification: Notification): readonly Sample[] {
    // NOTE: payloads come from JSON.parse, so they are wire values; no walk on the hot path.
    return samplesFromPollingPayload(notification.payload as PyValue);
  }
}
