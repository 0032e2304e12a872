"""The one way through: readers → cleaning → enrichment → analysis → backend, with an honest summary.

Kept apart from the CLI so that `bahith index`, `bahith watch` and the web app share exactly one
indexing path. Articles are written in batches, each batch one transaction, so a run killed
midway keeps what it finished and the next run skips it as unchanged — recognised by the hash of
what the reader gave, before any costly step.

Reading and writing stay in the main process (one SQLite writer); cleaning, entity extraction and
analysis — the CPU-heavy part — run in worker processes once an archive is larger than one batch.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from search.backends.base import Backend, DocumentsRejected, Preparer, UpsertStatus
from search.clean import clean
from search.enrich import enrich
from search.enrich.context import EnrichContext
from search.ingest.detect import read_path
from search.ingest.limits import Limits, cut_article, load_limits
from search.ingest.read_warning import ReadWarning
from search.model import Article, ReadProblem
from search.text_cut import TextCutter, enrichment_words

Progress = Callable[[int, str], None]
Written = Callable[[list[Article], dict[str, UpsertStatus]], None]


@dataclass
class IndexSummary:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ReadProblem] = field(default_factory=list)
    warnings: list[ReadProblem] = field(default_factory=list)  # read and indexed, but not intact
    seconds: float = 0.0

    @property
    def indexed(self) -> int:
        return self.new + self.updated

    def as_dict(self) -> dict[str, object]:
        return {"read": self.read, "new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": [{"origin": p.origin, "reason": p.reason} for p in self.problems],
                "warnings": [{"origin": p.origin, "reason": p.reason} for p in self.warnings],
                "seconds": round(self.seconds, 2)}


def prepare(article: Article) -> Article:
    """Clean the body (the raw text stays) and take an in-text source line when metadata has none."""
    raw = article.raw or article.body
    cleaned = clean(article.title, raw)
    article.raw = raw
    article.body = cleaned.body
    if not article.source and cleaned.source:
        article.source = cleaned.source
    return article


# ---------------------------------------------------------------- worker side

_worker_preparer: Preparer | None = None
_worker_context: EnrichContext | None = None
_worker_max_values: int | None = None
_cutter: TextCutter | None = None  # one per process: its cache is what saves the work


def _init_worker(preparer: Preparer | None, context: EnrichContext | None = None,
                 max_values: int | None = None) -> None:
    global _worker_preparer, _worker_context, _worker_max_values
    _worker_preparer = preparer
    _worker_context = context
    _worker_max_values = max_values


def _cutter_for(preparer: Preparer | None) -> TextCutter | None:
    """The process's text cutter for the preparer's analyser (it takes the analyser's output: one cut per text)."""
    if preparer is None:
        return None
    global _cutter
    analyzer = preparer.analyzer()
    if _cutter is None or _cutter.analyzer is not analyzer:
        _cutter = TextCutter(analyzer)
    return _cutter


def _process(batch: list[Article], preparer: Preparer | None = None,
             context: EnrichContext | None = None, max_values: int | None = None
             ) -> tuple[list[Article], list[object] | None, list[list[str]]]:
    """Clean, enrich and (when the backend wants it) analyse one batch.

    Also returns, per article, the people its cues revealed (for the learned-names store).
    Where the backend analyses in Python, each text is cut once for enrichment and the index.
    """
    preparer = preparer or _worker_preparer
    context = context or _worker_context
    max_values = max_values or _worker_max_values
    cutter = _cutter_for(preparer)
    discovered = []
    prepared: list[object] | None = [] if preparer else None
    for a in batch:
        prepare(a)
        if cutter is not None:
            title, body = cutter.cut(a.title), cutter.cut(a.body)
            found = enrich(a, context, enrichment_words(title, body), max_values)
            prepared.append(preparer.from_index_text((title.stems, title.exacts),  # type: ignore[union-attr]
                                                     (body.stems, body.exacts)))
        else:
            found = enrich(a, context, max_per_facet=max_values)
            if preparer:
                prepared.append(preparer(a))
        discovered.append(context.names_to_keep(found, a.people) if context is not None else found)
    return batch, prepared, discovered


def _process_in_worker(batch: list[Article]) -> tuple[list[Article], list[object] | None, list[list[str]]]:
    """`_process` in a worker; the raw text stays out of the reply (the main process has it: `_restore_raw`)."""
    articles, prepared, discovered = _process(batch)
    for a in articles:
        a.raw = ""
    return articles, prepared, discovered


def _restore_raw(sent: list[Article], result: tuple[list[Article], list[object] | None, list[list[str]]]
                 ) -> tuple[list[Article], list[object] | None, list[list[str]]]:
    """Give the worker's articles back the raw text as `prepare` set it: the text as read."""
    for original, article in zip(sent, result[0], strict=True):
        article.raw = original.raw or original.body
    return result


# ---------------------------------------------------------------- main side


class Indexer:
    """Feeds articles to a backend in batches, skipping the unchanged before the costly steps."""

    def __init__(self, backend: Backend, batch_size: int = 500, workers: int | None = None,
                 progress: Progress | None = None, on_written: Written | None = None, limits: Limits | None = None):
        self.backend = backend
        self.limits = limits or Limits()
        self.on_written = on_written  # e.g. saved-search alerts: sees each written batch, after its commit
        self.batch_size = batch_size
        self.workers = (os.cpu_count() or 1) if workers is None else workers
        self.progress = progress
        self.summary = IndexSummary()
        capabilities = backend.capabilities
        self._preparer = capabilities.preparer() if capabilities.preparer is not None else None
        # names the archive learned (kept by the engine) and the newsroom's corrections (search.enrich.context)
        self._learned = capabilities.learned_names
        self.context = EnrichContext.for_archive(self._learned, backend.location)

    def _batches(self, items: Iterable[Article | ReadProblem]) -> Iterator[list[Article]]:
        """Group the articles that changed since the last run; count the rest on the way."""
        batch: list[Article] = []
        for item in items:
            if isinstance(item, ReadWarning):
                self.summary.warnings.append(item)
                continue
            if isinstance(item, ReadProblem):
                self.summary.problems.append(item)
                continue
            self.summary.read += 1
            cut_article(item, self.limits)  # before hashing: the hash is of what gets indexed
            item.checksum = item.content_hash()
            lost = (item.raw or item.body).count("\ufffd") + item.title.count("\ufffd")
            if lost:
                self.summary.warnings.append(ReadProblem(
                    item.origin, f"{lost} character(s) could not be decoded and show as \ufffd; indexed anyway"))
            batch.append(item)
            if self.progress:
                self.progress(self.summary.read, item.origin)
            if len(batch) >= self.batch_size:
                yield from self._changed(batch)
                batch = []
        if batch:
            yield from self._changed(batch)

    def _changed(self, batch: list[Article]) -> Iterator[list[Article]]:
        known = self.backend.content_hashes([a.id for a in batch])
        todo = [a for a in batch if known.get(a.id) != a.checksum]
        self.summary.unchanged += len(batch) - len(todo)
        if todo:
            yield todo

    def _write(self, articles: list[Article], prepared: list[object] | None,
               discovered: list[list[str]] | None = None) -> None:
        found = {a.id: names for a, names in zip(articles, discovered or (), strict=False)}
        before_write = getattr(self.on_written, "before_write", None)
        if before_write is not None:
            before_write(articles)  # e.g. alerts note the batch as pending, so a crash loses no alert
        try:
            statuses = self.backend.upsert(articles, prepared)
            refused: dict[str, str] = {}
        except DocumentsRejected as exc:
            # the engine took the rest of the batch: report the refused ones by file and go on
            statuses, refused = exc.statuses, exc.failures
            origin = {a.id: a.origin or a.id for a in articles}
            self.summary.problems.extend(
                ReadProblem(origin.get(a_id, a_id), f"article {a_id} refused by the engine: {reason}")
                for a_id, reason in refused.items())
            articles = [a for a in articles if a.id not in refused]
        if self._learned is not None and discovered is not None:
            # per article id, after the write: an updated article replaces its names, a refused one adds none
            self._learned.add_learned_names({a_id: names for a_id, names in found.items() if a_id not in refused})
        self.summary.warnings.extend(  # text, fields or entity values cut to the ingest limits
            ReadProblem(a.origin or a.id, f"indexed in part: {a.truncated}") for a in articles if a.truncated)
        for a_id in dict.fromkeys(a.id for a in articles):
            status = statuses.get(a_id)
            if status is UpsertStatus.NEW:
                self.summary.new += 1
            elif status is UpsertStatus.UPDATED:
                self.summary.updated += 1
            else:
                self.summary.unchanged += 1
        if self.on_written is not None:
            self.on_written(articles, statuses)

    def run(self, items: Iterable[Article | ReadProblem]) -> IndexSummary:
        started = time.perf_counter()
        batches = self._batches(items)
        first = next(batches, None)
        if first is not None:
            second = next(batches, None)
            if second is None or self.workers <= 1:
                # small archive or no spare core: starting processes would cost more than it saves
                for batch in (first, *([second] if second else [])):
                    self._write(*_process(batch, self._preparer, self.context, self.limits.max_entities_per_facet))
                for batch in batches:
                    self._write(*_process(batch, self._preparer, self.context, self.limits.max_entities_per_facet))
            else:
                ctx = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
                if os.name == "posix":  # imports and packaged data loaded once, before the fork (search.worker_warmup)
                    ctx.set_forkserver_preload(["__main__", "search.worker_warmup"])
                with ctx.Pool(self.workers, initializer=_init_worker,
                              initargs=(self._preparer, self.context, self.limits.max_entities_per_facet)) as pool:
                    # at most two batches per worker in flight: memory stays flat however large the archive
                    pending: deque = deque()
                    try:
                        for batch in _chain(first, second, batches):
                            pending.append((batch, pool.apply_async(_process_in_worker, (batch,))))
                            if len(pending) >= 2 * self.workers:
                                sent, result = pending.popleft()
                                self._write(*_restore_raw(sent, result.get()))
                        while pending:
                            sent, result = pending.popleft()
                            self._write(*_restore_raw(sent, result.get()))
                    except Exception:
                        _settle(pending)
                        raise
        self.summary.seconds = time.perf_counter() - started
        return self.summary


def _settle(pending: deque, seconds: float = 30.0) -> None:
    """Let the batches already handed to the workers finish before the pool is torn down.

    Leaving the `with Pool` block terminates the workers. If the pool's feeder thread is still
    writing a batch into their pipe at that moment, nobody reads it again, and `terminate()` waits
    on that thread forever: a full disk would hang `bahith index` instead of reporting. Waiting for
    the few batches in flight (at most two per worker) leaves the feeder idle first.
    """
    deadline = time.monotonic() + seconds
    for _, result in pending:
        result.wait(max(0.0, deadline - time.monotonic()))


def _chain(first: list[Article], second: list[Article], rest: Iterator[list[Article]]) -> Iterator[list[Article]]:
    yield first
    yield second
    yield from rest


def index_paths(paths: Iterable[Path], backend: Backend, fmt: str = "auto", batch_size: int = 500,
                workers: int | None = None, progress: Progress | None = None,
                on_written: Written | None = None, limits: Limits | None = None,
                **reader_options: object) -> IndexSummary:
    """Read, cut to the ingest limits (default: bahith.toml's `[ingest]`, search.ingest.limits) and index."""
    limits = limits or load_limits()
    indexer = Indexer(backend, batch_size=batch_size, workers=workers, progress=progress, on_written=on_written,
                      limits=limits)

    def items() -> Iterator[Article | ReadProblem]:
        for path in paths:
            yield from read_path(Path(path), fmt, limits=limits, **reader_options)

    return indexer.run(items())
