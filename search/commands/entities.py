"""`bahith entities …`: see the people, countries, places and topics of an archive, and correct them.

list / show read the facets through the ordinary search API (any engine); alias / merge / ignore
edit the newsroom's corrections file `bahith-entities.toml` (search.enrich.corrections) — beside a
SQLite archive, in the working folder for a search server, or wherever `$BAHITH_ENTITIES` says;
rebuild re-enriches the stored articles with the corrections and the learned names kept in the
archive, without the sources (SQLite and search servers alike).
"""

from __future__ import annotations

import click

from search.commands.common import ENGINE_HELP, backend_for, fail
from search.counts import count_message
from search.facets import entity_facets

ENTITY_FACETS = tuple(f.name for f in entity_facets())  # search.facets
_TYPE = click.Choice(ENTITY_FACETS)


def _location(engine: str | None) -> str:
    from search.config import ConfigError, load_settings

    try:
        return load_settings(engine).engine
    except ConfigError as exc:
        fail(str(exc))
    raise AssertionError  # fail() exits


def _corrections(engine: str | None):
    from search.enrich.context import corrections_path
    from search.enrich.corrections import CorrectionsError, load

    try:
        return load(corrections_path(_location(engine)))
    except CorrectionsError as exc:
        fail(str(exc))


def _facet_counts(backend, facets: tuple[str, ...], size: int, query=None):
    from search.backends import BackendError
    from search.model import SearchRequest

    request = SearchRequest(query=query, size=0, facets=facets,
                            facet_size=size, histogram="", snippets=False)
    try:
        return backend.search(request)
    except BackendError as exc:
        fail(str(exc))


def _echo_json(data: object) -> None:
    from search.terminal import to_json

    click.echo(to_json(data))


@click.group("entities")
def entities() -> None:
    """People, countries, places, regions and topics of the archive, and the newsroom's corrections.

    Corrections live in bahith-entities.toml: beside a SQLite archive, in the working folder for a
    search server, or at $BAHITH_ENTITIES.
    """


@entities.command("list")
@click.option("--type", "kind", type=_TYPE, help="Only this kind of entity (default: all).")
@click.option("--query", "-q", "query", default="", help="Only names containing this text.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--engine", help=ENGINE_HELP)
def list_cmd(kind: str | None, query: str, limit: int, as_json: bool, engine: str | None) -> None:
    """Entities by number of articles, most first."""
    from search.plan import facet_key

    facets = (kind,) if kind else ENTITY_FACETS
    backend = backend_for(engine)
    result = _facet_counts(backend, facets, 1_000_000)
    needle = facet_key(query) if query else ""
    rows = [{"type": f, "name": c.value, "articles": c.count}
            for f in facets for c in result.facets.get(f, [])
            if c.count and (not needle or needle in facet_key(c.value))]
    rows.sort(key=lambda r: (-r["articles"], r["type"], r["name"]))
    rows = rows[:limit]
    if as_json:
        _echo_json({"entities": rows})
        return
    if not rows:
        click.echo("no entities" + (f" matching {query!r}" if query else ""))
    width = max((len(str(r["articles"])) for r in rows), default=1)
    for r in rows:
        click.echo(f"{r['articles']:>{width}}  {r['type']:<7}  {r['name']}")


def _resolve(backend, name: str, kind: str | None) -> tuple[str, str] | None:
    """(type, stored value) of the entity a user typed, through gazetteer forms and spelling."""
    from search.enrich.gazetteer import COUNTRY, PERSON, PLACE, REGION, default_gazetteer, name_key
    from search.plan import facet_key

    target = default_gazetteer().entries.get(name_key(name))
    candidates = [name]
    if target is not None:
        candidates.insert(0, target.value)
        if kind is None:
            kind = {PERSON: "person", COUNTRY: "country", PLACE: "place", REGION: "region"}[target.kind]
    facets = (kind,) if kind else ENTITY_FACETS
    result = _facet_counts(backend, facets, 1_000_000)
    for wanted in candidates:
        key = facet_key(wanted)
        for f in facets:
            for c in result.facets.get(f, []):
                if facet_key(c.value) == key:
                    return f, c.value
    return None


