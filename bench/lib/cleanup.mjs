/**
 * Everything a benchmark starts (snmpd fleets, exporters, brokers, agents under test) is registered
 * here and stopped on every exit path: the normal end, a thrown error, SIGINT/SIGTERM/SIGHUP, an
 * uncaught exception or unhandled rejection, and `process.exit()` from anywhere (synchronously, as a
 * last resort). Only what was registered is touched, by PID or by the service's own stop.list,
 * never processes found by name.
 *
 * `CEILO_BENCH_PIDS_FILE=FILE` appends "PID NAME" for every process started, so a test can check
 * afterwards that none of them is left running.
 *
 *   const cleanup = new Cleanup('snmp');
 *   await cleanup.main(async () => { ... cleanup.spawn(...) ... cleanup.service(dir, stopScript) ... });
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** True while `pid` exists and is not a zombie. */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Cleanup {
  /** @type {{ name: string, stop: () => Promise<void>, stopSync: () => void }[]} */
  #actions = [];
  #running;
  #pidsFile = process.env.CEILO_BENCH_PIDS_FILE || '';

  constructor(label) {
    this.label = label;
  }

  /** Records a PID started by the benchmark (for CEILO_BENCH_PIDS_FILE). */
  record(pid, name) {
    if (this.#pidsFile && pid) appendFileSync(this.#pidsFile, `${pid} ${name}\n`);
  }

  /** Registers a stop action; actions run in reverse order of registration. Returns an unregister function. */
  add(name, stop, stopSync = () => {}) {
    const action = { name, stop, stopSync };
    this.#actions.push(action);
    return () => {
      this.#actions = this.#actions.filter((a) => a !== action);
    };
  }

  /**
   * `child_process.spawn` whose process is stopped at cleanup (SIGTERM, SIGKILL after `graceMs`).
   * An 'error' listener is always attached: a missing binary (ENOENT) rejects `child.failed`
   * instead of ending the benchmark with an unhandled 'error' event.
   */
  spawn(command, args, options = {}, { name = command, graceMs = 5000 } = {}) {
    const child = spawn(command, args, options);
    const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    child.exited = exited;
    child.failed = new Promise((_, reject) => child.once('error', reject));
    child.failed.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection
    if (child.pid) this.record(child.pid, name);
    const done = () => child.exitCode !== null || child.signalCode !== null || !child.pid;
    const unregister = this.add(
      name,
      async () => {
        if (done()) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      },
      () => {
        if (!done()) child.kill('SIGKILL');
      },
    );
    exited.then(unregister, unregister);
    return child;
  }

  /** Records the PIDs a service started by scripts/services/start-*.sh wrote (stop.list PID files, snmpd agents). */
  recordService(name, dataDir) {
    const pids = new Set();
    const list = `${dataDir}/stop.list`;
    if (existsSync(list)) {
      for (const line of readFileSync(list, 'utf8').split('\n')) {
        const file = line.split(' ')[0];
        if (file && existsSync(file)) pids.add(Number(readFileSync(file, 'utf8').trim()));
      }
    }
    const env = `${dataDir}/service.env`;
    if (existsSync(env)) {
      const m = /^SNMPD_PIDS=(.*)$/m.exec(readFileSync(env, 'utf8'));
      for (const p of (m?.[1] ?? '').split(' ').filter(Boolean)) pids.add(Number(p));
    }
    for (const pid of pids) if (pid) this.record(pid, name);
  }

  /**
   * A service started by scripts/services/start-*.sh in `dataDir`: stopped by its stop-service.sh,
   * which signals exactly the PIDs of DATA_DIR/stop.list. Register it before starting the service,
   * so an interrupted start is cleaned up too.
   */
  service(name, dataDir, stopScript) {
    const stopArgs = [stopScript, dataDir];
    const recordPids = () => this.recordService(name, dataDir);
    const unregister = this.add(
      name,
      () =>
        new Promise((resolve) => {
          if (!existsSync(`${dataDir}/stop.list`)) return resolve();
          const child = spawn('bash', stopArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
          child.once('error', () => resolve());
          child.once('close', () => resolve());
        }),
      () => {
        if (existsSync(`${dataDir}/stop.list`)) spawnSync('bash', stopArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
      },
    );
    return { recordPids, stopped: unregister };
  }

  /** Runs every registered stop action once (reverse order); later calls return the same promise. */
  run() {
    this.#running ??= (async () => {
      while (this.#actions.length) {
        const action = this.#actions.pop();
        try {
          await action.stop();
        } catch (err) {
          console.error(`[${this.label}] stopping ${action.name} failed: ${err?.message ?? err}`);
        }
      }
    })();
    return this.#running;
  }

  /** Synchronous last resort (process 'exit', second signal): SIGKILL children, stop services synchronously. */
  runSync() {
    while (this.#actions.length) {
      const action = this.#actions.pop();
      try {
        action.stopSync();
      } catch {
        // nothing more can be done on the way out
      }
    }
  }

  /**
   * Runs the benchmark body with every exit path covered, then exits: 0 on success, 1 on an error,
   * 128+N on a signal. Never returns.
   */
  async main(body) {
    let exiting = false;
    const finish = async (code, why, { force = false } = {}) => {
      if (exiting) {
        if (!force) return; // an error caused by the stop itself (a child killed under a running step)
        // a second signal while stopping: stop synchronously and leave now
        this.runSync();
        process.exit(code);
      }
      exiting = true;
      if (why) console.error(`[${this.label}] ${why}: stopping everything the benchmark started`);
      await this.run();
      process.exit(code);
    };
    for (const signal of Object.keys(SIGNAL_EXIT)) {
      process.on(signal, () => {
        finish(SIGNAL_EXIT[signal], `${signal} received`, { force: true }).catch(() => process.exit(1));
      });
    }
    process.on('uncaughtException', (err) => {
      console.error(err);
      finish(1, 'uncaught exception').catch(() => process.exit(1));
    });
    process.on('unhandledRejection', (err) => {
      console.error(err);
      finish(1, 'unhandled rejection').catch(() => process.exit(1));
    });
    process.on('exit', () => this.runSync());
    try {
      await body();
    } catch (err) {
      if (!exiting) console.error(err);
      await finish(1, 'error');
      if (exiting) await new Promise(() => {}); // the first exit path is stopping everything: let it finish
    }
    await finish(0);
    await new Promise(() => {});
  }
}

/** Waits until none of `pids` is alive, up to `timeoutMs`; returns those still alive. */
export async function waitGone(pids, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await sleep(50);
  }
}
