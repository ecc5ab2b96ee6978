/**
 * CPU and memory of a process tree from /proc: utime+stime in seconds (CLK_TCK 100) and VmHWM
 * (peak RSS) in bytes, summed over the tree (cotyledon's master and workers for upstream agents).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100;

function childrenByParent() {
  const byParent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!byParent.has(ppid)) byParent.set(ppid, []);
      byParent.get(ppid).push(Number(name));
    } catch {}
  }
  return byParent;
}

/** `pid` and all its descendants. */
export function processTree(pid) {
  const byParent = childrenByParent();
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(byParent.get(out[i]) ?? []));
  return out;
}

/** utime+stime (s) and VmHWM (bytes) summed over `pids`. */
export function treeUsage(pids) {
  let cpu = 0;
  let hwm = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu += (Number(f[11]) + Number(f[12])) / TICK;
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) hwm += Number(m[1]) * 1024;
    } catch {}
  }
  return { cpu, hwm };
}
