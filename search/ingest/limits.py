"""How much one file may cost to read: the ceilings that keep a hostile or broken file from stopping a run.

A confidential archive is read unattended (`bahith watch`), so one file must never stop the run or
exhaust the machine: a 400 KB file of nested brackets, a 1 MB zip that inflates to 1 GiB, a 9.6 MB
"article" naming 63,812 people. Each ceiling turns such a file into a skipped file or a cut article,
reported by name in the closing summary, while every other file is read as usual.

The defaults sit far above what real archives hold (measured on SaudiNewsNet, 31,030 articles: the
longest article is 33,683 characters, the largest zip member 12.6 MB at a compression ratio of 3.8,
JSON nesting 2 levels, at most 118 people, 102 countries, 32 places in one article; docs/adr/0020).
They can be changed in the `[ingest]` table of bahith.toml (search.config's files, first found wins):

    [ingest]
    max_file_mb = 512            # a plain file, a gunzipped file or one zip member, inflated
    max_compression_ratio = 100  # inflated size / compressed size, for content over 1 MiB
    max_nesting_depth = 64       # JSON and JSON-LD arrays/objects inside each other
    max_article_chars = 500000   # the rest of a longer text is cut off and the article flagged
    max_field_chars = 2000       # title, author, source, url, section
    max_entities_per_facet = 200 # people, countries, places, regions, topics kept per article
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

from search.config import ConfigError, config_paths, read_toml
from search.model import Article

MIB = 1024 * 1024
# Below this size a high compression ratio is harmless (a page of spaces), so it is not checked.
RATIO_FLOOR_BYTES = MIB


@dataclass(frozen=True)
class Limits:
    """The ceilings for one run; `Limits()` are the defaults, `load_limits()` adds bahith.toml's `[ingest]`."""

    max_file_bytes: int = 512 * MIB
    max_compression_ratio: int = 100
    max_nesting_depth: int = 64
    max_article_chars: int = 500_000
    max_field_chars: int = 2_000
    max_entities_per_facet: int = 200

    def inflated_too_large(self, inflated: int, compressed: int) -> str | None:
        """Why content of `inflated` bytes from `compressed` bytes is refused, or None when it may be read."""
        if inflated > self.max_file_bytes:
            return (f"inflates to more than {self.max_file_bytes:,} bytes (ingest limit max_file_mb = "
                    f"{self.max_file_bytes // MIB}); refused")
        if inflated > RATIO_FLOOR_BYTES and inflated > self.max_compression_ratio * max(compressed, 1):
            return (f"compression ratio above {self.max_compression_ratio}:1 ({compressed:,} bytes inflate to "
                    f"{inflated:,}), a decompression bomb or not an archive of text; refused "
                    "(ingest limit max_compression_ratio)")
        return None


# bahith.toml key → (Limits field, multiplier, smallest value allowed)
_KEYS: dict[str, tuple[str, int, int]] = {
    "max_file_mb": ("max_file_bytes", MIB, 1),
    "max_compression_ratio": ("max_compression_ratio", 1, 2),
    "max_nesting_depth": ("max_nesting_depth", 1, 2),
    "max_article_chars": ("max_article_chars", 1, 1_000),
    "max_field_chars": ("max_field_chars", 1, 100),
    "max_entities_per_facet": ("max_entities_per_facet", 1, 1),
}
assert {f for f, _, _ in _KEYS.values()} == {f.name for f in fields(Limits)}


def limits_from_table(table: object, where: str) -> Limits:
    """Limits from a bahith.toml `[ingest]` table; ConfigError names the file and the key."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [ingest] must be a table of limits")
    changes: dict[str, int] = {}
    for key, value in table.items():
        if key not in _KEYS:
            raise ConfigError(f"{where}: [ingest] has no setting {key!r}; known: {', '.join(_KEYS)}")
        name, unit, least = _KEYS[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ConfigError(f"{where}: [ingest] {key} must be a whole number of at least {least}, got {value!r}")
        changes[name] = value * unit
    return replace(Limits(), **changes)


def load_limits() -> Limits:
    """The defaults, changed by the `[ingest]` table of the first config file found (search.config order)."""
    for path in config_paths():
        if path.is_file():
            return _limits_in(path)
    return Limits()


def _limits_in(path: Path) -> Limits:
    data = read_toml(path)
    return limits_from_table(data["ingest"], str(path)) if "ingest" in data else Limits()


# ----------------------------------------------------------------- cutting one article to the limits

# The visible end of a cut text. Engines keep the text, not the Article.truncated flag, so this mark
# is what `bahith show`, the web page and a search for "Bahith" see later.
_CUT_MARK = "[… Bahith cut this article here: the first {kept:,} of {total:,} characters are kept]"
_CUT_MARK_FOUND = re.compile(
    r"\[… Bahith cut this article here: the first ([\d,]+) of ([\d,]+) characters are kept\]\s*$")
_SHORT_FIELDS = ("title", "source", "url", "author", "section")


def _cut_point(text: str, limit: int) -> int:
    """Where to cut `text` at most `limit` characters in: at the last line or word break near the limit."""
    for separator in ("\n", " "):
        at = text.rfind(separator, max(0, limit - 2_000), limit)
        if at > 0:
            return at
    return limit


def cut_article(article: Article, limits: Limits) -> str:
    """Cut an article read from a file to the ingest limits; returns (and flags) what was cut, "" if nothing.

    A reader gives `raw` == `body` (cleaning comes later), so both become the kept text plus the
    visible mark. Entity values are capped later, where enrichment collects them (search.enrich).
    """
    notes = []
    text = article.raw or article.body
    if len(text) > limits.max_article_chars:
        kept = _cut_point(text, limits.max_article_chars)
        article.body = article.raw = text[:kept].rstrip() + "\n\n" + _CUT_MARK.format(kept=kept, total=len(text))
        notes.append(f"text cut to the first {kept:,} of {len(text):,} characters (ingest limit max_article_chars)")
    for name in _SHORT_FIELDS:
        value = getattr(article, name)
        if value and len(value) > limits.max_field_chars:
            setattr(article, name, value[: limits.max_field_chars])
            notes.append(f"{name} cut to {limits.max_field_chars:,} of {len(value):,} characters "
                         "(ingest limit max_field_chars)")
    if notes:
        add_cut_note(article, "; ".join(notes))
    return "; ".join(notes)


def add_cut_note(article: Article, note: str) -> None:
    """Flag `article` as cut, adding `note` to what its flag already says."""
    article.truncated = f"{article.truncated}; {note}" if article.truncated else note


def cut_note(article: Article) -> str:
    """What was cut off a stored article: its flag when it has one, else what the mark at the end of its text says."""
    if article.truncated:
        return article.truncated
    found = _CUT_MARK_FOUND.search((article.raw or article.body)[-200:])
    if found is None:
        return ""
    return f"text cut to the first {found.group(1)} of {found.group(2)} characters (ingest limit max_article_chars)"
