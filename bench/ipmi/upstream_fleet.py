#!/usr/bin/python3
"""Upstream Ceilometer 19.0's IPMI sensor pollsters over many BMCs in one Python process.

Upstream polls in-band only (one agent per bare-metal node), so covering N BMCs takes either N
agents or, as here, one process that builds the four 19.0 sensor pollsters once (IPMISensor and
its privsep daemon: a real `sudo privsep-helper`, see packages/test-services/src/upstream-ipmi.ts)
and calls their get_samples for each BMC in turn, `[DEFAULT] host` set to that BMC's name. The
BMC is chosen by writing its port to TARGET_FILE, which the ipmitool wrapper first on PATH (baked
into the privsep daemon's PATH at its start) reads on every call.

    upstream_fleet.py CONF TARGET_FILE OUT_JSON NAME=PORT...
Writes {"samples": N, "by_meter": {...}, "wall_s", "cpu_s" (this process only), "resource_ids": [...]}.
"""
import json
import sys
import time


def main():
    conf_file, target_file, out_file = sys.argv[1:4]
    bmcs = [arg.split('=', 1) for arg in sys.argv[4:]]
    from ceilometer import service
    from ceilometer.ipmi.pollsters import sensor

    conf = service.prepare_service(['upstream_fleet', '--config-file', conf_file], config_files=[])
    wall0, cpu0 = time.monotonic(), time.process_time()
    with open(target_file, 'w') as f:
        f.write(bmcs[0][1])
    pollsters = [cls(conf) for cls in (sensor.TemperatureSensorPollster,
                                       sensor.CurrentSensorPollster,
                                       sensor.FanSensorPollster,
                                       sensor.VoltageSensorPollster)]
    by_meter, ids, total = {}, [], 0
    for name, port in bmcs:
        with open(target_file, 'w') as f:
            f.write(port)
        conf.set_override('host', name)
        for p in pollsters:
            for s in p.get_samples(None, {}, [name]):
                by_meter[s.name] = by_meter.get(s.name, 0) + 1
                ids.append(s.resource_id)
                total += 1
    with open(out_file, 'w') as f:
        json.dump({'samples': total, 'by_meter': by_meter, 'resource_ids': ids,
                   'wall_s': round(time.monotonic() - wall0, 4),
                   'cpu_s': round(time.process_time() - cpu0, 4)}, f)


if __name__ == '__main__':
    main()