@entities.command("show")
@click.argument("name")
@click.option("--type", "kind", type=_TYPE, help="The kind of entity, when a name is several.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 1000),
              help="How many co-occurring people and countries to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--engine", help=ENGINE_HELP)
@click.option("--count", "count_what", default="articles", show_default=True,
              type=click.Choice(["articles", "stories"]),
              help="What the timeline and the co-occurrence counts count: every copy, or stories.")
def show_cmd(name: str, kind: str | None, top: int, as_json: bool, engine: str | None, count_what: str) -> None:
    """One entity: its other names (Arabic and Latin), how many articles name it and when, who and what
    comes with it, its latest and most relevant articles, and the newsroom's corrections to it."""
    from search.backends import BackendError
    from search.entity_profile import entity_profile

    backend = backend_for(engine)
    found = _resolve(backend, name, kind)
    if found is None:
        fail(f"no {kind or 'entity'} named {name!r} in {backend.location}; see `bahith entities list -q`")
        return
    kind, value = found
    try:
        profile = entity_profile(backend, kind, value, _corrections(engine), top=top, count=count_what)
    except BackendError as exc:
        fail(str(exc))
        return
    related = {key: [{"name": c.value, "articles": c.count} for c in profile.related.get(facet, [])]
               for facet, key in (("person", "people"), ("country", "countries"), ("place", "places"),
                                  ("topic", "topics"), ("source", "outlets"))}
    data = {
        "type": kind, "name": value, "articles": profile.articles, "aliases": profile.aliases,
        "latin": profile.latin, **related,
        "counted": profile.counted,
        "timeline": {"interval": profile.interval,
                     "buckets": [{"start": b.start.isoformat(), "count": b.count} for b in profile.histogram]},
        "latest": [_hit(h) for h in profile.latest], "relevant": [_hit(h) for h in profile.relevant],
        "corrections": profile.corrections,
    }
    if as_json:
        _echo_json(data)
        return
    click.echo(f"{value}  ({kind}, {count_message('articles', profile.articles, 'en')})")
    if profile.latin:
        click.echo("  in Latin letters: " + ", ".join(profile.latin))
    if profile.aliases:
        click.echo("  also written: " + "، ".join(profile.aliases))
    if profile.histogram:
        first, last = profile.histogram[0].start, profile.histogram[-1].start
        click.echo(f"  named from {first} to {last} (by {profile.interval})")
    for label in ("people", "countries", "places", "topics", "outlets"):
        entries = data[label]
        if entries:
            click.echo(f"  with {label}: " + ", ".join(f"{e['name']} ({e['articles']})" for e in entries))
    for label, hits in (("latest", data["latest"]), ("most relevant", data["relevant"])):
        for h in hits:
            click.echo(f"  {label}: {h['published'] or ''} {h['title']} [{h['id']}]")
    for action, forms in profile.corrections.items():
        click.echo(f"  newsroom correction ({action}): " + "، ".join(forms))


def _hit(h) -> dict[str, object]:
    return {"id": h.id, "title": h.title, "source": h.source,
            "published": h.published.date().isoformat() if h.published else None}


def _saved(corrections) -> None:
    path = corrections.save()
    click.echo(f"saved {path}; run `bahith entities rebuild` to apply it to the indexed articles")


def _correct(engine: str | None, action: str, kind: str, head: str, items: tuple[str, ...]) -> None:
    """Record one correction (`add_alias` or `add_merge` of the corrections file), blanks dropped, and say so."""
    corrections = _corrections(engine)
    getattr(corrections, action)(kind, head.strip(), [i.strip() for i in items if i.strip()])
    _saved(corrections)


