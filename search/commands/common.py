"""What every `bahith` command shares: engine opening, failure exits, the search options."""

from __future__ import annotations

import sys

import click

from search.backends import BackendError, open_backend
from search.config import ConfigError, load_settings
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


def build_request(query: str, person, country, place, region, topic, source, exclude, date_from, date_to,
             sort, page, size) -> SearchRequest:
    from search.query import QuerySyntaxError, parse

    try:
        node = parse(query) if query else None
    except QuerySyntaxError as exc:
        click.echo(exc.caret(), err=True)
        fail(exc.message, 2)
    include = {k: list(v) for k, v in (("person", person), ("country", country), ("place", place),
                                       ("region", region), ("topic", topic), ("source", source)) if v}
    return SearchRequest(
        query=node, filters=FacetFilters(include=include, exclude=facet_pairs(exclude, "--exclude")),
        date_from=date_from.date() if date_from else None, date_to=date_to.date() if date_to else None,
        sort=Sort(sort), page=page, size=size)


def search_options(f):
    for decorator in reversed([
        click.argument("query", required=False, default=""),
        click.option("--person", multiple=True, help="Only articles about this person (repeat: any of)."),
        click.option("--country", multiple=True, help="Only articles about this country (repeat: any of)."),
        click.option("--place", multiple=True, help="Only articles naming this place."),
        click.option("--region", multiple=True, help="Only articles about this region."),
        click.option("--topic", multiple=True, help="Only articles on this topic."),
        click.option("--source", multiple=True, help="Only articles from this outlet."),
        click.option("--exclude", multiple=True, metavar="FACET:VALUE", help="Leave out articles with this value."),
        click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="From this day (inclusive)."),
        click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="To this day (inclusive)."),
        click.option("--engine", help=ENGINE_HELP),
    ]):
        f = decorator(f)
    return f
