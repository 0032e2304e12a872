"""Reach an Elasticsearch or OpenSearch server: read the engine URL, pick the client, speak REST.

Why one thin layer over two client libraries: Bahith sends the same REST bodies to both engines
(mappings, bulk, search), so the adapter only needs "send this request, give me JSON or a clear
error". Each library brings what it is good at — connection pooling, TLS, auth, the product check —
and this module hides which one is in use.

Engine URLs (schemes, credentials, TLS, index layout) are read by `search.engine_url`; this module
receives their `EngineConfig`.
"""

from __future__ import annotations

import base64
import contextlib
import json
import ssl
import time
import urllib.error
import urllib.request
from typing import Any

from search.backends.base import BackendError
from search.engine_url import EngineConfig, parse_engine_url

RETRY_STATUSES = frozenset({429, 502, 503, 504})
# Elasticsearch 9 answers REST-compatibility requests for version 8, and 8 for itself, so one
# media type lets the 9.x client library talk to both server versions.
_ES_COMPAT = "application/vnd.elasticsearch+json; compatible-with=8"
_ES_COMPAT_NDJSON = "application/vnd.elasticsearch+x-ndjson; compatible-with=8"


class EngineRequestError(BackendError):
    """The server answered with an error status; `status` and `body` say what it answered."""

    def __init__(self, message: str, status: int | None, body: Any = None):
        super().__init__(message)
        self.status = status
        self.body = body


def reason_of(body: Any) -> str:
    """The most specific reason an engine error body gives."""
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict):
            cause = error.get("root_cause") or []
            first = cause[0] if cause and isinstance(cause[0], dict) else error
            reason = first.get("reason") or error.get("reason") or error.get("type")
            kind = first.get("type") or error.get("type")
            caused = error.get("caused_by", {})
            if isinstance(caused, dict) and caused.get("reason") and caused.get("reason") != reason:
                reason = f"{reason}: {caused['reason']}"
            return f"{kind}: {reason}" if kind and reason and kind != reason else str(reason or kind)
        return str(error)
    return str(body)[:300]


def _ssl_context(config: EngineConfig) -> ssl.SSLContext | None:
    if not config.tls:
        return None
    context = ssl.create_default_context(cafile=config.ca_certs)
    if not config.verify_certs:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _auth_headers(config: EngineConfig) -> dict[str, str]:
    if config.api_key:
        return {"Authorization": f"ApiKey {config.api_key}"}
    if config.user:
        token = base64.b64encode(f"{config.user}:{config.password or ''}".encode()).decode()
        return {"Authorization": f"Basic {token}"}
    return {}


def _get_json(config: EngineConfig, path: str) -> tuple[Any, dict[str, str], str]:
    """GET `path` with plain urllib: (parsed JSON or None, response headers, content type); HTTP errors raise."""
    request = urllib.request.Request(config.base + path, headers={"Accept": "application/json",
                                                                  **_auth_headers(config)})
    with urllib.request.urlopen(request, timeout=min(config.timeout, 10.0),
                                context=_ssl_context(config)) as response:
        raw = response.read(200_000)
        headers = {k.lower(): v for k, v in response.headers.items()}
    try:
        return json.loads(raw), headers, headers.get("content-type", "")
    except ValueError:
        return raw, headers, headers.get("content-type", "")


def _unreachable(config: EngineConfig, tried: str, exc: BaseException) -> BackendError:
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, ssl.SSLError):
            what = (f"TLS failed ({reason.reason or reason}); pass the cluster's CA with ca_certs=/path/ca.pem "
                    "or BAHITH_ENGINE_CA_CERTS")
        elif isinstance(reason, ConnectionRefusedError):
            what = "connection refused (nothing listens there; is the engine started?)"
        else:
            what = str(reason)
        return BackendError(f"cannot reach the search engine at {config.display}: {tried}: {what}")
    return BackendError(f"cannot reach the search engine at {config.display}: {tried}: {exc}")


def _http_refusal(config: EngineConfig, tried: str, exc: urllib.error.HTTPError) -> BackendError:
    detail = exc.read(500).decode("utf-8", "replace").strip()
    hint = ""
    if exc.code == 401:
        hint = ("; give credentials as user:password@host in the URL, api_key=… or "
                "BAHITH_ENGINE_USER/BAHITH_ENGINE_PASSWORD")
    elif exc.code == 403:
        hint = "; the user lacks the 'monitor' privilege"
    return BackendError(f"search engine {config.display}: {tried}, it answered HTTP {exc.code} "
                        f"{exc.reason}{hint}" + (f" ({detail[:200]})" if detail else ""))


def _product(headers: dict[str, str]) -> str | None:
    """Elasticsearch 7.14+ names itself in every response (`X-Elastic-Product`); OpenSearch never does."""
    return "elasticsearch" if headers.get("x-elastic-product", "").lower() == "elasticsearch" else None


