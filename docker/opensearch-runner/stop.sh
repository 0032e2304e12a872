#!/usr/bin/env bash
# Stop the OpenSearch started by start.sh: SIGTERM (the launcher closes the nodes cleanly), wait,
# then SIGKILL after a timeout. Only the pid in the pid file is signalled, and only if it really is
# our launcher (guards against a recycled pid).
#
# Environment: BAHITH_OPENSEARCH_HOME (default <repo>/.opensearch),
#              BAHITH_OPENSEARCH_STOP_TIMEOUT seconds before SIGKILL (default 30).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
os_home="${BAHITH_OPENSEARCH_HOME:-$repo/.opensearch}"
pid_file="$os_home/opensearch.pid"
stop_timeout="${BAHITH_OPENSEARCH_STOP_TIMEOUT:-30}"

alive() {  # a zombie (exited, not yet reaped by its parent) counts as stopped
    kill -0 "$1" 2>/dev/null || return 1
    [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != "Z" ]]
}

if [[ ! -f "$pid_file" ]]; then
    echo "opensearch not running (no $pid_file)"
    exit 0
fi
pid="$(cat "$pid_file")"
if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! alive "$pid"; then
    echo "opensearch not running (stale pid file removed)"
    rm -f "$pid_file"
    exit 0
fi
if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.bahith.devengine.Launcher'; then
    echo "stop.sh: pid $pid is not the Bahith OpenSearch launcher; leaving it alone (remove $pid_file if stale)" >&2
    exit 1
fi

kill -TERM "$pid"
waited=0
while alive "$pid"; do
    if (( waited >= stop_timeout * 10 )); then
        echo "opensearch (pid $pid) still running after ${stop_timeout}s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        break
    fi
    sleep 0.1
    waited=$((waited + 1))
done
while alive "$pid"; do sleep 0.1; done
# An exited process may still be tearing down (sockets in the kernel) until it is reaped; give it
# a few seconds so that an immediate start.sh finds the ports free.
for _ in {1..50}; do [[ -e "/proc/$pid" ]] || break; sleep 0.1; done
rm -f "$pid_file"
echo "opensearch stopped (pid $pid)"
