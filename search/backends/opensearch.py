"""The search-server engine: one adapter for OpenSearch 2.x and Elasticsearch 8/9.

Why the same answers as the embedded engine: the server analyses article text with the analyzers
of `mappings/` (built from `search.analysis`), while query words are analysed in Python and sent as
terms (`dsl_compile`); filters, facet semantics and the histogram interval come from the one `Plan`;
snippets are cut from the stored original by `search.highlight`, the code SQLite uses. What is left
to the engine is what it does best: storage, scoring, aggregation, many readers at once.

Index lifecycle: articles live in a versioned physical index (`bahith-v1-20260101-120000-000000`)
reached through an alias (`bahith`). `reindex` builds the next physical index and moves the alias in
one `_aliases` call, so searches never see a missing or half-filled index.

Saved searches (alerts) belong in a second index, `<alias>-saved-queries`, with the percolator
mapping `mappings/saved-queries-v1.json`; `saved_queries_index()` creates it and `compile_query`
gives the DSL to store, so a saved query means exactly what the same search means.

The adapter is assembled from one module per concern: `opensearch_lifecycle` (alias, physical
indices, mappings, reindex, status), `opensearch_writer` (bulk writes and retries),
`opensearch_search` (search, facets, histogram, deep pages, exports, get, stats),
`opensearch_entities` (learned names and entity rewrites), `opensearch_stories` (copies grouped into
stories, ADR 0034) and `opensearch_documents` (the stored
document shape they share).
"""

from __future__ import annotations

from search.analysis import Analyzer, default_analyzer
from search.backends.base import BackendError, Capabilities, DocumentsRejected, Percolator
from search.backends.dsl_compile import DslCompiler, Query, include_filter
from search.backends.engine_client import EngineClient, EngineConfig, parse_engine_url
from search.backends.opensearch_documents import article_document
from search.backends.opensearch_entities import LearnedNamesAndEntities
from search.backends.opensearch_lifecycle import IndexLifecycle, physical_name
from search.backends.opensearch_search import SearchReader
from search.backends.opensearch_stories import StoryLookup
from search.backends.opensearch_writer import BulkWriter
from search.highlight import Highlighter
from search.model import SearchRequest
from search.names.reading import ArchiveLexicon
from search.names.spelling_variants import VocabularyCache
from search.plan import make_plan
from search.recall_readings import CountCache


class SearchServerBackend(IndexLifecycle, StoryLookup, BulkWriter, SearchReader, LearnedNamesAndEntities):
    """Backend protocol over an Elasticsearch/OpenSearch alias."""

    def __init__(self, url: str | EngineConfig, analyzer: Analyzer | None = None, *, create: bool = True,
                 client: EngineClient | None = None, max_retries: int = 5, backoff: float = 0.5):
        self.config = url if isinstance(url, EngineConfig) else parse_engine_url(url)
        self.analyzer = analyzer or default_analyzer()
        self.client = client or EngineClient(self.config, retries=max_retries, backoff=backoff)
        self.alias = self.config.alias
        self.location = f"{self.config.kind or self.client.kind}+{self.config.display}"
        self.max_retries = max_retries
        self.backoff = backoff
        self.deep_paging_window = 10_000  # beyond this offset pages are walked with search_after
        self._compiler = DslCompiler(self.analyzer, self.client.kind)
        self._highlighter = Highlighter(self.analyzer)
        self.name_lexicon = ArchiveLexicon(self)  # the name reading's lexicon, with this archive's people
        # other spellings of a name the archive holds (docs/adr/0047), from the term suggester
        self.spelling_vocabulary = VocabularyCache(self._spelling_candidates, generation=self._vocabulary_generation)
        # article counts of exact terms: which readings the archive backs (docs/adr/0053); a search
        # server gives no cheap sign of change, so a time limit (search.archive_version)
        self.term_counts = CountCache(self._term_counts)
        self._dirty = False
        self._refreshes = 0
        self._display: dict[tuple[str, str], str] = {}
        self._display_loaded = 0.0
        self.capabilities = Capabilities(learned_names=self, entity_rewrite=self, percolator=self._percolator,
                                         optimize=self.optimize, refresh=self.refresh,
                                         export=self.export, stories=self, name_lexicon=self.name_lexicon,
                                         spelling_vocabulary=self.spelling_vocabulary, term_counts=self.term_counts,
                                         story_rebuild=self.rebuild_stories)
        if self.current_index() is None:
            if not create:
                raise BackendError(f"no Bahith archive on {self.config.display} (alias {self.alias!r} does not "
                                   f"exist); create it with: bahith engine init --engine {self.config.display}")
            self.init()

    @property
    def alert_matching(self) -> str:
        """How saved searches are matched here, as `bahith engine status` says it."""
        if self.client.has_module("percolator"):
            return f"the engine's percolator (index {self.alias}-saved-queries)"
        return ("Bahith's own matcher, the embedded engine's (this node has no percolator module); "
                "same saved searches, same answers")

    def _percolator(self) -> Percolator:
        """Saved searches as percolator queries in `<alias>-saved-queries` (search.backends.opensearch_percolate);
        on a node without the percolator module (the Maven Central build of Elasticsearch, ADR 0030) the
        embedded engine's matcher over the batch analysed in Python (search.backends.batch_matcher)."""
        if not self.client.has_module("percolator"):
            from search.backends.batch_matcher import ArticleMatcher

            return ArticleMatcher(self.analyzer, self.name_lexicon, self.spelling_vocabulary)
        from search.backends.opensearch_percolate import ServerMatcher

        return ServerMatcher(self, article_document)

    def compile_query(self, request: SearchRequest) -> Query:
        """The filter part of a search as one query: what a saved search stores for percolation, with
        the other spellings of its names the archive holds now (docs/adr/0052)."""
        plan = make_plan(request, self.analyzer, self.name_lexicon(), self.spelling_vocabulary)
        query = self._compiler.base_query(plan)
        picks = include_filter(plan.include)
        if picks is None:
            return query
        return {"bool": {"must": [query], "filter": [picks]}}

    def _vocabulary_generation(self) -> int:
        """The spelling cache's generation: our own writes made searchable first and the cache started over,
        so the spellings a batch just brought are listed (an alert's saved search, right after the write,
        docs/adr/0052); another process's writes are seen within the cache's minute."""
        if self._dirty:
            self.refresh()
        return self._refreshes

    def optimize(self) -> None:
        """After an index run: make everything searchable now rather than within a second."""
        self.refresh()

    def close(self) -> None:
        self.client.close()


__all__ = ["DocumentsRejected", "SearchServerBackend", "article_document", "physical_name"]