def probe(config: EngineConfig) -> dict[str, Any]:
    """Who is there, which version, and which modules it has: `GET /`, else `GET /_nodes/_local`.

    Why not `GET /` alone: a node without the `rest-root` module (the Maven Central build of
    Elasticsearch used in CI, docs/adr/0030) answers it 405, and a proxy may hide it. The node info
    gives the version everywhere, and the `X-Elastic-Product` header says Elasticsearch
    (OpenSearch sends none). The answer is shaped like `GET /` (`version.number`,
    `version.distribution`), plus `modules`: the node's module and plugin names and classes (lower
    case), or None when not readable.
    """
    tried = f"tried GET {config.base}/"
    info: Any = None
    headers: dict[str, str] = {}
    try:
        info, headers, content_type = _get_json(config, "/")
    except urllib.error.HTTPError as exc:
        if exc.code not in (404, 405, 410):  # 401/403/5xx: say so; "no such endpoint": ask the node info
            raise _http_refusal(config, tried, exc) from None
        headers = {k.lower(): v for k, v in exc.headers.items()}
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise _unreachable(config, tried, exc) from None
    else:
        if not isinstance(info, dict) or "version" not in info:
            raw = info if isinstance(info, bytes) else json.dumps(info).encode()
            raise BackendError(
                f"{config.display} is not Elasticsearch or OpenSearch: {tried}, it answered "
                f"{content_type or 'no content type'}: {raw[:120].decode('utf-8', 'replace')!r}")
    product = _product(headers)
    nodes_tried = f"tried GET {config.base}/_nodes/_local/plugins"
    modules: list[str] | None = None
    try:
        nodes, node_headers, _ = _get_json(config, "/_nodes/_local/plugins")
        product = product or _product(node_headers)
        node = next(iter((nodes.get("nodes") or {}).values()), None) if isinstance(nodes, dict) else None
    except urllib.error.HTTPError as exc:
        if info is None:  # no `GET /` either: nothing tells what this server is
            raise _http_refusal(config, f"{tried}, then {nodes_tried}", exc) from None
        node = None  # e.g. a user without the monitor privilege: the modules stay unknown
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise _unreachable(config, nodes_tried, exc) from None
    if isinstance(node, dict):
        # modules and plugins alike, by name and by class: a node built by a test runner (OpenSearch's
        # codelibs runner) loads its modules as class-path plugins named after their classes
        loaded = [*(node.get("modules") or []), *(node.get("plugins") or [])]
        modules = sorted({str(m[key]).lower() for m in loaded if isinstance(m, dict)
                          for key in ("name", "classname") if m.get(key)})
    if info is None:
        if not isinstance(node, dict) or "version" not in node:
            raise BackendError(f"{config.display} is not Elasticsearch or OpenSearch: {tried} (HTTP 405/404), "
                               f"then {nodes_tried}: no node version in the answer")
        info = {"version": {"number": node["version"]}, "detected_by": "_nodes/_local"}
        if node.get("build_flavor"):
            info["version"]["build_flavor"] = node["build_flavor"]
    version = info.setdefault("version", {})
    if product == "elasticsearch":
        version.pop("distribution", None)
    elif info.get("detected_by") and not product:
        version["distribution"] = "opensearch"  # node info without Elastic's product header
    info["modules"] = modules
    return info


def kind_of(info: dict[str, Any]) -> str:
    version = info.get("version", {})
    if version.get("distribution") == "opensearch":
        return "opensearch"
    return "elasticsearch"


