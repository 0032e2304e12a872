"""The `bahith` command. Commands only: parsing options and printing; the work is elsewhere."""

from __future__ import annotations

import logging
import sys
from dataclasses import asdict, replace
from pathlib import Path

import click

from search.backends import BackendError
from search.commands import register_all
from search.commands.common import ENGINE_HELP, backend_for, build_request, fail, outlets_for, search_options
from search.config import ConfigError
from search.model import COUNTS, FACETS, Sort

log = logging.getLogger(__name__)


EXIT_CODES_HELP = ("Exit codes: 0 done; 1 error (unreachable engine, missing archive or article, unreadable "
                   "settings); 2 usage (unknown option, malformed query, wrong engine for the command); "
                   "130 interrupted (what was indexed is kept).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(package_name="bahith")
@click.option("-v", "--verbose", count=True, help="More diagnostics on stderr (-v info, -vv debug).")
@click.option("-q", "--quiet", count=True, help="Fewer diagnostics on stderr (-q errors only, -qq none).")
def main(verbose: int, quiet: int) -> None:
    """Bahith (باحث): Arabic-aware search for news archives."""
    from search.logs import configure

    configure(verbose, quiet)


@main.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", default="auto", show_default=True,
              type=click.Choice(["auto", "txt", "json", "jsonl", "zipjson", "trec", "html", "feed"]),
              help="Input format; auto decides by content.")
@click.option("--engine", help=ENGINE_HELP)
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def index_cmd(paths: tuple[Path, ...], fmt: str, engine: str | None, batch_size: int, as_json: bool) -> None:
    """Read archives (folders, files, zips) and index them. Re-running adds nothing twice."""
    from search.alerts.record import hook_for
    from search.counts import count_message
    from search.pipeline import index_paths
    from search.terminal import IndexProgress, to_json

    backend = backend_for(engine, create=True)
    log.info("indexing %s into %s", ", ".join(map(str, paths)), backend.location)
    show = sys.stderr.isatty() and not as_json

    progress = IndexProgress(list(paths)) if show else None

    try:
        summary = index_paths(paths, backend, fmt=fmt, batch_size=batch_size, progress=progress,
                              on_written=hook_for(backend))
    except ConfigError as exc:  # bahith.toml's [ingest] limits (search.ingest.limits)
        fail(str(exc))
    except BackendError as exc:
        fail(f"{exc}\nWhat was indexed before this point is kept; run the same command again to resume.")
    except KeyboardInterrupt:
        fail("interrupted; what was indexed is kept, run the same command again to resume.", 130)
    if progress is not None:
        progress.clear()
    identities = {"values": 0, "articles": 0}
    if summary.indexed:
        from search.enrich.identity_refresh import refresh_identities

        try:  # names learned during this run: earlier articles take the identity they now belong to
            identities = refresh_identities(backend)
        except BackendError as exc:
            click.echo(f"warning: person values not refreshed ({exc}); `bahith entities rebuild` does it", err=True)
    if backend.capabilities.optimize is not None and summary.indexed:
        backend.capabilities.optimize()
    if as_json:
        click.echo(to_json({**summary.as_dict(), "identities": identities}))
        return
    click.echo(f"read {count_message('articles', summary.read, 'en')} in {summary.seconds:.1f} s: {summary.new} new, "
               f"{summary.updated} updated, {summary.unchanged} unchanged, {len(summary.problems)} skipped")
    for p in summary.problems:
        click.echo(f"  skipped {p.origin}: {p.reason}")
    for p in summary.warnings:
        click.echo(f"  warning {p.origin}: {p.reason}")
    if identities["values"]:
        names = f"{identities['values']} name{'s' if identities['values'] != 1 else ''}"
        click.echo(f"people: {names} filed under the person the archive now knows them as "
                   f"({count_message('articles', identities['articles'], 'en')} updated)")
    click.echo(f"archive: {backend.location}")


@main.command("search")
@search_options
@click.option("--sort", default="relevance", show_default=True, type=click.Choice([s.value for s in Sort]))
@click.option("--page", default=1, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--size", default=10, show_default=True, type=click.IntRange(1, 500))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--all-copies", is_flag=True,
              help="List every copy of a story (default: one row per story, its best-matching copy).")
@click.option("--count", "count_what", default="articles", show_default=True, type=click.Choice(COUNTS),
              help="What facet counts and the histogram count: every copy, or stories (a story carried by "
                   "twelve outlets counts once per value).")
@click.option("--min-outlets", default=1, show_default=True, type=click.IntRange(1, 1000),
              help="Only stories seen in at least this many outlets (archive-wide).")
@click.option("--no-variants", is_flag=True,
              help="Search names only as typed (default: also the other spellings of a name the archive has, "
                   "ترامب with ترمب).")
