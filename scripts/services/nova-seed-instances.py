#!/usr/bin/python3
"""Writes instances straight into a private nova-api's cell database through Nova's own object
layer (no scheduler, no compute, no booting), so `GET /servers/detail` lists them as Nova would.

    nova-seed-instances.py NOVA_CONF < seed.json

seed.json: {"instances": [{"id": uuid, "name": display name, "host": compute host,
  "project_id": ..., "user_id": ..., "flavor": {"name", "vcpus", "ram", "disk", "ephemeral",
  "swap"?}, "image": image uuid or null, "vm_state": "active"|"stopped"|"paused"...,
  "power_state": 1|4|3..., "instance_name"?: libvirt domain name (ignored by Nova: its
  `OS-EXT-SRV-ATTR:instance_name` is derived from the database id), "metadata"?: {k: v}}]}
An instance whose uuid exists already is updated (display name, vm_state, power_state, host),
which moves its `updated_at` (what `changes-since` filters on); `"deleted": true` soft-deletes it.
Flavors are created by name when missing. Prints one JSON line per instance:
{"id", "action": "created"|"updated"|"deleted", "instance_name", "updated_at"}.
"""
import json
import sys

from oslo_config import cfg

from nova import config, context, objects
from nova.network import model as network_model


def flavor_for(ctxt, spec):
    try:
        return objects.Flavor.get_by_name(ctxt, spec["name"])
    except Exception:  # FlavorNotFoundByName
        flavor = objects.Flavor(context=ctxt, name=spec["name"], memory_mb=spec["ram"], vcpus=spec["vcpus"],
                                root_gb=spec["disk"], ephemeral_gb=spec.get("ephemeral", 0),
                                swap=spec.get("swap", 0) or 0, flavorid=spec.get("id", spec["name"]),
                                extra_specs=spec.get("extra_specs", {}), is_public=True)
        flavor.create()
        return flavor


def main():
    config.parse_args(["nova-seed-instances", "--config-file", sys.argv[1]])
    objects.register_all()
    admin = context.get_admin_context()
    cell = next(c for c in objects.CellMappingList.get_all(admin) if not c.is_cell0())
    seed = json.load(sys.stdin)
    with context.target_cell(admin, cell) as cctxt:
        for spec in seed["instances"]:
            try:
                inst = objects.Instance.get_by_uuid(cctxt, spec["id"], expected_attrs=["flavor", "metadata"])
            except Exception:  # InstanceNotFound
                inst = None
            if inst is not None and spec.get("deleted"):
                # as the compute manager does: vm_state DELETED is saved (moving updated_at, what
                # changes-since filters on; the soft delete keeps updated_at), then the row is destroyed
                inst.vm_state = "deleted"
                inst.power_state = 0
                inst.save()
                inst.destroy()
                action = "deleted"
            elif inst is not None:
                inst.display_name = spec["name"]
                inst.vm_state = spec.get("vm_state", inst.vm_state)
                inst.power_state = spec.get("power_state", inst.power_state)
                inst.host = spec.get("host", inst.host)
                inst.node = inst.host
                inst.save()
                action = "updated"
            else:
                flavor = flavor_for(admin, spec["flavor"])
                inst = objects.Instance(
                    context=cctxt, uuid=spec["id"], display_name=spec["name"], hostname=spec["name"],
                    host=spec["host"], node=spec["host"], launched_on=spec["host"],
                    project_id=spec["project_id"], user_id=spec["user_id"],
                    vm_state=spec.get("vm_state", "active"), power_state=spec.get("power_state", 1),
                    task_state=None, flavor=flavor, instance_type_id=flavor.id,
                    memory_mb=flavor.memory_mb, vcpus=flavor.vcpus, root_gb=flavor.root_gb,
                    ephemeral_gb=flavor.ephemeral_gb, image_ref=spec.get("image") or "",
                    availability_zone=spec.get("availability_zone", "nova"),
                    metadata=spec.get("metadata", {}), system_metadata={},
                    os_type=spec.get("os_type"), architecture=spec.get("architecture"),
                    launched_at=cctxt.timestamp if hasattr(cctxt, "timestamp") else None)
                # an empty network info cache, as for an instance without ports: without it the
                # server view fails on `None` (TypeError, HTTP 500)
                inst.info_cache = objects.InstanceInfoCache(network_info=network_model.NetworkInfo())
                inst.create()
                objects.InstanceMapping(admin, instance_uuid=spec["id"], cell_mapping=cell,
                                        project_id=spec["project_id"], user_id=spec["user_id"],
                                        queued_for_delete=False).create()
                action = "created"
            print(json.dumps({"id": spec["id"], "action": action, "instance_name": inst.name,
                              "updated_at": inst.updated_at.isoformat() if inst.updated_at else
                              (inst.created_at.isoformat() if inst.created_at else None)}))


if __name__ == "__main__":
    cfg.CONF.import_opt("host", "nova.conf.netconf")
    main()
