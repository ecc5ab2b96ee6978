/**
 * Start times of sum data points. OTLP wants every point of a CUMULATIVE series to carry the time
 * the series started counting, and a DELTA point the start of its interval. Ceilometer samples
 * carry neither, so they are derived per series: a cumulative series starts at its first point and
 * restarts (at the previous point's time) when its value drops; a delta point starts where the
 * previous point of its series ended.
 */

interface SeriesState {
  start: string;
  lastTime: string;
  lastValue: number;
}

/** A bounded memory of series (oldest forgotten first). */
export class StartTimeTracker {
  readonly #series = new Map<string, SeriesState>();

  constructor(readonly maxSeries = 100_000) {}

  /** Start time of a cumulative point. */
  cumulative(key: string, time: string, value: number): string {
    const state = this.#series.get(key);
    if (!state) return this.#remember(key, { start: time, lastTime: time, lastValue: value }).start;
    if (BigInt(time) < BigInt(state.lastTime)) return state.start; // out of order: leave the series alone
    if (value < state.lastValue) state.start = state.lastTime; // counter reset
    state.lastTime = time;
    state.lastValue = value;
    return state.start;
  }

  /** Start time of a delta point; undefined for the first point of a series (unknown interval). */
  delta(key: string, time: string, value: number): string | undefined {
    const state = this.#series.get(key);
    if (!state) {
      this.#remember(key, { start: time, lastTime: time, lastValue: value });
      return undefined;
    }
    if (BigInt(time) <= BigInt(state.lastTime)) return undefined;
    const start = state.lastTime;
    state.lastTime = time;
    state.lastValue = value;
    return start;
  }

  get size(): number {
    return this.#series.size;
  }

  #remember(key: string, state: SeriesState): SeriesState {
    if (this.#series.size >= this.maxSeries) {
      const oldest = this.#series.keys().next();
      if (!oldest.done) this.#series.delete(oldest.value);
    }
    this.#series.set(key, state);
    return state;
  }
}
