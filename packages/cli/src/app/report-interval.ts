/**
 * The interval of the agents' periodic operational lines (the notification agent's throughput
 * line, the polling notifier's "holding N notifications" line during a broker outage): a minute,
 * or `CEILOMETER_TS_REPORT_INTERVAL_MS`. Not an operator setting: it lets tests see the lines
 * without waiting a minute.
 */
export function reportIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['CEILOMETER_TS_REPORT_INTERVAL_MS'];
  const value = raw === undefined || raw === '' ? Number.NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : 60_000;
}
