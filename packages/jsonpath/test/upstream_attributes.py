"""Evaluates gnocchi_resources.yaml attributes with upstream's gnocchi publisher
(ResourcesDefinition.sample_attributes), for attribute-definitions.compat.test.ts.

argv[1]: the definitions file. stdin: JSON list of sample dicts (Sample's
constructor arguments). stdout: JSON {resource_type: [attributes per sample]}.
"""
import json
import sys

import yaml
from stevedore import extension

from ceilometer.publisher import gnocchi
from ceilometer import sample as sample_mod


def main():
    with open(sys.argv[1]) as f:
        cfg = yaml.safe_load(f)
    plugins = extension.ExtensionManager('ceilometer.event.trait_plugin')
    samples = [sample_mod.Sample(**s) for s in json.load(sys.stdin)]
    out = {}
    for resource in cfg['resources']:
        rd = gnocchi.ResourcesDefinition(
            resource, cfg.get('archive_policy_default', 'ceilometer-low'),
            None, plugins)
        out[resource['resource_type']] = [rd.sample_attributes(s)
                                          for s in samples]
    json.dump(out, sys.stdout)


main()
