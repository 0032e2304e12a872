"""The JSON API (described at /api/openapi.json): search with facets, articles, facet values,
entities, archive stats, and streamed exports of a result set.

Parameters mean exactly what they mean in a page URL (`include=person:X`, `from=2015-07-01`), so
a journalist can copy a page's query string onto `/api/search?` and get the same result as data.
Errors are JSON with a stable `error` code and a message in English and Arabic.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.requests import Request

from search import exports
from search.backends import BackendError
from search.engine_url import EngineUrl, EngineUrlError
from search.model import COUNTED, COUNTS, FACETS, Hit, SearchResult, Sort
from search.plan import PlanError, facet_key
from search.query import QuerySyntaxError
from search.terminal import result_as_dict
from search.web.links import entity_url
from search.web.searching import Outcome, parse_query, run_search
from search.web.state import MAX_PAGE, MAX_PAGE_SIZE, SearchState

router = APIRouter(prefix="/api", tags=["api"])

EXPORT_PAGE = 200  # rows per search, for an engine that cannot export a result set in one go
EXPORT_BATCH = 500  # rows read per batch of a one-pass export
FacetName = StrEnum("FacetName", {f: f for f in FACETS})
SortName = StrEnum("SortName", {s.value: s.value for s in Sort})
CountName = StrEnum("CountName", {c: c for c in COUNTS})

Q = Annotated[str, Query(description="Query text: words, \"phrases\", -word, OR, person:, date:2015-07..2015-08")]
Include = Annotated[list[str], Query(description="FACET:VALUE to keep (repeat; values of one facet are OR-ed)")]
Exclude = Annotated[list[str], Query(description="FACET:VALUE to leave out (repeat)")]
From = Annotated[str, Query(alias="from", description="First day, YYYY-MM-DD (inclusive)")]
To = Annotated[str, Query(alias="to", description="Last day, YYYY-MM-DD (inclusive)")]


def _error(status: int, kind: str, message: str, message_ar: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": kind, "message": message, "message_ar": message_ar, **extra}, status_code=status)


def _state_or_error(request: Request) -> SearchState | JSONResponse:
    state = SearchState.from_params(request.query_params)
    if state.problems:
        p = state.problems[0]
        return _error(400, "bad_parameter", f"{p.field}={p.value!r}: {p.message}", "معامل غير صالح: " + p.field,
                      problems=[asdict(x) for x in state.problems])
    return state


def _outcome_error(outcome: Outcome) -> JSONResponse | None:
    if outcome.syntax_error is not None:
        e = outcome.syntax_error
        return _error(400, "query_syntax", e.message, e.message_ar, code=e.code, position=e.position)
    if outcome.filter_error is not None:
        return _error(400, "bad_filter", outcome.filter_error, "تعذّر تطبيق المرشح")
    if outcome.engine_error is not None:
        return _error(503, "engine", outcome.engine_error, "محرك البحث لا يجيب")
    return None


def _search(request: Request, fold: bool = False, **overrides) -> tuple[SearchState, SearchResult] | JSONResponse:
    state = _state_or_error(request)
    if isinstance(state, JSONResponse):
        return state
    outcome = run_search(request.app.state.web.backend, state, fold=fold, **overrides)
    return _outcome_error(outcome) or (state, outcome.result)


@router.get("/search", summary="Search with facets and a date histogram")
def api_search(request: Request, q: Q = "", include: Include = [], exclude: Exclude = [],  # noqa: B006
               date_from: From = "", date_to: To = "", sort: SortName = SortName.relevance,
               page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
               size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 10,
               copies: Annotated[str, Query(
                   description="all: every copy of a story; left out: one hit per story (its best-matching "
                               "copy, with `copies`, `story_outlets`, `story_lead`), `stories` counts them")] = "",
               count: Annotated[str, Query(
                   description="stories: facet counts and histogram bars count stories (a story carried by "
                               "twelve outlets counts once per value); articles (default): every copy")] = "",
               min_outlets: Annotated[int, Query(
                   ge=1, le=1000, description="only articles of stories seen in this many outlets or more, "
                                              "archive-wide (default 1: every article)")] = 1,
               variants: Annotated[str, Query(
                   description="off: names only as typed; left out: also the other spellings of a name the "
                               "archive has (`spelling_variants` lists what was added)")] = ""
               ) -> Any:
    found = _search(request, fold=True)
    if isinstance(found, JSONResponse):
        return found
    state, result = found
    body = result_as_dict(result, state.page, state.size)
    name = _outlet_namer(request)
    for hit in body["hits"]:
        hit["source_name"] = name(hit["source"])
    _name_sources(body["facets"], name)
    body["query"] = dict(state.params())
    return JSONResponse(jsonable_encoder(body))


def _outlet_namer(request: Request):
    """source id → its display name in the request's language (`lang=`, else the archive's): the API keeps
    `source` as the id filters take and adds `source_name` for people to read (search.outlets)."""
    web = request.app.state.web
    lang = web.ui(request).lang
    return lambda source: web.outlets.name(source, lang) if source else None


def _name_sources(facets: dict[str, list[dict[str, Any]]], name) -> None:
    """Give each value of the outlet facet its display `name` (its `value` stays the id a filter takes)."""
    for c in facets.get("source", []):
        c["name"] = name(c["value"])


@router.get("/articles/{article_id:path}", summary="One article with its entities")
def api_article(request: Request, article_id: Annotated[str, Path(description="The article's id")]) -> Any:
    try:
        article = request.app.state.web.backend.get(article_id)
    except BackendError as exc:
        return _error(503, "engine", str(exc), "محرك البحث لا يجيب")
    if article is None:
        return _error(404, "not_found", f"no article with id {article_id!r}", "لا توجد مقالة بهذا المعرف")
    body = public_article(article)
    body["source_name"] = _outlet_namer(request)(article.source)
    return JSONResponse(jsonable_encoder(body))


def public_article(article) -> dict[str, Any]:
    """An article as the API shows it: without `origin`, the file on the indexing machine it was read
    from — an absolute path says whose disk, which folders and which leaked file names an archive
    holds, which a reader of a confidential archive has no need to see (the source and URL stay)."""
    data = asdict(article)
    data.pop("origin", None)
    return data


def public_location(location: str) -> str:
    """The engine as the API names it: an embedded archive by its file name, not the server's folders."""
    try:
        return EngineUrl.parse(location).public
    except EngineUrlError:
        return location


