#!/usr/bin/python3
"""Points every interface (public, internal, admin) of one service type in a Keystone catalog at URL.

    keystone-endpoint.py KEYSTONE_ENV TYPE NAME URL
    keystone-endpoint.py KEYSTONE_ENV TYPE --delete     (removes the service type from the catalog)

KEYSTONE_ENV is the service.env start-keystone.sh wrote (KEYSTONE_URL, OS_PASSWORD, OS_REGION_NAME).
The service of that type is created when missing; its existing endpoints are patched, missing
interfaces added. The start-<service>.sh scripts call it so that the catalog names the port the
service really listens on (tests run on free ports; a cached Keystone DB holds the old run's).
"""
import json
import sys
import urllib.request


def read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            key, sep, value = line.strip().partition("=")
            if sep:
                env[key] = value
    return env


def main():
    env_path, service_type, name = sys.argv[1:4]
    url = sys.argv[4] if len(sys.argv) > 4 else None
    env = read_env(env_path)
    ks = env["KEYSTONE_URL"]
    region = env.get("OS_REGION_NAME", "RegionOne")

    def call(method, path, body=None, token=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["X-Auth-Token"] = token
        req = urllib.request.Request(ks + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.headers.get("X-Subject-Token"), json.loads(res.read() or b"{}")

    token, _ = call("POST", "/auth/tokens", {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": "admin", "domain": {"id": "default"}, "password": env.get("OS_PASSWORD", "secret")}}},
        "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}})
    _, services = call("GET", "/services?type=" + service_type, token=token)
    if name == "--delete":
        for service in services["services"]:
            _, endpoints = call("GET", "/endpoints?service_id=" + service["id"], token=token)
            for e in endpoints["endpoints"]:
                call("DELETE", "/endpoints/" + e["id"], token=token)
            call("DELETE", "/services/" + service["id"], token=token)
        return
    if services["services"]:
        sid = services["services"][0]["id"]
    else:
        _, created = call("POST", "/services", {"service": {"name": name, "type": service_type}}, token)
        sid = created["service"]["id"]
    _, endpoints = call("GET", "/endpoints?service_id=" + sid, token=token)
    have = {e["interface"]: e for e in endpoints["endpoints"]}
    for iface in ("public", "internal", "admin"):
        if iface not in have:
            call("POST", "/endpoints", {"endpoint": {"service_id": sid, "interface": iface,
                                                     "region_id": region, "url": url}}, token)
        elif have[iface]["url"] != url:
            call("PATCH", "/endpoints/" + have[iface]["id"], {"endpoint": {"url": url}}, token)


if __name__ == "__main__":
    main()
