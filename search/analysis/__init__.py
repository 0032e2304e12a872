"""Arabic text analysis: the Elasticsearch/OpenSearch analyzer chain reproduced in Python.

Both backends must cut and fold words identically, or a query that finds an article in one misses
it in the other. `Analyzer` runs the chain; `normalize` folds any string the same way (facet values,
gazetteer keys); `default_analyzer()` is the shared instance protecting the gazetteer's names.
"""

from search.analysis.analyzer import Analyzer, Token, default_analyzer
from search.analysis.normalize import normalize

__all__ = ["Analyzer", "Token", "default_analyzer", "normalize"]
