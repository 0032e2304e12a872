"""The `_arabic_` stop set, read from `search/data/stopwords_ar.txt`.

The list is applied to lowercased, digit-folded but *unnormalized* tokens (Lucene's order), which
is why على, حتى and لدى are removed while their normalized forms علي, حتي, لدي are not.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

STOPWORDS_FILE = "stopwords_ar.txt"


def parse_stopwords(text: str, source: str) -> list[str]:
    """Words in file order; a line with more than one word is an error naming `source` and line."""
    words: list[str] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if len(line.split()) != 1:
            raise ValueError(f"{source}:{lineno}: expected one stop word per line, got {line!r}")
        words.append(line)
    return words


@cache
def arabic_stopwords() -> frozenset[str]:
    """Lucene's 119 Arabic stop words (Jacques Savoy, BSD), unnormalized."""
    path = resources.files("search").joinpath("data", STOPWORDS_FILE)
    words = parse_stopwords(path.read_text(encoding="utf-8"), f"search/data/{STOPWORDS_FILE}")
    if not words:
        raise ValueError(f"search/data/{STOPWORDS_FILE}: no stop words found")
    return frozenset(words)
