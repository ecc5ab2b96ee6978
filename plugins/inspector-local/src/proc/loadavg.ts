/**
 * `/proc/loadavg`: the 1, 5 and 15 minute load averages.
 */

/** Load averages as the kernel reports them (runnable plus uninterruptible tasks). */
export interface LoadAverage {
  readonly load1: number;
  readonly load5: number;
  readonly load15: number;
}

/** Parses `/proc/loadavg` (`0.22 0.35 0.26 1/118 13810`). Throws on a malformed line. */
export function parseLoadAverage(text: string): LoadAverage {
  const [load1, load5, load15] = text.trim().split(/\s+/).slice(0, 3).map(Number);
  if (load1 === undefined || load5 === undefined || load15 === undefined || [load1, load5, load15].some(Number.isNaN)) {
    throw new Error(`malformed /proc/loadavg: ${JSON.stringify(text.slice(0, 80))}`);
  }
  return { load1, load5, load15 };
}
