"""What an engine URL says, read in one place: which engine, where it keeps the archive, how to reach it.

Every part of Bahith that needs to know "is this the embedded engine or a search server, and where"
asks an `EngineUrl` instead of looking at the string: the engine registry (search.backends), the
alert store (beside a SQLite file, or in the user's data folder for a server), the corrections file
of enrichment (beside the SQLite file, else in the working folder) and the web page cache.

Engine URLs:
  sqlite:///archive.db                     the embedded engine, a file relative to the working folder
  sqlite:////abs/path/archive.db           … or an absolute path
  opensearch+http://host:9200/alias        OpenSearch through opensearch-py
  elasticsearch+https://host:9200/alias    Elasticsearch 8/9 through elasticsearch-py
  http(s)://host:9200/alias                ask the server (`GET /`) which one it is
Credentials and TLS of a search server: `user:password@host` (basic auth), query parameters
`api_key=…` (Elasticsearch API key, the base64 "id:key" form), `ca_certs=/path/ca.pem`,
`verify_certs=false` (testing only); the environment variables BAHITH_ENGINE_USER /
BAHITH_ENGINE_PASSWORD / BAHITH_ENGINE_API_KEY / BAHITH_ENGINE_CA_CERTS fill whatever the URL leaves
out, so secrets need not sit in shell history. Index layout parameters: `shards=N`, `replicas=N`.
The path names the alias (default `bahith`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from search.backends.base import BackendError

DEFAULT_ALIAS = "bahith"
_SERVER_SCHEMES = {"opensearch+http": "opensearch", "opensearch+https": "opensearch",
                   "elasticsearch+http": "elasticsearch", "elasticsearch+https": "elasticsearch",
                   "http": "", "https": ""}
_KNOWN_PARAMS = {"api_key", "ca_certs", "verify_certs", "shards", "replicas", "timeout"}
_ALIAS = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_USAGE = ("use sqlite:///path/to/archive.db "
          "(or, for a search server, opensearch+http://host:9200 / elasticsearch+https://host:9200)")


class EngineUrlError(BackendError):
    """An engine URL that cannot be used; the message quotes the URL and names the part that is wrong.

    A BackendError, so every command that opens an archive reports it as a plain error.
    """


class EngineKind(StrEnum):
    SQLITE = "sqlite"
    OPENSEARCH = "opensearch"
    ELASTICSEARCH = "elasticsearch"
    SERVER = "server"  # plain http(s): the server says which of the two it is


@dataclass
class EngineConfig:
    """How to reach a search server, with the secrets kept out of `display`."""

    url: str                 # as given
    base: str                # scheme://host:port, no credentials
    kind: str                # "opensearch", "elasticsearch" or "" (ask the server)
    alias: str = DEFAULT_ALIAS
    user: str | None = None
    password: str | None = None
    api_key: str | None = None
    ca_certs: str | None = None
    verify_certs: bool = True
    shards: int | None = None
    replicas: int | None = None
    timeout: float = 30.0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def tls(self) -> bool:
        """Whether the server is reached over HTTPS."""
        return self.base.startswith("https:")

    @property
    def display(self) -> str:
        """The URL without password or key, for messages."""
        return f"{self.base}/{self.alias}"


def parse_engine_url(url: str) -> EngineConfig:
    """Read a search server's engine URL; any mistake is named with the part of the URL that is wrong."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _SERVER_SCHEMES:
        raise EngineUrlError(f"engine URL {url!r}: scheme {parts.scheme!r} is not one of "
                           f"{', '.join(sorted(_SERVER_SCHEMES))}")
    if not parts.hostname:
        raise EngineUrlError(f"engine URL {url!r} names no host; write e.g. opensearch+http://127.0.0.1:9200")
    try:
        port = parts.port
    except ValueError:
        raise EngineUrlError(f"engine URL {url!r}: the port is not a number") from None
    http = "https" if scheme.endswith("https") else "http"
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    base = f"{http}://{host}" + (f":{port}" if port else "")
    alias = parts.path.strip("/") or DEFAULT_ALIAS
    if not _ALIAS.match(alias):
        raise EngineUrlError(f"engine URL {url!r}: index alias {alias!r} must be lowercase letters, digits, "
                           "'-', '_' or '.', and not start with a symbol")
    params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    unknown = sorted(set(params) - _KNOWN_PARAMS)
    if unknown:
        raise EngineUrlError(f"engine URL {url!r}: unknown parameter {unknown[0]!r}; known: "
                           f"{', '.join(sorted(_KNOWN_PARAMS))}")
    config = EngineConfig(url=url, base=base, kind=_SERVER_SCHEMES[scheme], alias=alias,
                          user=unquote(parts.username) if parts.username else os.environ.get("BAHITH_ENGINE_USER"),
                          password=(unquote(parts.password) if parts.password is not None
                                    else os.environ.get("BAHITH_ENGINE_PASSWORD")),
                          api_key=params.get("api_key") or os.environ.get("BAHITH_ENGINE_API_KEY"),
                          ca_certs=params.get("ca_certs") or os.environ.get("BAHITH_ENGINE_CA_CERTS"))
    if "verify_certs" in params:
        value = params["verify_certs"].lower()
        if value not in {"true", "false", "1", "0"}:
            raise EngineUrlError(f"engine URL {url!r}: verify_certs must be true or false, got {value!r}")
        config.verify_certs = value in {"true", "1"}
    for name in ("shards", "replicas"):
        if name in params:
            if not params[name].isdigit() or (name == "shards" and int(params[name]) < 1):
                raise EngineUrlError(f"engine URL {url!r}: {name} must be a whole number"
                                   + (" ≥ 1" if name == "shards" else ""))
            setattr(config, name, int(params[name]))
    if "timeout" in params:
        try:
            config.timeout = float(params["timeout"])
        except ValueError:
            raise EngineUrlError(f"engine URL {url!r}: timeout must be seconds, got {params['timeout']!r}") from None
    if config.ca_certs and not os.path.isfile(config.ca_certs):
        raise EngineUrlError(f"engine URL {url!r}: CA file {config.ca_certs} does not exist")
    return config