@router.get("/facets", summary="Facet values with counts for a search (or the whole archive)")
def api_facets(request: Request, q: Q = "", include: Include = [], exclude: Exclude = [],  # noqa: B006
               date_from: From = "", date_to: To = "",
               facet: Annotated[list[FacetName], Query(description="Only these facets (repeat)")] = [],  # noqa: B006
               size: Annotated[int, Query(ge=1, le=5000)] = 20,
               find: Annotated[str, Query(description="Keep values containing this text")] = "") -> Any:
    wanted = tuple(f.value for f in facet) or COUNTED
    found = _search(request, facets=wanted, facet_size=size if not find else max(size, 5000), size=1,
                    snippets=False, histogram="")
    if isinstance(found, JSONResponse):
        return found
    _, result = found
    needle = facet_key(find) if find else ""
    outlet = _outlet_namer(request)

    def wanted(name: str, value: str) -> bool:  # an outlet is found by its id or its name
        return needle in facet_key(value) or (name == "source" and needle in facet_key(outlet(value)))

    facets = {name: [asdict(c) for c in counts if wanted(name, c.value)][:size]
              for name, counts in result.facets.items()}
    _name_sources(facets, outlet)
    return JSONResponse(jsonable_encoder({"total": result.total, "facets": facets}))


@router.get("/entities/{facet}/{value:path}", summary="What the archive holds about one person, country, place…")
def api_entity(request: Request, facet: FacetName, value: Annotated[str, Path(min_length=1)],
               count: Annotated[CountName, Query(description="stories: the timeline and related counts count "
                                                             "stories, not copies")] = CountName.articles) -> Any:
    from search.entity_profile import entity_profile
    from search.web.entity import corrections_of, stored_value

    backend = request.app.state.web.backend
    try:
        named = stored_value(backend, facet.value, value) or value
        profile = entity_profile(backend, facet.value, named, corrections_of(backend.location), histogram="month",
                                 count=count.value)
    except BackendError as exc:
        return _error(503, "engine", str(exc), "محرك البحث لا يجيب")
    outlet = _outlet_namer(request)
    related = {name: [asdict(c) for c in counts] for name, counts in profile.related.items()}
    _name_sources(related, outlet)

    def hits(found) -> list[dict[str, Any]]:
        return [{"id": h.id, "title": h.title, "source": h.source, "source_name": outlet(h.source),
                 "published": h.published} for h in found]

    return JSONResponse(jsonable_encoder({
        "facet": facet.value, "value": named, "articles": profile.articles, "counted": profile.counted,
        "aliases": profile.aliases, "latin": profile.latin,
        "first_month": profile.histogram[0].start if profile.histogram else None,
        "last_month": profile.histogram[-1].start if profile.histogram else None,
        "histogram": [{"start": b.start, "count": b.count} for b in profile.histogram],
        "latest": hits(profile.latest), "relevant": hits(profile.relevant),
        "related": related, "corrections": profile.corrections,
        "search_url": SearchState(include=((facet.value, named),)).url("/"),
        "page_url": entity_url(facet.value, named),
    }))


