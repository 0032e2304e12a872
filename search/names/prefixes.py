"""The word starts a prefix word (`سعود*`) matches in the exact fields: its clitic forms (docs/adr/0042).

Here rather than in search.query.prefix because the clitic list is the name reading's
(search.names.reading.name_forms), and the query package must not import the names package (it
imports the query package).
"""

from __future__ import annotations

from search.names.reading import name_forms
from search.query.prefix import MIN_PREFIX_LETTERS


def prefix_forms(analyzer, text: str) -> list[str]:
    """The exact-field word starts a prefix matches: its normalized core with every clitic form.

    The core is the typed prefix normalized as the index is (search.analysis exact tokens), with a
    leading ال set aside; the starts are the core's clitic forms and those of ال + core (سعود →
    سعود, وسعود, بسعود …, السعود, والسعود, بالسعود, للسعود …). Empty when analysis leaves nothing.
    """
    tokens = [t.term for t in analyzer.exact_tokens(text)]
    if len(tokens) != 1:
        return []
    core = tokens[0]
    if core.startswith("ال") and len(core) - 2 >= MIN_PREFIX_LETTERS:
        core = core[2:]
    return list(dict.fromkeys([*name_forms(core), *name_forms("ال" + core)]))


__all__ = ["prefix_forms"]
