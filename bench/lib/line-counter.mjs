/** Counts the lines of a growing file incrementally (only new bytes are read), so a watcher polling it costs little CPU. */
import { existsSync, openSync, readSync } from 'node:fs';

/** Returns a function giving the file's line count so far (0 while it does not exist). */
export function lineCounter(file) {
  let offset = 0;
  let lines = 0;
  let fd;
  const chunk = Buffer.alloc(1 << 20);
  return () => {
    if (fd === undefined) {
      if (!existsSync(file)) return 0;
      fd = openSync(file, 'r');
    }
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, offset);
      if (n <= 0) break;
      offset += n;
      for (let i = 0; i < n; i++) if (chunk[i] === 10) lines++;
    }
    return lines;
  };
}
