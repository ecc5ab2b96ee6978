/**
 * The counters of one publisher's delivery queue, as the embedded pipeline reports them
 * (structurally the pipeline package's `DeliveryStats`; this package does not depend on it).
 */
export interface DeliveryStatsLike {
  readonly publisher: string;
  readonly sink: string;
  readonly queuedBatches: number;
  readonly queuedItems: number;
  readonly delivered: number;
  readonly dropped: number;
  readonly failedAttempts: number;
}