@entities.command("alias")
@click.argument("name")
@click.argument("forms", nargs=-1, required=True)
@click.option("--type", "kind", default="person", show_default=True,
              type=click.Choice(("person", "country", "place", "region")))
@click.option("--engine", help=ENGINE_HELP)
def alias_cmd(name: str, forms: tuple[str, ...], kind: str, engine: str | None) -> None:
    """Count FORMS, wherever the text writes them, as NAME (e.g. عراقتشي as عباس عراقجي)."""
    _correct(engine, "add_alias", kind, name, forms)


@entities.command("merge")
@click.argument("into")
@click.argument("values", nargs=-1, required=True)
@click.option("--type", "kind", default="person", show_default=True, type=_TYPE)
@click.option("--engine", help=ENGINE_HELP)
def merge_cmd(into: str, values: tuple[str, ...], kind: str, engine: str | None) -> None:
    """Make the facet VALUES one entity, kept as INTO."""
    _correct(engine, "add_merge", kind, into, values)


@entities.command("ignore")
@click.argument("values", nargs=-1, required=True)
@click.option("--type", "kind", default="person", show_default=True, type=_TYPE)
@click.option("--engine", help=ENGINE_HELP)
def ignore_cmd(values: tuple[str, ...], kind: str, engine: str | None) -> None:
    """Never show VALUES as facet values of this type."""
    corrections = _corrections(engine)
    corrections.add_ignore(kind, [v.strip() for v in values if v.strip()])
    _saved(corrections)


@entities.command("audit")
@click.option("--type", "kinds", multiple=True, type=click.Choice(("person", "place", "country")),
              help="Only this kind of value (repeatable; default: person, place and country).")
@click.option("--top", default=50, show_default=True, type=click.IntRange(1, 2000),
              help="How many of the most frequent values of each type to examine.")
@click.option("--sample", default=20, show_default=True, type=click.IntRange(1, 200),
              help="At most this many articles read per value for the evidence.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--engine", help=ENGINE_HELP)
def audit_cmd(kinds: tuple[str, ...], top: int, sample: int, as_json: bool, engine: str | None) -> None:
    """Suspicious facet values with their evidence, each with a ready alias/merge/ignore line.

    Looks at the top values of each type: people mostly reached through one bare word or inside an
    institution's name, places whose country disagrees with their articles' other countries, and
    values that look like one name. Reads at most --sample articles per value (the report says how
    many), on any engine.
    """
    from search.audit import TYPES, run_audit
    from search.audit.report import text_report
    from search.backends import BackendError

    backend = backend_for(engine)
    try:
        report = run_audit(backend, kinds or TYPES, top=top, sample=sample)
    except BackendError as exc:
        fail(str(exc))
        return
    if engine:  # the lines must edit the same archive's corrections file
        for s in report.suspicions:
            s.commands = [[*c, "--engine", engine] for c in s.commands]
    if as_json:
        _echo_json(report.to_dict())
        return
    click.echo(text_report(report))


@entities.command("rebuild")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--engine", help=ENGINE_HELP)
def rebuild_cmd(as_json: bool, engine: str | None) -> None:
    """Re-extract every stored article's entities and topics with the corrections and learned names.

    Reads the archive's own cleaned text (not the sources) twice: once to count the people cues
    reveal across the archive (the learned names), once to rewrite the facets.
    """
    import time

    from search.backends import BackendError
    from search.enrich.rebuild import rebuild

    backend = backend_for(engine)
    started = time.perf_counter()
    try:
        summary = rebuild(backend)
    except BackendError as exc:
        fail(str(exc))
        return
    summary["seconds"] = round(time.perf_counter() - started, 2)
    if as_json:
        _echo_json(summary)
        return
    click.echo(f"{count_message('articles', summary['articles'], 'en')} read, {summary['changed']} with new entities; "
               f"{summary['learned']} learned names; {summary['seconds']} s")


def register(main: click.Group) -> None:
    main.add_command(entities)