@router.get("/stats", summary="Size and date range of the archive")
def api_stats(request: Request) -> Any:
    try:
        stats = request.app.state.web.backend.stats()
        stats.location = public_location(stats.location)
        return JSONResponse(jsonable_encoder(asdict(stats)))
    except BackendError as exc:
        return _error(503, "engine", str(exc), "محرك البحث لا يجيب")


# ---------------------------------------------------------------------------- exports

EXPORT_COLUMNS = exports.COLUMNS
ALL_ROWS = 2**62  # "every row": an engine's limit, far above any archive


def _paged_rows(backend, state: SearchState, limit: int) -> Iterator[Hit]:
    """For an engine without `export`: the result set page by page (each page runs the search again)."""
    sent = 0
    page = 1
    while sent < limit:
        outcome = run_search(backend, replace(state, page=page, size=EXPORT_PAGE), facets=(), histogram="")
        if not outcome.ok or not outcome.result.hits:
            return
        for h in outcome.result.hits:
            yield h
            sent += 1
            if sent >= limit:
                return
        page += 1


def _too_large(count: int, cap: int) -> JSONResponse:
    """An export over the server's cap is refused, never cut: a file that silently stops is a wrong answer."""
    return _error(413, "export_too_large",
                  f"this export would hold {count} rows, more than this server's limit of {cap} (--export-cap): "
                  f"narrow the search, or ask for the first {cap} rows with limit={cap}",
                  f"يضم هذا التصدير {count} صفًا، أكثر من حد الخادم ({cap}): ضيّق البحث، أو اطلب أول {cap} صف "
                  f"بإضافة limit={cap}", rows=count, cap=cap)


