"""Loaded once by the forkserver before it forks the indexing workers: the imports and packaged data they share.

Why: every worker process used to import Bahith, compile the analyser's patterns and load the packaged
gazetteer, topic rules, name tagger and cues on its own — about 0.7 s of CPU per worker, paid again on
every `bahith index` run (a third of a run's CPU on a 500-article folder). Workers forked from a
forkserver that did this once start with all of it in memory (copy-on-write). Only packaged, read-only
data is loaded here; what belongs to one archive (its learned names, corrections, protected names) still
comes with each pool's initializer. The caches filled are pure memos, so no answer depends on them.

`multiprocessing` imports this module by name (`set_forkserver_preload`) and skips it on ImportError;
any other failure is swallowed here, since a worker then loads what it needs itself, as before, and
reports its own error with the article that caused it.
"""

from __future__ import annotations

import contextlib

# a short made-up text that walks every pass of cleaning, cutting, enrichment and analysis once
_TEXT = ("الرياض - قال وزير الخارجية الأمير سعود الفيصل اليوم إن المملكة العربية السعودية تدعم "
         "المفاوضات في جنيف، وأضاف أن أسعار النفط ارتفعت 3.5% في سوق الأسهم.")


def warm() -> None:
    """Import the indexing path and run it once on `_TEXT` with the packaged data (no archive)."""
    from search.analysis import default_analyzer
    from search.backends.sqlite import SqlitePreparer
    from search.enrich.context import EnrichContext
    from search.model import Article
    from search.pipeline import _process

    analyzer = default_analyzer()
    _process([Article(id="warm-up", title="وزير الخارجية", body=_TEXT)], SqlitePreparer(analyzer),
             EnrichContext.of_counts({}))


with contextlib.suppress(Exception):
    warm()
