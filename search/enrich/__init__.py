"""Enrichment: fill an article's entity and topic fields from its title and cleaned body.

One tokenization serves both extractors. Facet values are Arabic: canonical names for people,
countries, places and regions (search/data/gazetteer/), and the topic's Arabic label (رياضة, نووي)
for topics; topic ids stay inside the rules (search/data/topics.toml) and the code.
An `EnrichContext` (search.enrich.context) adds the archive's learned names and the newsroom's
corrections file; without one, only the packaged data is used.
"""

from __future__ import annotations

from search.enrich.context import EnrichContext
from search.enrich.entities import extract_tokens, words_of
from search.enrich.topic_model import combine, default_model
from search.enrich.topics import classify_tokens, label
from search.facets import all_facets
from search.model import Article


def enrich(article: Article, context: EnrichContext | None = None,
           words: tuple[list[str], list[str], int] | None = None) -> list[str]:
    """Fill article.people/countries/places/regions/topics (and topic_scores), replacing what they held,
    and every facet registered with an extractor (search.facets).

    Returns the people found from cues (names of two or more words), for the learned-names store.
    `words` is `words_of(article.title, article.body)` when the caller has it already (the indexer
    cuts each text once for enrichment and the index: search.text_cut).
    """
    raw, tokens, title_tokens = words if words is not None else words_of(article.title, article.body)
    found = extract_tokens(tokens, context.gazetteer if context else None, raw)
    rule_topics = classify_tokens(tokens, title_tokens)
    model = default_model()
    if model is not None:
        rule_topics = combine(rule_topics, *model.predict(tokens))
    topics = [(label(topic), score) for topic, score in rule_topics]
    article.people = found.people
    article.countries = found.countries
    article.places = found.places
    article.regions = found.regions
    article.topics = [t for t, _ in topics]
    if context is not None and not context.corrections.is_empty():
        fix = context.corrections.apply
        article.people = fix("person", article.people)
        article.countries = fix("country", article.countries)
        article.places = fix("place", article.places)
        article.regions = fix("region", article.regions)
        article.topics = fix("topic", article.topics)
    kept = set(article.topics)
    article.topic_scores = {t: s for t, s in topics if t in kept}
    for facet in all_facets():  # facets registered with their own extractor (search.facets)
        if facet.extract is not None:
            facet.set_values(article, facet.extract(article))
    return found.discovered