def sqlite_path(url: str) -> Path:
    """`sqlite:///bahith.db` → bahith.db (relative), `sqlite:////abs/x.db` → /abs/x.db."""
    if not url.lower().startswith("sqlite://"):
        raise EngineUrlError(f"not a SQLite engine URL: {url!r} (expected sqlite:///path/to/archive.db)")
    rest = url[len("sqlite://"):]
    if not rest.startswith("/") or rest == "/":
        raise EngineUrlError(f"SQLite URL {url!r} has no file path; write sqlite:///archive.db")
    return Path(rest[1:])


@dataclass(frozen=True)
class EngineUrl:
    """An engine URL, read once: the kind of engine and where its archive is.

    `path` is the SQLite file (None for a server); `server` holds how to reach a search server
    (host, alias, credentials from the URL or the environment; None for SQLite).
    """

    url: str
    kind: EngineKind
    path: Path | None = None
    server: EngineConfig | None = None

    @classmethod
    def parse(cls, url: str | EngineUrl) -> EngineUrl:
        """Read `url`; a URL no engine understands raises EngineUrlError quoting it."""
        if isinstance(url, EngineUrl):
            return url
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "sqlite":
            return cls(url, EngineKind.SQLITE, path=sqlite_path(url))
        if "://" in url and scheme in _SERVER_SCHEMES:
            config = parse_engine_url(url)
            return cls(url, EngineKind(config.kind or "server"), server=config)
        known = "sqlite, " + ", ".join(sorted(_SERVER_SCHEMES))
        raise EngineUrlError(f"engine URL {url!r} is not understood (scheme {scheme or '(none)'!r} is not one of "
                             f"{known}); {_USAGE}")

    @property
    def is_sqlite(self) -> bool:
        return self.kind is EngineKind.SQLITE

    @property
    def is_server(self) -> bool:
        return self.kind is not EngineKind.SQLITE

    @property
    def alias(self) -> str | None:
        """The index alias on a search server (None for SQLite)."""
        return self.server.alias if self.server else None

    @property
    def folder(self) -> Path:
        """The archive's own folder: the SQLite file's, else (a server has none) the working folder."""
        return self.path.resolve().parent if self.path is not None else Path.cwd()

    @property
    def slug(self) -> str:
        """A file name for this engine and index (host, port, path), for state kept outside the engine."""
        parts = urlsplit(self.url)
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{parts.hostname or 'localhost'}_{parts.port or ''}{parts.path}")
        return name.strip("_") or "default"

    @property
    def public(self) -> str:
        """The engine as readers of the web API may see it: a SQLite archive by its file name only (not
        the server's folders); a search server as given (its `display` form holds no secrets)."""
        return f"sqlite:{self.path.name}" if self.path is not None else self.url

    def __str__(self) -> str:
        return self.url
