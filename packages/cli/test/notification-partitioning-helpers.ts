/**
 * Helpers of the partitioned notification agent tests: a `rate_of_change` pipeline over `cpu`, a
 * feed of cumulative cpu samples whose rate per resource is known (resource i grows by i + 1 per
 * second), and the check that every published rate is right and every round is accounted for.
 */
import { makeSample, toMeterMessage, type MeterMessage } from '@ceilometer-ts/sdk';

/** The pipeline: cpu → cpu.rate (per second) through rate_of_change. */
export const RATE_PIPELINE = (publisher: string): string => `
sources:
  - name: cpu_source
    meters: ["cpu"]
    sinks: [cpu_sink]
sinks:
  - name: cpu_sink
    transformers:
      - name: rate_of_change
        parameters:
          target:
            name: cpu.rate
            unit: ns/s
            type: gauge
    publishers: ["${publisher}"]
`;

/** Seconds between two rounds' timestamps. */
export const ROUND_SECONDS = 10;

const BASE = Date.UTC(2026, 0, 1, 0, 0, 0);

/** The samples of round `round`: one per resource, cumulative, resource i growing by i + 1 per second. */
export function roundSamples(round: number, resources: number, secret: string): MeterMessage[] {
  return Array.from({ length: resources }, (_, i) =>
    toMeterMessage(
      makeSample({
        name: 'cpu', type: 'cumulative', unit: 'ns', volume: round * ROUND_SECONDS * (i + 1), resource_id: `vm-${i}`,
        user_id: 'u', project_id: 'p', timestamp: new Date(BASE + round * ROUND_SECONDS * 1000).toISOString().replace('Z', '+00:00'),
        id: `r${round}-vm-${i}`,
      }),
      secret,
    ),
  );
}

/** The round a published rate belongs to (from its timestamp). */
export function roundOf(timestamp: string): number {
  return Math.round((Date.parse(timestamp) - BASE) / (ROUND_SECONDS * 1000));
}

/** One published rate. */
export interface PublishedRate {
  readonly agent: string;
  readonly resource: string;
  readonly round: number;
  readonly volume: number;
}

/** What {@link checkRates} found. */
export interface RateCheck {
  /** Rates whose value is not the resource's rate. */
  readonly wrong: PublishedRate[];
  /** (resource, round) published more than once. */
  readonly duplicates: string[];
  /** (resource, round) of rounds 1..rounds-1 with no rate. */
  readonly missing: string[];
  /** Resources with more than `allowedGaps` missing rounds. */
  readonly overGap: string[];
  readonly byAgent: Record<string, number>;
}

/**
 * Checks the rates of rounds 1..rounds-1 (round 0 primes): each right, none twice; a resource may
 * miss `allowedGaps` rounds (its first sample on a new owner primes again).
 */
export function checkRates(rates: readonly PublishedRate[], resources: number, rounds: number, allowedGaps: number): RateCheck {
  const seen = new Map<string, number>();
  const wrong: PublishedRate[] = [];
  const byAgent: Record<string, number> = {};
  for (const r of rates) {
    byAgent[r.agent] = (byAgent[r.agent] ?? 0) + 1;
    const index = Number(r.resource.slice('vm-'.length));
    if (Math.abs(r.volume - (index + 1)) > 1e-9) wrong.push(r);
    const key = `${r.resource}@${r.round}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const duplicates = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  const missing: string[] = [];
  const overGap: string[] = [];
  for (let i = 0; i < resources; i++) {
    let gaps = 0;
    for (let round = 1; round < rounds; round++) {
      if (!seen.has(`vm-${i}@${round}`)) {
        missing.push(`vm-${i}@${round}`);
        gaps++;
      }
    }
    if (gaps > allowedGaps) overGap.push(`vm-${i}`);
  }
  return { wrong, duplicates, missing, overGap, byAgent };
}
