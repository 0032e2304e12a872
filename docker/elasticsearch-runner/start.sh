#!/usr/bin/env bash
# Start a real Elasticsearch node (from Maven Central, one JVM, loopback only) for Bahith's engine
# tests, wait until it is healthy, and prove that the Arabic analysis of mappings/ works on it.
# README.md beside this file says how it is built and why analysis comes from a stand-in plugin.
#
# Usage: docker/elasticsearch-runner/start.sh
#
# Environment (all optional):
#   BAHITH_ELASTICSEARCH_VERSION         Elasticsearch version (default 8.19.21; 9.x needs Java 21+)
#   BAHITH_ELASTICSEARCH_HOME            pid file, log file, node folders (default <repo>/.elasticsearch)
#   BAHITH_ELASTICSEARCH_PORT            HTTP port (default 9266)
#   BAHITH_ELASTICSEARCH_TRANSPORT_PORT  transport port (default 9366)
#   BAHITH_ELASTICSEARCH_DATA            data folder (default <home>/data-<version>, see "unprivileged user")
#   BAHITH_ELASTICSEARCH_HEAP            max JVM heap (default 1g)
#   BAHITH_ELASTICSEARCH_JAVA_HOME       the Java to run (default: the first Java new enough for the version
#                                        among JAVA_HOME, `java` on PATH and /usr/lib/jvm/*)
#   BAHITH_ELASTICSEARCH_JAVA_OPTS       extra JVM options
#   BAHITH_ELASTICSEARCH_TIMEOUT         seconds to wait for health (default 180)
#
# Elasticsearch refuses to run as root: started by root, the JVM runs as nobody:nogroup (setpriv)
# and its folders (node home, data, logs) are owned by that user; when <home> is not reachable for
# that user (a repository under /root), they go to ${TMPDIR:-/tmp}/bahith-elasticsearch-<port>.
#
# Exit status: 0 when the node is up and verified (or was already), 3 when no Java is new enough for
# the version asked for (callers may skip), other non-zero on any other failure (log tail printed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=common.sh
source "$here/common.sh"

case "${1:-}" in
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    "") ;;
    *) echo "start.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

version="$es_version"
transport_port="${BAHITH_ELASTICSEARCH_TRANSPORT_PORT:-9366}"
timeout="${BAHITH_ELASTICSEARCH_TIMEOUT:-180}"
heap="${BAHITH_ELASTICSEARCH_HEAP:-1g}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "start.sh: BAHITH_ELASTICSEARCH_VERSION must be like 8.19.21, got '$version'" >&2; exit 2; }
major="${version%%.*}"
mkdir -p "$es_home"

fail() {
    echo "start.sh: $*" >&2
    if [[ -f "$log_file" ]]; then
        echo "---- last 40 lines of $log_file ----" >&2
        tail -n 40 "$log_file" >&2
    fi
    exit 1
}
die() { echo "start.sh: $*" >&2; exit 1; }

health() {  # prints the health JSON when the node answers yellow or green
    local body
    body="$(curl -s --max-time 15 "$url/_cluster/health?wait_for_status=yellow&timeout=${1:-1s}")" || return 1
    [[ "$body" == *'"status":"'* && "$body" != *'"timed_out":true'* ]] || return 1
    printf '%s' "$body"
}

is_elasticsearch() {  # the product header every Elasticsearch 8/9 response carries (OpenSearch has none)
    curl -s -o /dev/null -D - --max-time 5 "$url/_cluster/health" | tr -d '\r' \
        | grep -qi '^x-elastic-product: Elasticsearch$'
}

