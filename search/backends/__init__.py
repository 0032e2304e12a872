"""Pick the engine adapter from an engine URL."""

from __future__ import annotations

from search.backends.base import Backend, BackendError


def open_backend(url: str, *, create: bool = True) -> Backend:
    """`sqlite:///path.db` opens the embedded engine; other schemes name a search server.

    `create=False` is for read-only commands: searching an archive that does not exist is a
    mistake worth saying, not a reason to leave an empty file behind.
    """
    if url.startswith("sqlite:"):
        from search.backends.sqlite import SqliteBackend, path_from_url

        return SqliteBackend(path_from_url(url), create=create)
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme in {"elasticsearch+http", "elasticsearch+https", "opensearch+http", "opensearch+https",
                  "http", "https"}:
        from search.backends.opensearch import SearchServerBackend

        return SearchServerBackend(url, create=create)
    raise BackendError(
        f"engine URL {url!r} is not understood; use sqlite:///path/to/archive.db "
        "(or, for a search server, opensearch+http://host:9200 / elasticsearch+https://host:9200)")


__all__ = ["Backend", "BackendError", "open_backend"]
