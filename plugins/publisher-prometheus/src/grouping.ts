/**
 * Pushgateway grouping keys. A URL `.../metrics/job/<job>` without further labels is pushed to
 * once per resource, under `/resource_id/<id>` (upstream's behaviour since grouping was added: a
 * POST replaces same-named metrics of its group, so one group per resource keeps every resource's
 * series). Ids the path cannot carry as such (empty, or holding `/`) use the `@base64` form.
 */

/** True when the path already names grouping labels after the job (`/metrics/job/j/instance/i`). */
export function hasGroupingLabels(path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  return segments[0] === 'metrics' && segments[1] === 'job' && segments.length > 3;
}

/** The path suffix of a grouping label: `/name/value`, or `/name@base64/<base64url>`. */
export function groupingSegment(name: string, value: string): string {
  if (value === '' || value.includes('/')) {
    const b64 = Buffer.from(value, 'utf8').toString('base64url');
    return `/${name}@base64/${b64 || '='}`;
  }
  return `/${name}/${encodeURIComponent(value)}`;
}
