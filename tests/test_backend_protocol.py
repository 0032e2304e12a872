"""The Backend protocol is what the engines really offer: both sides with the engines' own signatures,
named capabilities that work when present, and no caller probing an engine's attributes."""

from __future__ import annotations

import ast
import inspect
from datetime import datetime
from pathlib import Path

import pytest

from search.backends import open_backend
from search.backends.base import ArchiveReader, ArchiveWriter, Backend, BackendError, Capabilities, EntityRewriter
from search.backends.opensearch import SearchServerBackend
from search.backends.sqlite import SqliteBackend
from search.enrich.ports import LearnedNamesStore
from search.model import Article, FacetFilters, SearchRequest

SEARCH = Path(__file__).resolve().parents[1] / "search"


def protocol_methods(protocol: type) -> dict[str, inspect.Signature]:
    return {name: inspect.signature(member) for name, member in vars(protocol).items()
            if callable(member) and not name.startswith("_")}


@pytest.mark.parametrize("engine", [SqliteBackend, SearchServerBackend])
@pytest.mark.parametrize("protocol", [ArchiveWriter, ArchiveReader, Backend, EntityRewriter, LearnedNamesStore])
def test_engines_have_the_protocols_signatures(engine: type, protocol: type) -> None:
    for name, wanted in protocol_methods(protocol).items():
        assert hasattr(engine, name), f"{engine.__name__} lacks {protocol.__name__}.{name}"
        have = inspect.signature(getattr(engine, name))
        assert list(have.parameters) == list(wanted.parameters), \
            f"{engine.__name__}.{name}{have} is not {protocol.__name__}.{name}{wanted}"


def article(n: int) -> Article:
    return Article(id=f"a{n}", title=f"عباس عراقجي في مسقط {n}", source="agency", published=datetime(2025, 4, n),
                   body="قال وزير الخارجية عباس عراقجي إن المفاوضات مستمرة.")


def check_capabilities(backend: Backend) -> None:
    """Every capability an engine names works through the name alone."""
    caps = backend.capabilities
    assert isinstance(caps, Capabilities)
    prepared = None
    if caps.preparer is not None:
        preparer = caps.preparer()
        prepared = [preparer(a) for a in (article(1), article(2))]
    assert set(backend.upsert([article(1), article(2)], prepared).values()) == {"new"}
    if caps.refresh is not None:
        caps.refresh()
    assert caps.learned_names is not None and caps.entity_rewrite is not None and caps.percolator is not None
    caps.learned_names.add_learned_names({"a1": ["عباس عراقجي"], "a2": ["عباس عراقجي"]})
    assert caps.learned_names.load_learned_names() == {"عباس عراقجي": 2}
    stored = [a for batch in caps.entity_rewrite.iter_articles(10) for a in batch]
    assert sorted(a.id for a in stored) == ["a1", "a2"]

    class Saved:
        name, owner, query, created = "muscat", "", "مسقط", None

        def request(self) -> SearchRequest:
            from search.query import parse

            return SearchRequest(query=parse(self.query), filters=FacetFilters())

    matcher = caps.percolator()
    matcher.prepare([Saved()])
    assert [sorted(ids) for ids in matcher.match([article(1), article(2)])] == [["a1", "a2"]]
    if caps.optimize is not None:
        caps.optimize()
    assert backend.search(SearchRequest(query=None, filters=FacetFilters())).total == 2


def test_sqlite_capabilities(tmp_path: Path) -> None:
    backend = open_backend(f"sqlite:///{tmp_path / 'a.db'}")
    assert backend.capabilities.refresh is None  # its writes are searchable when committed
    check_capabilities(backend)


def test_search_server_capabilities(server_engine: str) -> None:
    backend = open_backend(server_engine)
    assert backend.capabilities.preparer is None  # the server analyses the text itself
    check_capabilities(backend)


def test_a_missing_capability_is_one_clear_error() -> None:
    with pytest.raises(BackendError, match=r"^mem: this engine cannot rebuild entities \(it has no entity rewrite\)"):
        Capabilities().require("entity_rewrite", "mem", "rebuild entities")


def probes(tree: ast.AST) -> list[str]:
    """hasattr/getattr on something named like a backend, and isinstance against an engine class."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            first = ast.unparse(node.args[0])
            if node.func.id in {"hasattr", "getattr"} and first.split(".")[-1] in {"backend", "engine"}:
                found.append(ast.unparse(node))
            if node.func.id == "isinstance" and len(node.args) == 2 and "Backend" in ast.unparse(node.args[1]):
                found.append(ast.unparse(node))
    return found


def test_no_caller_probes_an_engine() -> None:
    """Outside the registry of engines (search/backends/), capabilities are asked for by name."""
    found = {str(p.relative_to(SEARCH.parent)): probes(ast.parse(p.read_text(encoding="utf-8")))
             for p in SEARCH.rglob("*.py") if "backends" not in p.parts}
    assert {path: calls for path, calls in found.items() if calls} == {}