# ---------------------------------------------------------------- 1. already running?
if health >/dev/null; then
    is_elasticsearch || die "something that is not Elasticsearch answers on $url; choose another BAHITH_ELASTICSEARCH_PORT"
    if pid_alive; then
        echo "elasticsearch already running on $url (pid $(cat "$pid_file"))"
    else
        echo "elasticsearch already running on $url (not started by this script: no live pid file)"
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
    command -v mvn >/dev/null || die "mvn not found (Maven 3.8+ is needed)"
    command -v curl >/dev/null || die "curl not found"
    command -v python3 >/dev/null || die "python3 not found (it reads the transport module's descriptor)"

    # ------------------------------------------------------------ 2. a Java new enough for the version
    if [[ "$major" -ge 9 ]]; then need_java=21; else need_java=17; fi
    java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }
    java_home=""
    candidates=("${BAHITH_ELASTICSEARCH_JAVA_HOME:-}" "${JAVA_HOME:-}")
    if command -v java >/dev/null; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    fi
    candidates+=(/usr/lib/jvm/*)
    for candidate in "${candidates[@]}"; do
        [[ -n "$candidate" && -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
        jm="$(java_major "$candidate")"
        if [[ -n "$jm" && "$jm" -ge "$need_java" ]]; then java_home="$candidate"; break; fi
    done
    if [[ -z "$java_home" ]]; then
        echo "start.sh: Elasticsearch $version needs a Java $need_java+ JDK; none found (set BAHITH_ELASTICSEARCH_JAVA_HOME)" >&2
        exit 3
    fi
    release=17; [[ "$need_java" -ge 21 ]] && release=21

    # ------------------------------------------------------------ 3. build (cached in ~/.m2 and target/<version>)
    target="$here/target/$version"
    jar="$target/bahith-dev-elasticsearch-0.1.0.jar"
    plugin_jar="$target/bahith-dev-elasticsearch-0.1.0-analysis-standin.jar"
    cp_file="$target/classpath.txt"
    need_build=0
    if [[ ! -f "$jar" || ! -f "$plugin_jar" || ! -f "$cp_file" || "$here/pom.xml" -nt "$jar" ]]; then
        need_build=1
    elif [[ -n "$(find "$here/src" -newer "$jar" -type f -print -quit)" ]]; then
        need_build=1
    else
        IFS=: read -r -a entries < "$cp_file" || true  # ~/.m2 may have been cleaned since
        for entry in "${entries[@]}"; do [[ -f "$entry" ]] || { need_build=1; break; }; done
    fi
    if [[ "$need_build" -eq 1 ]]; then
        echo "building the launcher and the analysis stand-in for Elasticsearch $version (mvn, cached in ~/.m2)..."
        build_log="$es_home/build-$version.log"
        mvn_args=(-q -B "-Des.version=$version" "-Djava.release=$release" package -DskipTests)
        if ! (cd "$here" && JAVA_HOME="$java_home" mvn -o "${mvn_args[@]}") >"$build_log" 2>&1; then
            echo "offline build failed (artifacts not cached yet?); building online..."
            (cd "$here" && JAVA_HOME="$java_home" mvn "${mvn_args[@]}") >"$build_log" 2>&1 \
                || { tail -n 40 "$build_log" >&2; die "maven build failed; see $build_log"; }
        fi
    fi

    # ------------------------------------------------------------ 4. the node's folders
    # Elasticsearch refuses root: as root, run as nobody, in folders that user can reach and own.
    as_user=()
    if [[ "$(id -u)" -eq 0 ]]; then
        command -v setpriv >/dev/null || die "running as root needs setpriv (util-linux) to start Elasticsearch as nobody"
        as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
        if ! "${as_user[@]}" test -x "$es_home" 2>/dev/null; then
            node_root="${TMPDIR:-/tmp}/bahith-elasticsearch-$port"
            echo "note: $es_home is not reachable for user nobody; the node's folders go to $node_root"
        else
            node_root="$es_home"
        fi
    else
        node_root="$es_home"
    fi
    node_home="$node_root/home-$version"
    data_dir="${BAHITH_ELASTICSEARCH_DATA:-$node_root/data-$version}"
    logs_dir="$node_root/logs-$version"
    stamp="$node_home/.built-from"
    if [[ ! -f "$stamp" || "$jar" -nt "$stamp" || "$cp_file" -nt "$stamp" ]]; then
        rm -rf "$node_home"
        mkdir -p "$node_home/lib" "$node_home/config" "$node_home/modules/transport-netty4" \
                 "$node_home/modules/bahith-analysis-standin"
        IFS=: read -r -a entries < "$cp_file" || true
        for entry in "${entries[@]}"; do
            case "$(basename "$entry")" in
                # the HTTP/transport module and what only it uses: loaded by Elasticsearch from modules/
                netty-*|transport-netty4-*|elasticsearch-ssl-config-*) cp "$entry" "$node_home/modules/transport-netty4/" ;;
                *) cp "$entry" "$node_home/lib/" ;;
            esac
        done
        netty_jar="$(ls "$node_home"/modules/transport-netty4/transport-netty4-*.jar)"
        python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
            "$netty_jar" 'META-INF/es-plugins/transport-netty4/plugin-descriptor.properties' \
            >"$node_home/modules/transport-netty4/plugin-descriptor.properties" \
            || die "no plugin descriptor in $netty_jar"
        cp "$plugin_jar" "$node_home/modules/bahith-analysis-standin/"
        cat >"$node_home/modules/bahith-analysis-standin/plugin-descriptor.properties" <<PROPS
description=TEST SUPPORT ONLY: Bahith's stand-in for analysis-common (not on Maven Central); see docker/elasticsearch-runner/README.md
version=0.1.0
name=bahith-analysis-standin
classname=org.bahith.esanalysis.AnalysisStandinPlugin
java.version=17
elasticsearch.version=$version
extended.plugins=
has.native.controller=false
PROPS
        cp "$jar" "$node_home/"
        date -u >"$stamp"
    fi
    mkdir -p "$data_dir" "$logs_dir" "$node_root/tmp"
    if [[ "${#as_user[@]}" -gt 0 ]]; then
        chmod -R a+rX "$node_home"
        chown -R nobody:nogroup "$data_dir" "$logs_dir" "$node_root/tmp"
    fi

    # ------------------------------------------------------------ 5. start in the background
    [[ -f "$log_file" ]] && mv -f "$log_file" "$log_file.1"
    # shellcheck disable=SC2086  # BAHITH_ELASTICSEARCH_JAVA_OPTS is a list of options
    setsid nohup "${as_user[@]}" "$java_home/bin/java" \
        -Xms256m "-Xmx$heap" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
        -Dfile.encoding=UTF-8 -Dlog4j2.formatMsgNoLookups=true -Dlog4j.shutdownHookEnabled=false \
        -Dlog4j2.disable.jmx=true "-Djava.io.tmpdir=$node_root/tmp" \
        ${BAHITH_ELASTICSEARCH_JAVA_OPTS:-} \
        --module-path "$node_home/lib" --add-modules ALL-MODULE-PATH \
        -cp "$node_home/$(basename "$jar")" \
        org.bahith.eslauncher.Launcher \
        --home "$node_home" --data-dir "$data_dir" --logs-dir "$logs_dir" \
        --port "$port" --transport-port "$transport_port" --cluster-name bahith-es-dev \
        </dev/null >>"$log_file" 2>&1 &
    echo $! >"$pid_file"
    pid="$(cat "$pid_file")"
    echo "starting elasticsearch $version (java $(java_major "$java_home"), heap $heap, pid $pid, log $log_file)..."

    # ------------------------------------------------------------ 6. wait for health
    started=$SECONDS
    until health 5s >/dev/null; do
        kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; fail "elasticsearch exited during start-up"; }
        (( SECONDS - started < timeout )) || fail "not healthy after ${timeout}s (still running: pid $pid; stop.sh stops it)"
        sleep 1
    done
    echo "node healthy after $((SECONDS - started))s"
    is_elasticsearch || fail "the node answers without X-Elastic-Product: Elasticsearch"
fi

# ---------------------------------------------------------------- 7. verify what Bahith needs
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
# One chain proves each filter of mappings/ exists on this node and does its job:
# mapping ﻻ→لا, lowercase, decimal_digit ٣→3, persian_normalization ک→ك, arabic_normalization أ→ا,
# stemmer_override كتب→كتاب, stemmer (arabic) والمفاوضات→مفاوض, stop (a server filter).
chain='{"tokenizer":"standard","char_filter":[{"type":"mapping","mappings":["\\ufefb => \\u0644\\u0627"]}],'
chain+='"filter":["lowercase","decimal_digit",{"type":"stop","stopwords":["في"]},"persian_normalization",'
chain+='"arabic_normalization",{"type":"stemmer_override","rules":["كتب => كتاب"]},{"type":"stemmer","language":"arabic"}],'
chain+='"text":"٣ والمفاوضات في کتب أحمد ﻻ ABC"}'
body="$(post GET /_analyze "$chain")" || fail "_analyze with the Arabic filter chain failed: $body"
expect "arabic filters" "$body" '"token":"3"' '"token":"مفاوض"' '"token":"كتاب"' '"token":"احمد"' '"token":"لا"' '"token":"abc"'
[[ "$body" != *'"token":"في"'* ]] || fail "self-check 'stop' failed: في was not removed: $body"
version_seen="$(curl -s --max-time 10 "$url/_nodes/_local?filter_path=nodes.*.version" | sed -n 's/.*"version":"\([^"]*\)".*/\1/p')"
echo "self-check passed: Elasticsearch $version_seen; mapping, lowercase, decimal_digit, stop, persian_normalization, arabic_normalization, stemmer_override, stemmer (arabic) [analysis stand-in]; no percolator on this node (Bahith matches alerts itself)"
echo "elasticsearch ready on $url"
