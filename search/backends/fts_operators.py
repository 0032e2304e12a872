"""FTS5 text for the headline scope (`title:`) and prefix words (`سعود*`), docs/adr/0042.

Kept apart from fts_compile so the two operators stay one small unit: the compiler hands each
InField or Prefix node here. Both rely on FTS5 features the archive already has: column filters
(the headline is its own pair of columns, `title` stemmed and `title_exact`) and prefix queries
(`"سعود" *`), which FTS5 answers by walking the sorted term list, so no `prefix=` index is needed
(measured in the ADR).
"""

from __future__ import annotations

from search.model import Prefix
from search.names.prefixes import prefix_forms

TITLE_COLUMNS = "{title title_exact}"
EXACT_COLUMNS = "{title_exact body_exact}"


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def prefix_match(analyzer, node: Prefix) -> str | None:
    """Any exact word starting with one of the prefix's clitic forms; None when analysis leaves nothing."""
    forms = prefix_forms(analyzer, node.text)
    if not forms:
        return None
    return f"{EXACT_COLUMNS} : (" + " OR ".join(f"{_quote(f)} *" for f in forms) + ")"


def in_title(match: str | None) -> str | None:
    """`match` restricted to the headline columns. FTS5 intersects nested column filters, so the
    leaves' own `{title body}` / `{title_exact body_exact}` narrow to the headline's column of each kind."""
    return None if match is None else f"{TITLE_COLUMNS} : ({match})"


__all__ = ["in_title", "prefix_match"]
