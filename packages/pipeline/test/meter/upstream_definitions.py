"""Runs upstream Ceilometer's meter definitions and event converter on notification fixtures.

argv: out.json meters_dir event_definitions_file fixture.json...
out.json: JSON {fixture: {"samples": [...]|{"error"}, "event": {...}|null|{"error"}}}
(for meters.compat.test.ts and events.compat.test.ts).
"""
import contextlib
import io
import json
import sys

from oslo_log import log  # noqa: F401  (ceilometer logs through it)
from stevedore import extension

from ceilometer.event import converter
from ceilometer.meter import notifications
from ceilometer import service


def main():
    out_file, meters_dir, events_file = sys.argv[1], sys.argv[2], sys.argv[3]
    conf = service.prepare_service([], config_files=[])
    conf.set_override('meter_definitions_dirs', [meters_dir], group='meter')
    conf.set_override('definitions_cfg_file', events_file, group='event')
    conf.set_override('store_raw', ['info'], group='event')
    with contextlib.redirect_stdout(io.StringIO()):
        meters = notifications.ProcessMeterNotifications(conf, None)
        events = converter.setup_events(conf, extension.ExtensionManager(
            namespace='ceilometer.event.trait_plugin'))
    out = {}
    for path in sys.argv[4:]:
        with open(path) as f:
            n = json.load(f)
        message = dict(ctxt=n['ctxt'], publisher_id=n['publisher_id'], event_type=n['event_type'],
                       payload=n['payload'], metadata=dict(message_id=n['message_id'], timestamp=n['timestamp']))
        result = {}
        try:
            result['samples'] = [dict(name=s.name, type=s.type, unit=s.unit, volume=s.volume, user_id=s.user_id,
                                      project_id=s.project_id, resource_id=s.resource_id, timestamp=s.timestamp,
                                      resource_metadata=s.resource_metadata, source=s.source)
                                 for s in meters.build_sample(message)]
        except Exception as e:  # noqa
            result['samples'] = {'error': '%s: %s' % (type(e).__name__, e)}
        try:
            ev = events.to_event(n['priority'], message)
            result['event'] = None if ev is None else ev.serialize()
        except Exception as e:  # noqa
            result['event'] = {'error': '%s: %s' % (type(e).__name__, e)}
        out[path.rsplit('/', 1)[-1]] = result
    with open(out_file, 'w') as f:
        json.dump(out, f, default=str)


main()
