#!/usr/bin/python3
"""Runs a command as a child subreaper (prctl PR_SET_CHILD_SUBREAPER): processes it daemonizes
(upstream's privsep daemon double-forks away from the agent) are re-parented here instead of to
init, and reaped here, so the CPU of the whole tree, daemons and their ipmitool children included,
lands in this process's RUSAGE_CHILDREN, which GNU time (bench/lib/measure.mjs) reports. Exits
with the command's status once every descendant has exited; after the command exits, stragglers
get GRACE seconds (env SUBREAPER_GRACE, 10) and are then killed.

    subreaper.py COMMAND [ARGS...]
"""
import ctypes
import os
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def descendants():
    """PIDs whose parent is this process (orphans re-parented here included)."""
    me, out = os.getpid(), []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as f:
                stat = f.read()
        except OSError:
            continue
        if int(stat[stat.rindex(')') + 2:].split()[1]) == me:
            out.append(int(entry))
    return out


def main():
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit('prctl(PR_SET_CHILD_SUBREAPER) failed')
    child = os.fork()
    if child == 0:
        os.execvp(sys.argv[1], sys.argv[1:])
    status = None
    deadline = None
    grace = float(os.environ.get('SUBREAPER_GRACE', '10'))
    while True:
        try:
            pid, st = os.waitpid(-1, os.WNOHANG if status is not None else 0)
        except ChildProcessError:
            break
        if pid == child:
            status = os.waitstatus_to_exitcode(st)
            deadline = time.monotonic() + grace
        if status is not None and pid == 0:
            if time.monotonic() > deadline:
                for p in descendants():
                    os.kill(p, signal.SIGKILL)
            time.sleep(0.02)
    sys.exit(status if status >= 0 else 128 - status)


if __name__ == '__main__':
    main()