class EngineClient:
    """Send REST requests through the client library that fits the server; JSON in, JSON out."""

    def __init__(self, config: EngineConfig, info: dict[str, Any] | None = None, retries: int = 5,
                 backoff: float = 0.5):
        self.config = config
        self.retries = retries
        self.backoff = backoff
        self.info = info if info is not None else probe(config)
        detected = kind_of(self.info)
        if config.kind and config.kind != detected:
            raise BackendError(f"{config.display}: the URL says {config.kind} but the server is {detected} "
                               f"{self.info.get('version', {}).get('number', '?')}; use "
                               f"{detected}+{config.base.split('://')[0]}://…")
        self.kind = detected
        self.version = str(self.info.get("version", {}).get("number", "?"))
        major = int(self.version.split(".")[0]) if self.version[:1].isdigit() else 0
        if self.kind == "elasticsearch" and major and major < 8:
            raise BackendError(f"{config.display}: Elasticsearch {self.version} is too old; Bahith needs 8 or 9")
        self._client = self._make_client()

    @property
    def modules(self) -> list[str] | None:
        """The node's module names (`_nodes/_local/plugins`), None when the server did not say."""
        return self.info.get("modules")

    def has_module(self, name: str) -> bool:
        """Whether the node has module (or plugin) `name`, by name or by its class's package
        (`org.opensearch.percolator.PercolatorPlugin`); True when unknown (a user without the monitor
        privilege), so that a production cluster keeps its behaviour and a missing module fails where
        it is used."""
        return self.modules is None or any(name == m or f".{name}." in m for m in self.modules)

    @property
    def description(self) -> str:
        return f"{'OpenSearch' if self.kind == 'opensearch' else 'Elasticsearch'} {self.version}"

    def _make_client(self) -> Any:
        c = self.config
        if self.kind == "opensearch":
            from search.extras import MissingExtra, require

            try:
                require("opensearch")
            except MissingExtra as exc:
                raise BackendError(str(exc)) from None
            from opensearchpy import OpenSearch

            kwargs: dict[str, Any] = {"hosts": [c.base], "timeout": c.timeout, "max_retries": 0,
                                      "verify_certs": c.verify_certs, "ssl_show_warn": False}
            if c.ca_certs:
                kwargs["ca_certs"] = c.ca_certs
            if c.user:
                kwargs["http_auth"] = (c.user, c.password or "")
            if c.api_key:
                kwargs["headers"] = {"Authorization": f"ApiKey {c.api_key}"}
            return OpenSearch(**kwargs)
        from elasticsearch import Elasticsearch

        kwargs = {"hosts": [c.base], "request_timeout": c.timeout, "max_retries": 0,
                  "verify_certs": c.verify_certs, "ssl_show_warn": False}
        if c.ca_certs:
            kwargs["ca_certs"] = c.ca_certs
        if c.api_key:
            kwargs["api_key"] = c.api_key
        elif c.user:
            kwargs["basic_auth"] = (c.user, c.password or "")
        return Elasticsearch(**kwargs)

    def request(self, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None,
                ndjson: bool = False, retries: int | None = None) -> Any:
        """One REST call, retried with backoff while the engine is busy (429), failing over (502–504)
        or unreachable; errors become BackendError subclasses with the server's reason."""
        retries = self.retries if retries is None else retries
        attempt = 0
        while True:
            try:
                return self._request_once(method, path, body, params, ndjson)
            except EngineRequestError as exc:
                if attempt >= retries or not (exc.status is None or exc.status in RETRY_STATUSES):
                    if attempt:
                        exc.args = (f"{exc.args[0]} (after {attempt + 1} attempts)",)
                    raise
            time.sleep(self.backoff * 2 ** attempt)
            attempt += 1

    def get_or_none(self, path: str) -> Any:
        """A GET whose 404 means "not there" (a document, an alias) rather than an error: None then."""
        try:
            return self.request("GET", path)
        except EngineRequestError as exc:
            if exc.status == 404:
                return None
            raise

    def _request_once(self, method: str, path: str, body: Any, params: dict[str, Any] | None, ndjson: bool) -> Any:
        where = f"{method} {self.config.base}{path}"
        try:
            if self.kind == "opensearch":
                headers = {"content-type": "application/x-ndjson"} if ndjson else None
                return self._client.transport.perform_request(method, path, params=params, body=body,
                                                              headers=headers)
            headers = {"accept": _ES_COMPAT}
            if body is not None:
                headers["content-type"] = _ES_COMPAT_NDJSON if ndjson else _ES_COMPAT
            return self._client.perform_request(method, path, params=params, headers=headers, body=body).body
        except Exception as exc:  # both libraries' errors are translated here, nowhere else
            raise self._translate(exc, where) from None

    def _translate(self, exc: Exception, where: str) -> BackendError:
        status = getattr(exc, "status_code", None)
        meta = getattr(exc, "meta", None)
        if meta is not None and getattr(meta, "status", None):
            status = meta.status
        body = getattr(exc, "body", None) if self.kind == "elasticsearch" else getattr(exc, "info", None)
        if isinstance(status, int):
            return EngineRequestError(f"{where} failed: HTTP {status}: {reason_of(body)}", status, body)
        return EngineRequestError(f"lost the search engine at {self.config.display} ({where}): "
                                  f"{_network_cause(exc)}", None, None)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a dead connection is not worth reporting
            self._client.close()


def _network_cause(exc: BaseException) -> str:
    """The innermost OS-level reason (refused, reset, timed out) instead of three wrapped reprs."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return "connection refused"
        if isinstance(current, ConnectionResetError):
            return "connection reset"
        if isinstance(current, TimeoutError) or "timed out" in str(current).lower():
            return "timed out"
        stack += [e for e in (current.__cause__, current.__context__) if e is not None]
        stack += [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]
        for attr in ("errors", "reason", "info"):
            value = getattr(current, attr, None)
            if isinstance(value, BaseException):
                stack.append(value)
            elif isinstance(value, tuple | list):
                stack += [e for e in value if isinstance(e, BaseException)]
    text = str(exc)
    if "refused" in text.lower():
        return "connection refused"
    return f"{type(exc).__name__}: {text[:200]}"


def connect(url: str) -> EngineClient:
    return EngineClient(parse_engine_url(url))

__all__ = ["EngineClient", "EngineConfig", "EngineRequestError", "parse_engine_url", "reason_of"]
