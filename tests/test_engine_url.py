"""Engine URLs, read in one place (search.engine_url): every scheme, every mistake named with the URL,
and what each kind of engine means for the parts of an archive (backend, alert store, corrections)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from search.archive import open_alert_store, open_archive
from search.backends.base import BackendError
from search.cli import main
from search.engine_url import EngineKind, EngineUrl, EngineUrlError, parse_engine_url
from search.enrich.context import corrections_path
from search.enrich.corrections import FILENAME


@pytest.mark.parametrize(("url", "kind", "alias"), [
    ("opensearch+http://127.0.0.1:9200/news", EngineKind.OPENSEARCH, "news"),
    ("opensearch+https://127.0.0.1:9200", EngineKind.OPENSEARCH, "bahith"),
    ("elasticsearch+http://es.example.org:9200/news", EngineKind.ELASTICSEARCH, "news"),
    ("elasticsearch+https://es.example.org/a.b-c_d", EngineKind.ELASTICSEARCH, "a.b-c_d"),
    ("http://127.0.0.1:9250/news", EngineKind.SERVER, "news"),
    ("https://127.0.0.1:9250", EngineKind.SERVER, "bahith"),
])
def test_search_server_schemes(url: str, kind: EngineKind, alias: str) -> None:
    engine = EngineUrl.parse(url)
    assert (engine.kind, engine.alias, engine.path, engine.is_server) == (kind, alias, None, True)
    assert engine.server is not None and engine.server.tls == ("https" in url)


def test_sqlite_paths_relative_and_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    relative = EngineUrl.parse("sqlite:///news/bahith.db")
    assert (relative.kind, relative.path, relative.alias, relative.server) == \
        (EngineKind.SQLITE, Path("news/bahith.db"), None, None)
    assert relative.folder == tmp_path / "news"
    absolute = EngineUrl.parse(f"sqlite:///{tmp_path / 'x.db'}")  # sqlite:////abs/x.db
    assert absolute.path == tmp_path / "x.db" and absolute.is_sqlite


@pytest.mark.parametrize(("url", "says"), [
    ("mysql://nowhere", r"'mysql://nowhere' is not understood \(scheme 'mysql'"),
    ("redis://h:1/x", r"'redis://h:1/x' is not understood"),
    ("bahith.db", r"'bahith.db' is not understood \(scheme '\(none\)'"),
    ("sqlite:bahith.db", r"not a SQLite engine URL: 'sqlite:bahith.db'"),
    ("sqlite://", r"SQLite URL 'sqlite://' has no file path"),
    ("sqlite:///", r"SQLite URL 'sqlite:///' has no file path"),
    ("opensearch+http:///news", r"'opensearch\+http:///news' names no host"),
    ("http://h:port/x", r"'http://h:port/x': the port is not a number"),
    ("opensearch+http://h:9200/x?shard=2", r"unknown parameter 'shard'"),
    ("opensearch+http://h:9200/News!", r"alias 'News!'"),
    ("opensearch+http://h:9200/x?shards=0", r"shards must be a whole number ≥ 1"),
    ("opensearch+http://h:9200/x?verify_certs=maybe", r"verify_certs must be true or false"),
    ("opensearch+http://h:9200/x?timeout=soon", r"timeout must be seconds"),
])
def test_a_bad_url_is_named_in_the_error(url: str, says: str) -> None:
    with pytest.raises(EngineUrlError, match=says):
        EngineUrl.parse(url)
    with pytest.raises(BackendError, match=says):  # what every command catches
        open_archive(url)


def test_credentials_from_the_url_else_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    c = parse_engine_url("elasticsearch+https://elastic:s%40cret@es.example.org:9200/news?shards=2&replicas=1")
    assert (c.kind, c.base, c.alias, c.user, c.password, c.shards, c.replicas) == \
        ("elasticsearch", "https://es.example.org:9200", "news", "elastic", "s@cret", 2, 1)
    assert "s@cret" not in c.display and "cret" not in c.display
    c = parse_engine_url("http://127.0.0.1:9250?api_key=abc")
    assert (c.kind, c.alias, c.api_key) == ("", "bahith", "abc")
    with pytest.raises(BackendError, match=r"CA file .*missing\.pem does not exist"):
        parse_engine_url(f"opensearch+https://h:9200/x?ca_certs={tmp_path}/missing.pem")
    monkeypatch.setenv("BAHITH_ENGINE_USER", "desk")
    monkeypatch.setenv("BAHITH_ENGINE_PASSWORD", "from-env")
    monkeypatch.setenv("BAHITH_ENGINE_API_KEY", "key-env")
    server = EngineUrl.parse("opensearch+https://h:9200/news").server
    assert server is not None and (server.user, server.password, server.api_key) == ("desk", "from-env", "key-env")
    server = EngineUrl.parse("opensearch+https://me:pw@h:9200/news").server
    assert server is not None and (server.user, server.password) == ("me", "pw")  # the URL wins


def test_alert_store_and_corrections_follow_the_kind_of_engine(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BAHITH_ALERTS_DB", raising=False)
    monkeypatch.delenv("BAHITH_ENTITIES", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    (tmp_path / "db").mkdir()
    # SQLite: the alert store is the archive file itself; corrections beside it
    assert open_alert_store(f"sqlite:///{tmp_path / 'db' / 'a.db'}").path == tmp_path / "db" / "a.db"
    assert corrections_path(f"sqlite:///{tmp_path / 'db' / 'a.db'}") == (tmp_path / "db" / FILENAME).resolve()
    # a server: one alert file per host, port and alias in the user's data folder; corrections here
    store = open_alert_store("opensearch+http://127.0.0.1:9/news")
    assert store.path == tmp_path / "data" / "bahith" / "alerts" / "127.0.0.1_9_news.db"
    assert open_alert_store("http://127.0.0.1:9/other").path.name == "127.0.0.1_9_other.db"
    assert corrections_path("elasticsearch+https://es.example.org/news") == tmp_path / FILENAME


def test_the_engine_command_refuses_the_embedded_engine(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["engine", "status", "--engine", f"sqlite:///{tmp_path / 'a.db'}"])
    assert result.exit_code == 2 and "is the embedded engine" in result.output
    result = CliRunner().invoke(main, ["engine", "status", "--engine", "ftp://h/x"])
    assert result.exit_code == 1 and "'ftp://h/x' is not understood" in result.output
