"""The optional parts of Bahith and the pip extra that brings each one.

A plain `pip install bahith` indexes and searches an embedded archive from the command line; the web
app (`[web]`) and the OpenSearch client (`[opensearch]`) are extras (`[all]` is both), so a laptop
or a server without them stays small. When a command needs a missing part, the message names the
exact extra to install instead of a bare ModuleNotFoundError.
"""

from __future__ import annotations

import importlib.util

# extra → the modules it provides that Bahith imports
EXTRAS: dict[str, tuple[str, ...]] = {
    "web": ("fastapi", "starlette", "uvicorn", "multipart"),
    "opensearch": ("opensearchpy",),
}
WHAT: dict[str, str] = {"web": "`bahith serve` (the web pages and JSON API)",
                        "opensearch": "opensearch+http(s):// engines"}


class MissingExtra(RuntimeError):
    """A command needs an optional dependency that is not installed."""

    def __init__(self, extra: str, missing: list[str]) -> None:
        self.extra = extra
        super().__init__(f"{WHAT[extra]} needs the [{extra}] extra ({', '.join(missing)} not installed): "
                         f"pip install 'bahith[{extra}]'  (or 'bahith[all]')")


def missing_modules(extra: str) -> list[str]:
    return [name for name in EXTRAS[extra] if importlib.util.find_spec(name) is None]


def require(extra: str) -> None:
    """Raise MissingExtra naming `extra` when any of its modules is missing."""
    missing = missing_modules(extra)
    if missing:
        raise MissingExtra(extra, missing)
