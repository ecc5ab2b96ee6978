/**
 * Wall-clock time with microsecond resolution. `Date.now()` has only milliseconds; the
 * high-resolution clock is monotonic and drifts from wall time (NTP, manual steps), so it only
 * supplies the fraction and is re-anchored whenever it leaves the current wall-clock millisecond.
 */
let offset = Date.now() - performance.now();

/** Microseconds since the Unix epoch (UTC), never off the wall clock by a millisecond or more. */
export function epochMicros(): number {
  const p = performance.now();
  let t = offset + p;
  const wall = Date.now();
  if (t < wall || t >= wall + 1) {
    offset = wall - p;
    t = wall;
  }
  return Math.floor(t * 1000);
}
