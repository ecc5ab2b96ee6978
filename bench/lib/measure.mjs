/**
 * One measured run of a command under GNU time: wall, CPU (user + sys of the tree, reaped children
 * included), GNU time's max RSS (largest single process) and the peak of the summed RSS of the
 * process tree (sampled from /proc every 50 ms); stdout lines counted or discarded.
 */
import { processTree } from './proc.mjs';
import { readFileSync } from 'node:fs';

function treeRssKb(root) {
  let total = 0;
  for (const pid of processTree(root)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      total += Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[21]) * 4;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Runs `command argv` under /usr/bin/time, the child registered in `cleanup` (bench/lib/cleanup.mjs). */
export function measured(cleanup, command, argv, { name, env = {}, countLines = false } = {}) {
  return new Promise((resolveRun, reject) => {
    const child = cleanup.spawn('/usr/bin/time', ['-f', 'GNUTIME %e %U %S %M', command, ...argv], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }, { name });
    let lines = 0;
    let err = '';
    child.stdout.on('data', (d) => {
      if (countLines) for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      err += d;
      if (err.length > 1_000_000) err = err.slice(-200_000);
    });
    let peakTree = 0;
    const sampler = setInterval(() => {
      peakTree = Math.max(peakTree, treeRssKb(child.pid));
    }, 50);
    child.on('close', (code) => {
      clearInterval(sampler);
      const time = err.match(/GNUTIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/);
      if (!time) return reject(new Error(`${name} failed (${code}):\n${err.slice(-3000)}`));
      resolveRun({ code, wall: Number(time[1]), cpu: Number(time[2]) + Number(time[3]), maxRssKb: Number(time[4]), peakTreeRssKb: Math.max(peakTree, Number(time[4])), lines, stderr: err });
    });
    child.failed.catch(reject);
  });
}
