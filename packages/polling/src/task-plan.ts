/**
 * Grouping of sources and pollsters into tasks: one task per distinct interval, holding every
 * (source, pollster) pair of that interval (upstream's `setup_polling_tasks`).
 */
import type { PollingConfig } from './polling-config.js';
import type { PollsterEntry } from './plugins.js';
import { PollingSource } from './source.js';

/** The pollsters one source runs in a task. */
export interface SourcePollsters {
  readonly source: PollingSource;
  readonly pollsters: readonly PollsterEntry[];
}

/** Everything polled every `interval` seconds. */
export interface TaskPlan {
  readonly interval: number;
  readonly sources: readonly SourcePollsters[];
}

/** Meters a source names literally for which no pollster is installed. */
export interface MissingMeters {
  readonly source: string;
  readonly meters: readonly string[];
}

/** The result of planning: tasks sorted by interval, and what cannot be polled. */
export interface PollingPlan {
  readonly tasks: readonly TaskPlan[];
  readonly missingMeters: readonly MissingMeters[];
}

/** Matches every source against every pollster and groups the matches by interval. */
export function planTasks(config: PollingConfig, pollsters: readonly PollsterEntry[]): PollingPlan {
  const byInterval = new Map<number, SourcePollsters[]>();
  const missingMeters: MissingMeters[] = [];
  const installed = new Set(pollsters.map((p) => p.name));
  for (const sourceConfig of config.sources) {
    const source = new PollingSource(sourceConfig);
    const matched = pollsters.filter((p) => source.supportsMeter(p.name));
    const missing = source.literalMeters().filter((m) => !installed.has(m));
    if (missing.length > 0) missingMeters.push({ source: source.name, meters: missing });
    if (matched.length === 0) continue;
    let list = byInterval.get(source.interval);
    if (!list) byInterval.set(source.interval, (list = []));
    list.push({ source, pollsters: matched });
  }
  const tasks = [...byInterval.entries()].sort(([a], [b]) => a - b).map(([interval, sources]) => ({ interval, sources }));
  return { tasks, missingMeters };
}