def search_cmd(query, include, exclude, date_from, date_to, engine, sort, page, size, as_json, all_copies,
               count_what, min_outlets, no_variants) -> None:
    """Search the archive. QUERY: words, "phrases", -word, OR, (groups), person: country: topic:
    source: date:2025-04..2025-05, exact:word; title:word, title:"a phrase", title:(a OR b) in the
    headline only (عنوان:); word* for any word starting so once its clitics are set aside (سعود* finds
    السعودية, والسعودي; 2 letters or more); author:NAME for the byline or a part of it (كاتب:).
    Lowercase or/and/not and Arabic أو between words are
    operators. A NEAR/5 B: both within 5 words of each other, in either order, words counted as typed
    (common words such as في included); NEAR/1 is next to each other, NEAR alone is NEAR/10; each side
    a word, a "phrase" or (a OR b). بالعربية: أ قرب/5 ب — الطرفان على بعد 5 كلمات على الأكثر، بأي
    ترتيب، وتُعد الكلمات كما كُتبت بما فيها الشائعة. Relative dates, counted in the archive's time zone
    ($BAHITH_TIME_ZONE): date:today, date:yesterday, date:last-7d, date:last-24h, date:last-2w,
    date:this-week (Sunday–Saturday), date:this-month, date:this-year; in Arabic تاريخ:آخر-7-أيام,
    تاريخ:هذا-الشهر, تاريخ:اليوم. A saved search keeps them relative: they roll forward at each alert run."""
    from search.plan import PlanError
    from search.query.latin_reading import read_request, with_readings
    from search.terminal import cli_language, render_result, result_as_dict, to_json

    request = replace(build_request(query, include, exclude, date_from, date_to, sort, page, size), count=count_what,
                      min_outlets=min_outlets)
    request.spelling_variants = not no_variants
    backend = backend_for(engine)
    outlets = outlets_for(backend)
    lang = cli_language()

    def outlet(source: str | None) -> str:
        return outlets.name(source, lang)

    log.info("searching %s", backend.location)
    try:
        readings = read_request(request, backend)
        if all_copies:
            result = backend.search(request)
        else:
            from search.stories.fold import folded_search

            result = folded_search(backend, request)
        result = with_readings(result, readings)
    except PlanError as exc:
        fail(str(exc), 2)
    except BackendError as exc:
        fail(str(exc))
    log.info("%d hits in %.0f ms", result.total, result.took_ms)
    if as_json:
        click.echo(to_json(result_as_dict(result, page, size, outlet)))
    else:
        click.echo(render_result(result, page, size, color=sys.stdout.isatty(), lang=lang, outlet=outlet))


@main.command("facets")
@search_options
@click.option("--facet", "only", multiple=True, type=click.Choice(FACETS), help="Show only these facets.")
@click.option("--size", default=20, show_default=True, type=click.IntRange(1, 1000), help="Values per facet.")
@click.option("--json", "as_json", is_flag=True)
def facets_cmd(query, include, exclude, date_from, date_to, engine, only, size, as_json) -> None:
    """Facet counts (people, countries, places, regions, topics, sources) for a query or the whole archive."""
    from search.plan import PlanError
    from search.terminal import counted, render_facets, to_json

    request = build_request(query, include, exclude, date_from, date_to, "relevance", 1, 1)
    request.facets = tuple(only) or FACETS
    request.facet_size = size
    request.snippets = False
    request.histogram = ""
    backend = backend_for(engine)
    try:
        result = backend.search(request)
    except PlanError as exc:
        fail(str(exc), 2)
    if as_json:
        click.echo(to_json({"total": result.total,
                            "facets": {k: [asdict(c) for c in v] for k, v in result.facets.items()}}))
    else:
        click.echo(counted("articles", result.total))
        click.echo(render_facets(result.facets))


@main.command("analyze")
@click.argument("text")
@click.option("--exact", is_flag=True, help="Show the unstemmed chain used for phrases and exact:.")
@click.option("--json", "as_json", is_flag=True, help="Print like an engine's _analyze answer.")
def analyze_cmd(text: str, exact: bool, as_json: bool) -> None:
    """Show the token stream Bahith indexes for TEXT (like an engine's _analyze)."""
    from search.analysis import default_analyzer
    from search.analysis.display import format_tokens, tokens_as_json
    from search.terminal import to_json

    analyzer = default_analyzer()
    tokens = analyzer.exact_tokens(text) if exact else analyzer.tokens(text)
    click.echo(to_json(tokens_as_json(tokens, text)) if as_json else format_tokens(tokens))


@main.command("stats")
@click.option("--engine", help=ENGINE_HELP)
@click.option("--json", "as_json", is_flag=True)
def stats_cmd(engine: str | None, as_json: bool) -> None:
    """How many articles, from which outlets, over which dates."""
    from search.terminal import render_stats, to_json

    stats = backend_for(engine).stats()
    click.echo(to_json(asdict(stats)) if as_json else render_stats(stats))


@main.command("show")
@click.argument("article_id")
@click.option("--engine", help=ENGINE_HELP)
@click.option("--raw", is_flag=True, help="Print the text as read, before cleaning.")
@click.option("--json", "as_json", is_flag=True)
def show_cmd(article_id: str, engine: str | None, raw: bool, as_json: bool) -> None:
    """Print one article by id."""
    from search.ingest.limits import cut_note
    from search.terminal import to_json

    article = backend_for(engine).get(article_id)
    if article is None:
        fail(f"no article with id {article_id!r}")
    article.truncated = cut_note(article)  # engines keep the text's cut mark, not the flag
    if as_json:
        click.echo(to_json(asdict(article)))
        return
    click.echo(article.title)
    if article.truncated:
        click.echo(f"truncated: {article.truncated}")
    meta = " · ".join(x for x in (article.source, article.published.isoformat() if article.published else None,
                                   article.url) if x)
    if meta:
        click.echo(meta)
    for label, values in (("people", article.people), ("countries", article.countries),
                          ("places", article.places), ("topics", article.topics)):
        if values:
            click.echo(f"{label}: {', '.join(values)}")
    click.echo("")
    click.echo(article.raw if raw else article.body)


register_all(main)

if __name__ == "__main__":
    main()
