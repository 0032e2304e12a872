#!/usr/bin/env bash
# Stop the Elasticsearch started by start.sh (same BAHITH_ELASTICSEARCH_HOME and _PORT): SIGTERM (the
# launcher closes the node cleanly), wait, then SIGKILL after a timeout. Only the pid in the pid file
# is signalled, and only if it really is our launcher (guards against a recycled pid).
#
# Environment: BAHITH_ELASTICSEARCH_HOME, BAHITH_ELASTICSEARCH_PORT (as for start.sh),
#              BAHITH_ELASTICSEARCH_STOP_TIMEOUT seconds before SIGKILL (default 30).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=common.sh
source "$here/common.sh"
stop_timeout="${BAHITH_ELASTICSEARCH_STOP_TIMEOUT:-30}"

alive() {  # a zombie (exited, not yet reaped by its parent) counts as stopped
    kill -0 "$1" 2>/dev/null || return 1
    [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != "Z" ]]
}

if [[ ! -f "$pid_file" ]]; then
    echo "elasticsearch not running (no $pid_file)"
    exit 0
fi
pid="$(cat "$pid_file")"
if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! alive "$pid"; then
    echo "elasticsearch not running (stale pid file removed)"
    rm -f "$pid_file"
    exit 0
fi
if ! pid_alive; then
    echo "stop.sh: pid $pid is not the Bahith Elasticsearch launcher; leaving it alone (remove $pid_file if stale)" >&2
    exit 1
fi

kill -TERM "$pid"
waited=0
while alive "$pid"; do
    if (( waited >= stop_timeout * 10 )); then
        echo "elasticsearch (pid $pid) still running after ${stop_timeout}s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        break
    fi
    sleep 0.1
    waited=$((waited + 1))
done
while alive "$pid"; do sleep 0.1; done
for _ in {1..50}; do [[ -e "/proc/$pid" ]] || break; sleep 0.1; done
rm -f "$pid_file"
echo "elasticsearch stopped (pid $pid)"
