#!/usr/bin/env bash
# The net-snmp CLI floor for one host: the Stein scalars with one snmpget, then every Stein
# subtree with snmpbulkwalk (-Cr25, the same max-repetitions as ours), as a shell poller would.
#   cli-host.sh PORT COMMUNITY OIDS_FILE      (OIDS_FILE: line 1 scalars, line 2 subtrees)
set -u
port=$1 community=$2
{ read -r scalars; read -r subtrees; } < "$3"
# shellcheck disable=SC2086
snmpget -v2c -c "$community" -On -r 1 -t 2 "127.0.0.1:$port" $scalars > /dev/null
for t in $subtrees; do
  snmpbulkwalk -v2c -c "$community" -On -Cr25 -r 1 -t 2 "127.0.0.1:$port" "$t" > /dev/null
done
