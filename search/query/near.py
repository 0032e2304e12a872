"""Proximity, `A NEAR/5 B`: the operator as typed, what each side may be, and the forms it matches.

Factiva and Lexis users type `NEAR/5` (Lexis `w/5`): both sides within five words of each other, in
either order. Here `NEAR/n` means the nearest words of the two sides are at most n positions apart,
so at most n−1 words stand between them: `NEAR/1` is "next to each other, either order", and
`NEAR/0` means nothing and is refused. `NEAR` alone is `NEAR/10`. Arabic: `قرب/5` (and `قرب` alone
is a word, قرب الحدود "near the border", so only the form with a slash is the operator); the number
may be typed in Arabic-Indic digits (`قرب/٥`). Lowercase `near/5` is the operator too; bare `near`
stays a word.

Words are counted as typed, stop words included, the same on both engines (issue 18): both match the
sides in the exact (normalised, unstemmed) fields, whose positions keep every word — FTS5 drops a stop
word from the stemmed column without a position, Lucene leaves a gap, so the stemmed fields would
count differently. A bare word therefore matches its own form with the clitics a journalist does not
type — و ف ب ل ك, ال and لل (مفاوضات: المفاوضات, بالمفاوضات, وللمفاوضات …) — but not its other
inflections (مفاوضة): `(مفاوضات OR مفاوضة) NEAR/5 ايران` asks for both. A phrase matches as
quoted; `exact:word` only that form. docs/adr/0043.
"""

from __future__ import annotations

from search.analysis.protected import CLITICS, LAM_CONTRACTIONS
from search.model import Near, Node, Or, Phrase, Term
from search.query import errors

NEAR = "NEAR"
DEFAULT_DISTANCE = 10
MAX_DISTANCE = 100
"""A wider window is a plain AND in practice, and it bounds the work of the engines."""
MAX_PAIRS = 3_000
"""FTS5's NEAR takes phrases only, so a side's forms are paired one by one (fts_near); beyond this
many pairs (two ORed words a side: 52 × 52) a query is refused rather than left to crawl."""
FORMS_PER_WORD = 26  # word_forms of an Arabic word: 12 without ال, 14 with it

_NAMES = {"near": NEAR, "قرب": NEAR}
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def operator(run: str, query: str, start: int) -> int | None:
    """The distance when the bare run `run` (at `start` in `query`) is a NEAR operator, else None.

    `NEAR` is the default distance; `NEAR/n`, `near/n`, `قرب/n` carry theirs. A run that names
    the operator with a bad distance (`NEAR/0`, `NEAR/x`, `NEAR/`) raises a clear error."""
    if run == NEAR:
        return DEFAULT_DISTANCE
    name, slash, number = run.partition("/")
    if not slash or (name != NEAR and name.lower() != "near" and name != "قرب"):
        return None
    digits = number.translate(_DIGITS)
    if not digits.isascii() or not digits.isdigit() or not 1 <= int(digits) <= MAX_DISTANCE:
        raise errors.bad_near_distance(query, start + len(name) + 1, run, MAX_DISTANCE)
    return int(digits)


def check_side(node: Node, query: str, position: int) -> None:
    """A side must be a word, a phrase or an OR of them; anything else is refused, naming why."""
    if isinstance(node, Or):
        for child in node.children:
            check_side(child, query, position)
        return
    if isinstance(node, Term | Phrase):
        return
    raise errors.bad_near_side(query, position, "near" if isinstance(node, Near) else "other")


def check_pairs(near: Near, query: str, position: int) -> None:
    """Refuse a NEAR whose sides would pair more than MAX_PAIRS forms (counted from the text alone, so
    both engines refuse the same queries)."""
    def count(node: Node) -> int:
        if isinstance(node, Or):
            return sum(count(c) for c in node.children)
        return FORMS_PER_WORD if isinstance(node, Term) and not node.exact else 1
    if count(near.left) * count(near.right) > MAX_PAIRS:
        raise errors.too_many_near_forms(query, position, MAX_PAIRS // (FORMS_PER_WORD * FORMS_PER_WORD))


def word_forms(exact: str) -> list[str]:
    """The exact forms a bare word matches in a NEAR: itself with and without ال, each with its clitics.

    A word that is not Arabic letters (a number, a Latin word) takes no Arabic clitic."""
    if not exact or not ("\u0621" <= exact[0] <= "\u064a"):
        return [exact]
    core = exact[2:] if exact.startswith("ال") and len(exact) > 4 else exact
    forms = [core] + [c + core for c in CLITICS]
    definite = "ال" + core
    forms += [definite] + [c + definite for c in CLITICS if c != "ل"] + [c + core for c in LAM_CONTRACTIONS]
    return list(dict.fromkeys(forms))


def side_sequences(node: Node, analyzer) -> list[tuple[str, ...]]:
    """Every sequence of exact terms one side of a NEAR matches; [] when analysis leaves nothing.

    A word of one token gives its forms (word_forms), one sequence each; a phrase, an `exact:` word
    or a word the tokenizer splits (co-op) gives its exact terms in order."""
    if isinstance(node, Or):
        out: list[tuple[str, ...]] = []
        for child in node.children:
            out.extend(side_sequences(child, analyzer))
        return list(dict.fromkeys(out))
    assert isinstance(node, Term | Phrase), node
    terms = tuple(t.term for t in analyzer.exact_tokens(node.text) if t.term)
    if isinstance(node, Term) and not node.exact and len(terms) == 1:
        return [(form,) for form in word_forms(terms[0])]
    return [terms] if terms else []


def near_positions(words: list[str], left: list[tuple[str, ...]], right: list[tuple[str, ...]],
                   distance: int) -> set[int]:
    """Indexes of `words` (exact forms, one per word as typed) that a NEAR of these sides matched.

    The rule the engines apply, in Python for the highlighter: an occurrence of a left sequence and
    one of a right sequence, in either order, with at most `distance − 1` words between them; every
    word of both is marked. Occurrences that are not near any of the other side's stay unmarked."""
    def occurrences(sequences: list[tuple[str, ...]]) -> list[tuple[int, int]]:
        found = []
        for seq in sequences:
            n = len(seq)
            found += [(i, i + n) for i in range(len(words) - n + 1) if tuple(words[i:i + n]) == seq]
        return found

    marked: set[int] = set()
    rights = occurrences(right)
    for a_start, a_end in occurrences(left):
        for b_start, b_end in rights:
            between = max(b_start - a_end, a_start - b_end, 0)
            if between <= distance - 1:
                marked.update(range(a_start, a_end))
                marked.update(range(b_start, b_end))
    return marked
