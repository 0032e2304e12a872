# Sourced by .ci/run: Elasticsearch 9.x beside 8.19 (issue 19: "9.x runs too wherever a Java 21+ runtime is
# found"), on http 9267 / transport 9367. Without a Java 21+ the 9.x tests skip, saying so: the only skip
# the issue allows. The Maven downloads live in ~/.m2 like 8.19's.
_bahith_es9_java=""
for _j in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -n "$_j" ] && [ -x "$_j/bin/java" ] || continue
  _v="$("$_j/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
  if [ "${_v:-0}" -ge 21 ] 2>/dev/null; then _bahith_es9_java="$_j"; break; fi
done
if [ -n "$_bahith_es9_java" ]; then
  _bahith_es9_env="BAHITH_ELASTICSEARCH_VERSION=${BAHITH_ELASTICSEARCH9_VERSION:-9.5.3} BAHITH_ELASTICSEARCH_PORT=9267 BAHITH_ELASTICSEARCH_TRANSPORT_PORT=9367 BAHITH_ELASTICSEARCH_JAVA_HOME=$_bahith_es9_java"
  if curl -fsS --max-time 2 "http://127.0.0.1:9267/_cluster/health" >/dev/null 2>&1; then
    echo "elasticsearch 9 already running on port 9267; using it"
  else
    env $_bahith_es9_env docker/elasticsearch-runner/start.sh
    CLEANUP+=("env $_bahith_es9_env docker/elasticsearch-runner/stop.sh")
  fi
  export BAHITH_TEST_ELASTICSEARCH9="http://127.0.0.1:9267"
else
  echo "no Java 21+ runtime (JAVA_HOME, /usr/lib/jvm/*): the Elasticsearch 9.x tests will skip"
  export BAHITH_TEST_ELASTICSEARCH9_SKIP="Elasticsearch 9.x needs a Java 21+ runtime and none was found (JAVA_HOME, /usr/lib/jvm/*)"
fi
unset _bahith_es9_java _bahith_es9_env _j _v
