""""More like this" over the Backend protocol alone: a query built from the article itself.

No engine-specific MLT feature is used, so both engines answer alike. The article's most
frequent content words (title words count thrice, numbers and one-letter tokens are skipped)
are OR-ed together with the people it names; the engine's BM25 ranking then favours articles
sharing the rarer of those words, which is what makes a neighbour distinctive rather than
merely on the same broad subject.
"""

from __future__ import annotations

from collections import Counter

from search.backends import BackendError
from search.model import Article, Hit, Node, Or, Phrase, SearchRequest, Term

TOP_TERMS = 10
TOP_PEOPLE = 3
TITLE_WEIGHT = 3


def similar_query(article: Article, analyzer=None) -> Node | None:
    if analyzer is None:
        from search.analysis import default_analyzer

        analyzer = default_analyzer()
    counts: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = {}
    for text, weight in ((article.title, TITLE_WEIGHT), (article.body[:20_000], 1)):
        for token in analyzer.tokens(text):
            word = text[token.start:token.end]
            if len(token.term) < 2 or token.term.isdigit() or not word.isalnum():
                continue
            counts[token.term] += weight
            surface.setdefault(token.term, Counter())[word] += 1
    leaves: list[Node] = [Term(surface[stem].most_common(1)[0][0]) for stem, _ in counts.most_common(TOP_TERMS)]
    leaves += [Phrase(name) for name in article.people[:TOP_PEOPLE] if " " in name]
    leaves += [Term(name) for name in article.people[:TOP_PEOPLE] if " " not in name and name.isalnum()]
    leaves = list(dict.fromkeys(leaves))
    if not leaves:
        return None
    return leaves[0] if len(leaves) == 1 else Or(tuple(leaves))


def more_like_this(backend, article: Article, size: int = 5) -> list[Hit]:
    query = similar_query(article)
    if query is None:
        return []
    request = SearchRequest(query=query, size=size + 1, facets=(), histogram="", snippets=False)
    try:
        hits = backend.search(request).hits
    except BackendError:
        return []
    return [h for h in hits if h.id != article.id][:size]
