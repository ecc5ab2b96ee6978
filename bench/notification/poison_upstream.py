"""One measured run of upstream Ceilometer 19.0 (child of poison.mjs): the same magnum notification
through ProcessMeterNotifications.build_sample and Sample.from_notification into the file
publisher (or a list). Prints one JSON line. argv: N PUBLISHER(file:PATH|test)
"""
import contextlib
import io
import json
import resource
import sys
import time

from oslo_utils import netutils

from ceilometer.meter import notifications
from ceilometer.publisher import file as file_publisher
from ceilometer import service


def main():
    count, publisher_arg = int(sys.argv[1]), sys.argv[2]
    conf = service.prepare_service([], config_files=[])
    with contextlib.redirect_stdout(io.StringIO()):
        meters = notifications.ProcessMeterNotifications(conf, None)
    payload = {'user_id': 'fake_user', 'project_id': 'fake_project',
               'resource_id': '5d12f6fd-a196-4bf0-ae4c-1f639a523a55',
               'metrics': [{'name': 'bay.metric.%05d' % i, 'value': 1000 + i + 0.5, 'unit': '%'}
                           for i in range(count)]}
    wire = json.dumps({'oslo.version': '2.0', 'oslo.message': json.dumps({
        'message_id': 'bench-magnum', 'publisher_id': 'magnum.conductor.host-1',
        'event_type': 'magnum.bay.metrics.update', 'priority': 'INFO',
        'timestamp': '2016-03-11 10:36:05.194913', 'payload': payload})})
    del payload
    t0, c0 = time.monotonic(), time.process_time()
    msg = json.loads(json.loads(wire)['oslo.message'])
    message = dict(ctxt={'user_id': 'fake_user', 'project_id': 'fake_project'},
                   publisher_id=msg['publisher_id'], event_type=msg['event_type'],
                   payload=msg['payload'],
                   metadata=dict(message_id=msg['message_id'], timestamp=msg['timestamp']))
    samples = list(meters.build_sample(message))
    if publisher_arg.startswith('file:'):
        pub = file_publisher.FilePublisher(conf, netutils.urlsplit('file://' + publisher_arg[5:]))
        pub.publish_samples(samples)
    wall, cpu = time.monotonic() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({'samples': len(samples), 'messageBytes': len(wire), 'wallS': wall, 'cpuS': cpu,
                      'peakRssMiB': rss}))


main()
