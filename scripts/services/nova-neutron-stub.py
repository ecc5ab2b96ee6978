#!/usr/bin/python3
"""A stand-in for Neutron's API on 127.0.0.1:PORT for start-nova-api.sh: answers every GET list
call (`/v2.0/ports`, `/v2.0/security-groups`, `/v2.0/networks`, `/v2.0/floatingips`, ...) with an
empty list under the resource's key, and `/` with a version document. Nova's `servers/detail`
asks it for the ports and security groups of the listed instances; nothing else is called
without a compute service.  usage: nova-neutron-stub.py PORT"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802
        path = self.path.split("?", 1)[0].rstrip("/")
        if path in ("", "/v2.0"):
            self._send(200, {"versions": [{"id": "v2.0", "status": "CURRENT", "links": []}]})
            return
        resource = path.rsplit("/", 1)[-1]
        if resource.endswith(".json"):
            resource = resource[:-5]
        # /v2.0/security-groups -> "security_groups"
        self._send(200, {resource.replace("-", "_"): []})

    def log_message(self, fmt, *args):
        sys.stderr.write("%s\n" % (fmt % args))
        sys.stderr.flush()


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
