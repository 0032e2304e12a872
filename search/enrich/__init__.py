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
from search.enrich.topics import default_rules, label, score_topics
from search.facets import entity_facets
from search.ingest.limits import add_cut_note
from search.model import Article


def enrich(article: Article, context: EnrichContext | None = None,
           words: tuple[list[str], list[str], int] | None = None, max_per_facet: int | None = None) -> list[str]:
    """Fill article.people/countries/places/regions/topics (and topic_scores), replacing what they held,
    and every facet registered with its own extractor (search.facets).

    Returns the people found from cues (names of two or more words), for the learned-names store.
    `words` is `words_of(article.title, article.body)` when the caller has it already (the indexer
    cuts each text once for enrichment and the index: search.text_cut).
    `max_per_facet` keeps the first values of each facet (ingest limit max_entities_per_facet): one
    hostile text naming 63,812 people must not flood the facets; the article is flagged (`truncated`).
    """
    raw, tokens, title_tokens = words if words is not None else words_of(article.title, article.body)
    found = extract_tokens(tokens, context.gazetteer if context else None, raw, body_start=title_tokens)
    scored = score_topics(tokens, title_tokens)
    rule_topics = scored.kept
    model = default_model()
    if model is not None:
        rule_topics = combine(rule_topics, *model.predict(tokens),
                              max_topics=default_rules().settings.max_topics, evidence=scored.evidence)
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
    for facet in entity_facets():  # facets registered with their own extractor (search.facets)
        if facet.extract is not None:
            values = facet.extract(article)
            if context is not None and not context.corrections.is_empty():
                values = context.corrections.apply(facet.name, values)
            facet.set_values(article, values)
    if max_per_facet is not None:
        for facet in entity_facets():
            values = facet.values(article)
            if len(values) > max_per_facet:
                facet.set_values(article, values[:max_per_facet])
                add_cut_note(article, f"{facet.field}: the first {max_per_facet} of {len(values):,} kept "
                                      "(ingest limit max_entities_per_facet)")
    kept = set(article.topics)
    article.topic_scores = {t: s for t, s in topics if t in kept}
    return found.discovered[:max_per_facet]
