# Sourced by .ci/run: a real Elasticsearch 8.19 for the engine tests (docker/elasticsearch-runner/,
# docs/adr/0030), on http 9266 / transport 9366 (9250–9260 / 9350–9360 are OpenSearch's).
# The Maven downloads live in ~/.m2, so only the first run on a machine fetches them (~45 MB).
# An Elasticsearch that was already running there (a developer's) is used and left running.
_bahith_es_port="${BAHITH_ELASTICSEARCH_PORT:-9266}"
export BAHITH_ELASTICSEARCH_PORT="$_bahith_es_port"
export BAHITH_ELASTICSEARCH_TRANSPORT_PORT="${BAHITH_ELASTICSEARCH_TRANSPORT_PORT:-9366}"
if curl -fsS --max-time 2 "http://127.0.0.1:${_bahith_es_port}/_cluster/health" >/dev/null 2>&1; then
  echo "elasticsearch already running on port ${_bahith_es_port}; using it"
  docker/elasticsearch-runner/start.sh
else
  docker/elasticsearch-runner/start.sh
  CLEANUP+=("docker/elasticsearch-runner/stop.sh")
fi
export BAHITH_TEST_ELASTICSEARCH="http://127.0.0.1:${_bahith_es_port}"
unset _bahith_es_port
