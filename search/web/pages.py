"""The HTML pages: search with facets, and one article. Every link on them is a URL from `SearchState`."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, replace
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request

from search.backends import BackendError
from search.entity_profile import ENTITY_KINDS
from search.facets import entity_facets
from search.model import Sort
from search.plan import PlanError
from search.query import QuerySyntaxError
from search.query.latin_reading import as_typed, read_request
from search.web.all_names import all_names_offer
from search.web.broader import broader_queries
from search.web.histogram import bars
from search.web.links import entity_url, page_path
from search.web.markup import marked, paragraphs
from search.web.mention_marks import ContextHolder, mark_article
from search.web.searching import Outcome, parse_query, run_search
from search.web.sidebar import blocks, with_rows
from search.web.similar import more_like_this
from search.web.state import MAX_PAGE, OUTLET_CHOICES, Links, SearchState

router = APIRouter(include_in_schema=False)
log = logging.getLogger("search.web")

ENTITY_FIELDS = tuple((f.name, f.field) for f in entity_facets())  # facet, Article field (search.facets)


def article_url(article_id: str, state: SearchState) -> str:
    """An article's page, carrying the search it was opened from (for "back" and entity links)."""
    return state.url("/article/" + quote(article_id, safe=""))


EXPORT_LARGE_ROWS = 5_000  # from here the page says an export takes a while (it streams; the browser shows progress)


@dataclass
class ExportLinks:
    """The page's export links: every row, or the first `cap` when the server's cap is below the count."""

    urls: dict[str, str]
    rows: int
    large: bool
    cap: int | None  # set only when the links are cut to the server's cap (the page says so)


def export_links(state: SearchState, total: int, cap: int | None) -> ExportLinks:
    over = cap is not None and total > cap
    urls = {}
    for fmt in ("csv", "xlsx", "jsonl"):
        url = state.url(f"/api/export.{fmt}")
        urls[fmt] = url + ("&" if "?" in url else "?") + f"limit={cap}" if over else url
    return ExportLinks(urls=urls, rows=min(total, cap) if over and cap is not None else total,
                       large=total >= EXPORT_LARGE_ROWS, cap=cap if over else None)