def _prepare_export(request: Request, limit: int | None) -> tuple[int, Iterator[Hit]] | JSONResponse:
    """Check the parameters and run the search once: the row count, and the hits to stream.

    Without `limit` an export holds the whole result set, however large: rows are streamed batch by
    batch, never held together. A server started with `--export-cap` refuses (413, with the count)
    an export larger than its cap rather than cutting it short; `limit` asks for the first rows only.

    An engine that can (its `export` capability) computes the result set once and hands it out in batches
    (keyset paging: SQLite's ordered rowids, OpenSearch's search_after); the rows and their order
    are those of reading the result page after page, without running the search for every page.
    """
    state = _state_or_error(request)
    if isinstance(state, JSONResponse):
        return state
    web = request.app.state.web
    backend = web.backend
    cap = web.export_cap
    wanted = min(limit, ALL_ROWS) if limit else ALL_ROWS  # limit=2**70 means every row too
    export = backend.capabilities.export
    if export is not None:
        try:
            query = parse_query(state.q)
        except QuerySyntaxError as exc:
            return _outcome_error(Outcome(syntax_error=exc))
        search = state.request(query)
        search.facets, search.histogram = (), ""
        try:
            rows = export(search, wanted, batch=EXPORT_BATCH)
        except PlanError as exc:
            return _outcome_error(Outcome(filter_error=str(exc)))
        except BackendError as exc:
            return _outcome_error(Outcome(engine_error=str(exc)))
        count = min(wanted, rows.total)
        if cap is not None and count > cap:
            return _too_large(count, cap)
        return count, (h for hits in rows.batches for h in hits)
    outcome = run_search(backend, replace(state, size=1), facets=(), histogram="", snippets=False)
    error = _outcome_error(outcome)
    if error is not None:
        return error
    count = min(wanted, outcome.result.total)
    if cap is not None and count > cap:
        return _too_large(count, cap)
    return count, _paged_rows(backend, state, count)


Limit = Annotated[int | None, Query(ge=1, description="Only the first this many rows (default: every row)")]


def _export(request: Request, fmt: str, limit: int | None) -> Any:
    """The streamed file: rows as the export module writes them, named after the query and the day."""
    prepared = _prepare_export(request, limit)
    if isinstance(prepared, JSONResponse):
        return prepared
    count, hits = prepared
    if fmt == "xlsx" and count > exports.XLSX_MAX_ROWS:
        return _error(413, "export_too_large",
                      f"this export would hold {count} rows, more than an Excel sheet's {exports.XLSX_MAX_ROWS}: "
                      "export it as CSV or JSON Lines, or narrow the search",
                      f"يضم هذا التصدير {count} صفًا، أكثر مما تتسع له ورقة Excel ({exports.XLSX_MAX_ROWS}): "
                      "صدّره بصيغة CSV أو JSON Lines، أو ضيّق البحث", rows=count, cap=exports.XLSX_MAX_ROWS)
    web = request.app.state.web
    lang = web.ui(request).lang
    state = SearchState.from_params(request.query_params)
    rows = (exports.row(h, web.outlets, lang) for h in hits)
    values = [web.outlets.name(v, lang) if f == "source" else v for f, v in state.include]
    name = exports.file_name(state.q, values, date.today(), fmt)
    return StreamingResponse(exports.byte_chunks(fmt, rows), media_type=exports.FORMATS[fmt], headers={
        "Content-Disposition": exports.content_disposition(name), "X-Bahith-Rows": str(count)})


EXPORT_ROUTES = {
    "csv": "The result set as CSV for Excel (UTF-8 with BOM, streamed, every row)",
    "jsonl": "The result set as JSON Lines (streamed, every row)",
    "xlsx": "The result set as an Excel workbook (every row, up to Excel's 1,048,575)",
}


def _export_route(fmt: str) -> Any:
    """One export endpoint per format, with the search page's parameters (so the API schema lists them)."""
    def route(request: Request, q: Q = "", include: Include = [], exclude: Exclude = [],  # noqa: B006
              date_from: From = "", date_to: To = "", sort: SortName = SortName.relevance,
              limit: Limit = None) -> Any:
        return _export(request, fmt, limit)

    return route


for _fmt, _summary in EXPORT_ROUTES.items():
    router.add_api_route(f"/export.{_fmt}", _export_route(_fmt), methods=["GET"], summary=_summary,
                         name=f"api_export_{_fmt}", response_class=StreamingResponse)
