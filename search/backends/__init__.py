"""The registry of engines: the one place that knows which adapter serves which kind of engine URL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from search.backends.base import Backend, BackendError

if TYPE_CHECKING:
    from search.engine_url import EngineUrl


def open_backend(url: str | EngineUrl, *, create: bool = True) -> Backend:
    """`sqlite:///path.db` opens the embedded engine; the other kinds name a search server.

    `create=False` is for read-only commands: searching an archive that does not exist is a
    mistake worth saying, not a reason to leave an empty file behind.
    """
    from search.engine_url import EngineUrl  # here, not above: search.engine_url imports this package

    engine = EngineUrl.parse(url)
    if engine.is_sqlite:
        from search.backends.sqlite import SqliteBackend

        return SqliteBackend(engine.path, create=create)  # type: ignore[arg-type]
    from search.backends.opensearch import SearchServerBackend

    return SearchServerBackend(engine.server, create=create)  # type: ignore[arg-type]


__all__ = ["Backend", "BackendError", "open_backend"]