def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20 — None stands for a gap."""
    if last <= 1:
        return []
    wanted = {1, last, *range(max(1, current - around), min(last, current + around) + 1)}
    out: list[int | None] = []
    previous = 0
    for n in sorted(wanted):
        if n - previous > 1:
            out.append(None)
        out.append(n)
        previous = n
    return out


@router.get("/", response_class=HTMLResponse)
async def search_page(request: Request) -> HTMLResponse:
    state = SearchState.from_params(request.query_params)
    return await _cached(request, state, lambda ui: _render_search(request, state, ui))


def page_key(request: Request, state: SearchState, ui) -> tuple | None:
    """What a cached page is kept under: its path and normalised search state, never the raw query.

    Unknown parameters are not part of a state, so `?x=1`, `?x=2` … share one entry; a state with
    problems (a page shows the bad value it was given) is not kept at all — else each bad value
    would be a new entry.
    """
    if state.problems:
        return None
    return request.url.path, tuple(state.params()), ui.lang, ui.digits


async def _cached(request: Request, state: SearchState, render) -> HTMLResponse:
    """A page from the page cache, or rendered in a worker thread and kept (see search.web.cache).

    Async so that a page served from the cache needs no worker thread at all.
    """
    web = request.app.state.web
    ui = web.ui(request, state)
    cache = web.page_cache
    key = page_key(request, state, ui)
    cached = cache.get(key) if key is not None else None
    if cached is None:
        status, html = await run_in_threadpool(render, replace(ui, csrf=cache.token_placeholder))
        if status != 503 and key is not None:  # an engine that did not answer may answer the next time
            cache.put(key, status, html)
    else:
        status, html = cached
    return HTMLResponse(cache.personal(html, ui.csrf), status_code=status, headers={"Cache-Control": "no-store"})


def _render_search(request: Request, state: SearchState, ui) -> tuple[int, str]:
    web = request.app.state.web
    # A reversed date range is searched by no one's guess: the page says so and offers the swap
    # (200 like the other unusable URL parameters: the page is a form to fix, not a failed request).
    outcome = Outcome() if state.dates_reversed else run_search(web.backend, state, fold=True)
    status = 200
    if outcome.syntax_error is not None or outcome.filter_error is not None:
        status = 400
    elif outcome.engine_error is not None:
        status = 503
    result = outcome.result
    rows = (result.total if result.stories is None else result.stories) if result else 0  # folded: stories
    last_page = min(MAX_PAGE, math.ceil(rows / state.size)) if result else 0
    links = Links(state)
    context = {
        "state": state,
        "outcome": outcome,
        "result": result,
        "facet_blocks": with_rows(blocks(result.facets, state, ui.facet_value), links, ui) if result else [],
        "bars": bars(result.histogram, result.interval) if result else [],
        "pages": page_numbers(state.page, last_page),
        "last_page": last_page,
        "first_shown": (state.page - 1) * state.size + 1,
        "sorts": list(Sort),
        "outlet_choices": OUTLET_CHOICES,
        "article_url": article_url,
        "latin_as_typed": as_typed,
        "entity_url": entity_url,
        "links": links,
        "export": export_links(state, result.total if result else 0, web.export_cap),
        "broader": broader_queries(state.q) if result is not None and result.total == 0 else None,
        "all_names": _all_names(web.backend, state, result),
    }
    html = web.env.get_template("search.html").render(ui=ui, t=ui.t, request_path=page_path(request), **context)
    return status, html


@router.get("/article/{article_id:path}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: str) -> HTMLResponse:
    state = SearchState.from_params(request.query_params)
    return await _cached(request, state, lambda ui: _render_article(request, article_id, state, ui))


def _render_article(request: Request, article_id: str, state: SearchState, ui) -> tuple[int, str]:
    web = request.app.state.web
    path = page_path(request)
    try:
        article = web.backend.get(article_id)
    except BackendError as exc:
        return web.engine_error(ui, path, state, exc)
    if article is None:
        raise HTTPException(404, "not_found")
    vocabulary = web.backend.capabilities.spelling_vocabulary if state.variants != "off" else None
    terms, highlighter = _match_terms(state.q, web.backend, vocabulary, web.backend.capabilities.term_counts)
    texts = paragraphs(article.body)
    title_hits = body_hits = None
    if terms:
        title_hits = highlighter.whole(article.title, terms)
        body_hits = [highlighter.whole(p, terms) for p in texts]
    entities = [(f.name, f.field, f.values(article)) for f in entity_facets() if f.values(article)]
    try:
        evidence = mark_article(article.title, article.body, [(name, values) for name, _, values in entities],
                                _mention_context(request).get(), title_hits, body_hits)
    except Exception:  # the marks are a help: a bug in them must not cost the journalist the article
        log.exception("article %r: its mentions could not be marked; shown without marks", article_id)
        evidence = None
    if evidence is not None:
        title_html = evidence.title if article.title else None
        body = evidence.paragraphs
    elif terms:
        title_html = marked(title_hits)
        body = [marked(h) for h in body_hits]
    else:
        title_html = None
        body = texts
    similar = more_like_this(web.backend, article)
    html = web.env.get_template("article.html").render(
        ui=ui, t=ui.t, request_path=path, article=article, state=state, title_html=title_html, body=body,
        entities=entities, evidence=evidence, similar=similar, article_url=article_url, entity_url=entity_url,
        entity_kinds=ENTITY_KINDS, story=story_of(web.backend, article))
    return 200, html


@dataclass(frozen=True)
class ArticleStory:
    """The story an article belongs to, as its page names it: "This story ran in 6 outlets"."""

    id: str
    versions: int
    outlets: int


def story_of(backend, article) -> ArticleStory | None:
    """The article's story when it has other copies (a story of one is no news); None on an engine error:
    the link is a help, the article must still show."""
    from search.stories.versions import outlets

    story = (article.more_facets.get("story") or [None])[0]
    reader = backend.capabilities.stories
    if not story or reader is None:
        return None
    try:
        found = reader.story_versions([story]).get(story, [])
    except BackendError:
        log.warning("article %r: its story %r could not be read; the page shows no story link", article.id, story)
        return None
    return ArticleStory(story, len(found), len(outlets(found))) if len(found) > 1 else None


def _all_names(backend, state: SearchState, result):
    """The "all names of this person" offer on a first page (search.web.all_names); none on an error."""
    if result is None or state.page != 1 or not state.q:
        return None
    try:
        return all_names_offer(backend, state.q, result.total)
    except (BackendError, PlanError):
        return None


def _mention_context(request: Request) -> ContextHolder:
    """The served archive's enrichment context for the article marks, one holder per application."""
    app_state = request.app.state
    holder = getattr(app_state, "mention_context", None)
    if holder is None:
        web = app_state.web
        holder = app_state.mention_context = ContextHolder(web.backend, web.page_cache.version)
    return holder


def _match_terms(q: str, backend, vocabulary=None, counts=None):
    """The words of the search the article was opened from, to mark them in its text too: its Latin
    words as the Arabic they were read as (docs/adr/0040), the other spellings of its names the search
    added (docs/adr/0047), and the readings the archive backs (docs/adr/0053)."""
    if not q:
        return None, None
    from search.analysis import default_analyzer
    from search.highlight import Highlighter
    from search.model import SearchRequest
    from search.names.reading import read_names
    from search.query import split_filters

    highlighter = Highlighter(default_analyzer())
    lexicon = backend.capabilities.name_lexicon
    try:
        request = SearchRequest(query=parse_query(q))
        read_request(request, backend)  # Putin → بوتين, as the search read it
        text, includes, _, _ = split_filters(request.query)
        # the article page marks what the search matched: names by their reading (search.names.reading)
        person = any(f.field == "person" for f in includes)
        names = lexicon() if lexicon else None
        text, _ = read_names(text, default_analyzer(), names, person_filter=person)
        if vocabulary is not None and text is not None:
            from search.backends import BackendError
            from search.names.reading import default_name_lexicon
            from search.names.spelling_variants import add_spelling_variants

            try:
                text, _ = add_spelling_variants(text, default_analyzer(), names or default_name_lexicon(), vocabulary)
            except BackendError:
                text = text  # an engine that cannot list spellings now: the words as typed are marked
        if counts is not None and text is not None:
            from search.backends import BackendError
            from search.names.reading import default_name_lexicon
            from search.recall_readings import add_recall_readings

            try:
                text, _ = add_recall_readings(text, default_analyzer(), names or default_name_lexicon(), counts)
            except BackendError:  # an engine that cannot count now: the words as typed are marked
                text = text
        return highlighter.terms_for(text), highlighter
    except QuerySyntaxError:
        return None, None
