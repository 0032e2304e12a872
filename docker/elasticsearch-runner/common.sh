# Sourced by start.sh and stop.sh: the folders and the pid check they share.
# shellcheck shell=bash
es_version="${BAHITH_ELASTICSEARCH_VERSION:-8.19.21}"
es_home="${BAHITH_ELASTICSEARCH_HOME:-$repo/.elasticsearch}"
port="${BAHITH_ELASTICSEARCH_PORT:-9266}"
url="http://127.0.0.1:$port"
pid_file="$es_home/elasticsearch-$port.pid"
log_file="$es_home/elasticsearch-$port.log"

pid_alive() {  # true when the pid file names a live Bahith launcher (not a recycled pid)
    [[ -f "$pid_file" ]] || return 1
    local pid
    pid="$(cat "$pid_file" 2>/dev/null)"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
        && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.bahith.eslauncher.Launcher'
}
