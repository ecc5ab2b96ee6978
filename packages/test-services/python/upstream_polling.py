#!/usr/bin/python3
"""Upstream Ceilometer's polling agent, driven cycle by cycle, samples captured.

Builds exactly what ``ceilometer-polling`` (ceilometer.cmd.polling) builds in its worker: the
config through ``service.prepare_service`` (so ``--config-file`` and ``--polling-namespaces`` work
as on the command line), then ``manager.AgentManager`` with its pollster and discovery extensions
and ``PollingManager`` over polling.yaml. Instead of cotyledon's forked worker and periodic
thread, it calls ``AgentManager.interval_task`` (what the periodic calls) for ``--cycles`` cycles,
``--interval`` seconds apart, and replaces the oslo.messaging notifier with one that writes every
published sample (the ``meter_message_from_counter`` dicts, as they would go on the wire) to
``--out FILE`` as JSON lines ``{"cycle": N, "sample": {...}}``, and after each cycle one line
``{"cycle": N, "stats": {"wall_s", "cpu_s", "samples", "maxrss_kb"}}``. stdout and stderr are left
to oslo.log (which logs to stdout when no log file is configured).

Usage: upstream_polling.py --out FILE [--cycles N] [--interval S] -- <ceilometer-polling args>
"""
import json
import resource
import sys
import time


class CapturingNotifier(object):
    """Stands in for oslo_messaging.Notifier: ``sample(ctxt, event_type, payload)``."""

    def __init__(self, out):
        self.out = out
        self.cycle = 0
        self.count = 0

    def sample(self, ctxt, event_type, payload):
        for s in payload['samples']:
            self.out.write(json.dumps({'cycle': self.cycle, 'sample': s},
                                      default=str))
            self.out.write('\n')
            self.count += 1


def main():
    argv = sys.argv[1:]
    cycles, interval, out = 1, 0.0, None
    while argv and argv[0] != '--':
        opt = argv.pop(0)
        if opt == '--cycles':
            cycles = int(argv.pop(0))
        elif opt == '--interval':
            interval = float(argv.pop(0))
        elif opt == '--out':
            out = open(argv.pop(0), 'w')
        else:
            sys.exit('unknown option %s' % opt)
    if argv:
        argv.pop(0)
    if out is None:
        sys.exit('--out FILE is required')

    from ceilometer.cmd import polling
    from ceilometer.polling import manager

    sys.argv = ['ceilometer-polling'] + argv
    conf = polling._prepare_config()
    agent = manager.AgentManager(0, conf, conf.polling_namespaces)
    notifier = CapturingNotifier(out)
    agent.notifier = notifier
    agent.polling_manager = manager.PollingManager(conf)
    tasks = agent.setup_polling_tasks()

    for cycle in range(1, cycles + 1):
        if cycle > 1 and interval > 0:
            time.sleep(interval)
        notifier.cycle = cycle
        before = notifier.count
        wall0, cpu0 = time.monotonic(), time.process_time()
        for _interval, task in sorted(tasks.items()):
            agent.interval_task(task)
        out.write(json.dumps({'cycle': cycle, 'stats': {
            'wall_s': round(time.monotonic() - wall0, 4),
            'cpu_s': round(time.process_time() - cpu0, 4),
            'samples': notifier.count - before,
            'maxrss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }}) + '\n')
        out.flush()
    out.close()


if __name__ == '__main__':
    main()
