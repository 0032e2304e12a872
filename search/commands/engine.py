"""`bahith engine init | status | reindex`: the index lifecycle on Elasticsearch/OpenSearch.

Articles live in a versioned physical index behind an alias; these commands create the first one,
show which one the alias points to and whether the analysis or mapping changed since it was built,
and rebuild into a new one, swapping the alias atomically so searches never fail meanwhile.
"""

from __future__ import annotations

import click

from search.backends.base import BackendError
from search.commands.common import ENGINE_HELP, fail
from search.config import ConfigError, load_settings
from search.counts import count_message

_ENGINE_HELP = ENGINE_HELP + " Must be a search server, e.g. opensearch+http://127.0.0.1:9200/bahith."


def _server(engine: str | None, create: bool):
    from search.backends.opensearch import SearchServerBackend
    from search.engine_url import EngineUrl

    try:
        url = EngineUrl.parse(load_settings(engine).engine)
        if url.server is None:
            fail(f"engine {url.url!r} is the embedded engine; `bahith engine` manages a search server "
                 "(--engine opensearch+http://host:9200 or elasticsearch+https://host:9200)", 2)
        return SearchServerBackend(url.server, create=create)
    except (BackendError, ConfigError) as exc:
        fail(str(exc))


def _print_status(engine: str | None, as_json: bool, create: bool) -> None:
    """The index's status, after creating it when `create` (engine init) — as JSON or for people."""
    from search.terminal import to_json

    backend = _server(engine, create=create)
    try:
        status = backend.status()
    except BackendError as exc:
        fail(str(exc))
    finally:
        backend.close()
    if as_json:
        click.echo(to_json(status))
    else:
        _show(status)


def _show(status: dict) -> None:
    for key, value in status.items():
        click.echo(f"{key.replace('_', ' '):>28}: {value}")


def register(main: click.Group) -> None:
    @main.group("engine")
    def engine_group() -> None:
        """Manage the index on an Elasticsearch/OpenSearch server."""

    @engine_group.command("init")
    @click.option("--engine", help=_ENGINE_HELP)
    @click.option("--json", "as_json", is_flag=True, help="Print the resulting status as JSON.")
    def init_cmd(engine: str | None, as_json: bool) -> None:
        """Create the index and its alias (does nothing when they exist)."""
        _print_status(engine, as_json, create=True)

    @engine_group.command("status")
    @click.option("--engine", help=_ENGINE_HELP)
    @click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
    def status_cmd(engine: str | None, as_json: bool) -> None:
        """Which physical index the alias points to, its size, and whether a reindex is due."""
        _print_status(engine, as_json, create=False)

    @engine_group.command("reindex")
    @click.option("--engine", help=_ENGINE_HELP)
    @click.option("--keep-old", is_flag=True, help="Keep the previous physical index (to roll back by hand).")
    @click.option("--json", "as_json", is_flag=True, help="Print the old and new index and the count as JSON.")
    def reindex_cmd(engine: str | None, keep_old: bool, as_json: bool) -> None:
        """Rebuild into a new physical index with the current mapping and analysis, then swap the alias."""
        backend = _server(engine, create=False)
        try:
            old, new = backend.reindex(keep_old=keep_old)
            status = backend.status()
        except BackendError as exc:
            fail(f"{exc}\nsearches keep using the index the alias pointed to before")
        finally:
            backend.close()
        if as_json:
            from search.terminal import to_json

            click.echo(to_json({"articles": status.get("articles"), "old_index": old, "new_index": new,
                                "old_index_kept": keep_old, "status": status}))
            return
        click.echo(f"reindexed {count_message('articles', int(status.get('articles') or 0), 'en')}: {old} → {new}"
                   + (f" (kept {old})" if keep_old else f" ({old} deleted)"))
