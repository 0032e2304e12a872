"""What every `bahith` command shares: engine opening, failure exits, the search options."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from search.backends import BackendError, open_backend
from search.config import ConfigError, load_settings
from search.facets import Facet, all_facets
from search.model import FACETS, FacetFilters, SearchRequest, Sort

ENGINE_HELP = "Engine URL (default: $BAHITH_ENGINE, bahith.toml, else sqlite:///bahith.db)."


def fail(message: str, code: int = 1) -> None:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


def backend_for(engine: str | None, create: bool = False):
    try:
        settings = load_settings(engine)
        return open_backend(settings.engine, create=create)
    except (BackendError, ConfigError) as exc:
        fail(str(exc))


def outlets_for(backend):
    """The outlet names of this archive (packaged, plus the newsroom's file beside it); a bad file fails
    the command with a message naming it."""
    from search.outlets import OutletsError, for_archive

    try:
        return for_archive(backend.location)
    except OutletsError as exc:
        fail(str(exc))


def facet_pairs(values: tuple[str, ...], option: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in values:
        facet, sep, value = item.partition(":")
        facet = facet.strip().lower()
        if not sep or facet not in FACETS or not value.strip():
            raise click.BadParameter(
                f"{item!r}: write FACET:VALUE with FACET one of {', '.join(FACETS)}", param_hint=option)
        out.setdefault(facet, []).append(value.strip())
    return out


def build_request(query: str, include: dict[str, list[str]], exclude, date_from, date_to,
                  sort, page, size) -> SearchRequest:
    from search.query import QuerySyntaxError, parse

    try:
        node = parse(query) if query else None
    except QuerySyntaxError as exc:
        from search.terminal import cli_language

        click.echo(exc.caret(), err=True)
        fail(exc.message_ar if cli_language() == "ar" else exc.message, 2)  # the terminal's language
    return SearchRequest(
        query=node, filters=FacetFilters(include=include, exclude=facet_pairs(exclude, "--exclude")),
        date_from=date_from.date() if date_from else None, date_to=date_to.date() if date_to else None,
        sort=Sort(sort), page=page, size=size)


def facet_options(f: Callable[..., Any], describe: Callable[[Facet], str] = lambda facet: facet.help):
    """One `--FACET` option per facet of the registry (search.facets), handed to `f` as one argument,
    `include`: facet → the values given (only facets given at least once)."""

    @functools.wraps(f)
    def gathered(*args: Any, **kwargs: Any) -> Any:
        include = {facet.name: list(values) for facet in all_facets() if (values := kwargs.pop(facet.name, ()))}
        return f(*args, include=include, **kwargs)

    gathered.__dict__["__click_params__"] = list(getattr(f, "__click_params__", []))  # not shared with f
    for facet in reversed(all_facets()):
        gathered = click.option(facet.flag, facet.name, multiple=True, help=describe(facet))(gathered)
    return gathered


def search_options(f):
    for decorator in reversed([
        click.argument("query", required=False, default=""),
        facet_options,
        click.option("--exclude", multiple=True, metavar="FACET:VALUE", help="Leave out articles with this value."),
        click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="From this day (inclusive)."),
        click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="To this day (inclusive)."),
        click.option("--engine", help=ENGINE_HELP),
    ]):
        f = decorator(f)
    return f
