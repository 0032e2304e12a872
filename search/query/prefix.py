"""Prefix words, `سعود*`: how they are recognised in query text and which word starts they match.

Why a prefix of the *clitic-stripped* form (docs/adr/0042): an Arabic word rarely stands bare in
news text; السعودية, والسعودي, بالسعودية all begin with a clitic or the article ال. A journalist
typing `سعود*` means the word family, so the prefix is matched against the exact (normalized,
unstemmed) field with each clitic form in front of it (search.names.prefixes, the same list the name
reading uses), which is the clitic-stripped form without a separate index field. Both engines
receive the same list of word starts, computed in Python, so their hit sets agree.
"""

from __future__ import annotations

from search.model import Prefix
from search.query import errors

MIN_PREFIX_LETTERS = 2
"""Fewer letters than this match a large part of any archive and say nothing; refused with a message."""

STAR = "*"

MAX_PREFIXES = 10
"""Prefix words one query may hold. Each is 48 `prefix` clauses on the search server (24 word starts ×
headline and body), whose default limit is 1,024 clauses per query: ten leave room for the rest of
the query, and more are refused here with a message rather than by the engine with its own."""


def prefix_of(run: str) -> str | None:
    """The prefix typed as `run` (`سعود*` → `سعود`), None when `run` is no prefix word.

    A word ending in one or more stars is a prefix; a star elsewhere (`a*b`) or alone stays text.
    """
    if not run.endswith(STAR):
        return None
    text = run.rstrip(STAR)
    if not text or STAR in text:
        return None
    return text


def letters(text: str) -> int:
    """Letters and digits of `text`: marks such as harakat and tatweel do not make a prefix longer."""
    return sum(1 for c in text if c.isalnum() and c != "\u0640")


def make_prefix(text: str, position: int, query: str) -> Prefix:
    """The Prefix node for `text` (typed at `position`), refused when it holds too few letters."""
    core = text[2:] if text.startswith("ال") else text  # السعود* is سعود*: the ال is one of the clitics
    if letters(core) < MIN_PREFIX_LETTERS:
        raise prefix_too_short(query, position, text)
    return Prefix(text)


def prefix_too_short(query: str, position: int, text: str) -> errors.QuerySyntaxError:
    return errors.QuerySyntaxError(
        "prefix_too_short", position, query,
        f"prefix too short: {text}* at position {position} needs at least {MIN_PREFIX_LETTERS} letters "
        f"(ال not counted) before the *, e.g. سعود*",
        f"بادئة قصيرة جدًا: {text}* في الموضع {position} تحتاج حرفين على الأقل "
        "قبل * (دون احتساب ال)، مثل سعود*")


def check_count(query: str, tokens) -> None:
    """Refuse a query of more than MAX_PREFIXES prefix words, pointing at the first one past it."""
    found = [t for t in tokens if isinstance(t.node, Prefix)
             or (t.node is not None and isinstance(getattr(t.node, "child", None), Prefix))]
    if len(found) > MAX_PREFIXES:
        position = found[MAX_PREFIXES].position
        raise errors.QuerySyntaxError(
            "too_many_prefixes", position, query,
            f"too many prefix words: at most {MAX_PREFIXES} words ending in * per query; the one at position "
            f"{position} is one too many",
            f"كلمات بادئة كثيرة: {MAX_PREFIXES} كلمات منتهية بـ * على الأكثر في البحث الواحد؛ "
            f"الكلمة في الموضع {position} زائدة")


__all__ = ["MAX_PREFIXES", "MIN_PREFIX_LETTERS", "check_count", "make_prefix", "prefix_of"]
