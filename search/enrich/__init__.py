"""Enrichment: fill an article's entity and topic fields from its title and cleaned body.

One tokenization serves both extractors. Facet values are Arabic: canonical names for people,
countries, places and regions (search/data/gazetteer/), and the topic's Arabic label (رياضة, نووي)
for topics; topic ids stay inside the rules (search/data/topics.toml) and the code.
"""

from __future__ import annotations

from search.enrich.entities import extract_tokens, tokens_of
from search.enrich.topics import classify_tokens, label
from search.model import Article


def enrich(article: Article) -> None:
    """Fill article.people/countries/places/regions/topics, replacing whatever they held."""
    tokens, title_tokens = tokens_of(article.title, article.body)
    found = extract_tokens(tokens)
    article.people = found.people
    article.countries = found.countries
    article.places = found.places
    article.regions = found.regions
    article.topics = [label(topic) for topic, _ in classify_tokens(tokens, title_tokens)]
