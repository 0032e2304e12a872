"""Build `search/data/wordbreak_classes.txt`, the character classes of Lucene's StandardTokenizer.

Lucene's grammar (StandardTokenizerImpl.jflex, `%unicode 9` plus emoji data 11.0) is written in
terms of Unicode Word_Break, Script, Line_Break and emoji properties. Python's `re` knows none of
them, so this script asks the third-party `regex` module (a build-time tool only, not a runtime
dependency) for each property and writes plain code-point ranges that `tokenize.py` turns into
`re` character classes.

`regex` carries a newer Unicode than Lucene's 9.0 (and newer emoji data than 11.0): characters
assigned since are Other to Lucene, and Extended_Pictographic was wider in emoji 11. With
`--lucene` (needs a JDK and Debian's liblucene8-java, see `lucene_oracle.py`) the script probes every
code point in a few contexts through real Lucene and through the grammar, and moves each code point
that differs into the class that makes the two agree (Other, Extend, a letter, a digit, ...).
The committed table was built that way; code points no class could reconcile are listed in its header.
Emoji modifiers U+1F3FB–U+1F3FF were Word_Break=E_Modifier in Unicode 9, not Extend, so they are
taken out of the Extend class up front.

Run:  python -m tools.build_wordbreak_classes --lucene > search/data/wordbreak_classes.txt
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import regex  # build-time only

from tools import lucene_oracle, tokenize

MAX_CP = 0x110000

# Classes a disagreeing code point may be moved into, tried in this order (empty = Other).
CANDIDATES: tuple[tuple[str, ...], ...] = (
    (), ("EMOJI_CHAR",), ("EXTEND",), ("AHLETTER",), ("NUMERIC",), ("MIDLETTER",), ("MIDNUM",),
    ("MIDLETTER", "MIDNUM"), ("EXTENDNUMLET",), ("HAN",), ("HIRAGANA",), ("KATAKANA",),
    ("COMPLEX_CONTEXT",), ("AHLETTER", "HANGUL"), ("AHLETTER", "HEBREW"),
)

EMOJI_MODIFIERS = (0x1F3FB, 0x1F3FF)


def _cps(pattern: str) -> set[int]:
    rx = regex.compile(pattern)
    return {cp for cp in range(MAX_CP) if not 0xD800 <= cp <= 0xDFFF and rx.match(chr(cp))}


def _ranges(cps: Iterable[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for cp in sorted(cps):
        if out and out[-1][1] == cp - 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return out


def build() -> dict[str, set[int]]:
    """Every class the tokenizer grammar needs, as sets of code points (current Unicode)."""
    modifiers = set(range(EMOJI_MODIFIERS[0], EMOJI_MODIFIERS[1] + 1))
    wb = {name: _cps(rf"\p{{Word_Break={name}}}") for name in (
        "ALetter", "Hebrew_Letter", "Numeric", "Katakana", "MidLetter", "MidNumLet", "MidNum",
        "Single_Quote", "Double_Quote", "ExtendNumLet", "Format", "Extend", "ZWJ", "Regional_Indicator")}
    ahletter = wb["ALetter"] | wb["Hebrew_Letter"]
    fullwidth_digits = _cps(r"\p{Block=HalfwidthAndFullwidthForms}") & _cps(r"\p{Nd}")
    emoji = _cps(r"\p{Emoji}")
    modifier = _cps(r"\p{Emoji_Modifier}")
    rkam = wb["Regional_Indicator"] | set(map(ord, "0123456789#*©®™\u3030\u303d")) | modifier
    classes = {
        "AHLETTER": ahletter,
        "HEBREW": wb["Hebrew_Letter"],
        "HANGUL": _cps(r"\p{Script=Hangul}") & ahletter,
        "NUMERIC": wb["Numeric"] | fullwidth_digits,
        "KATAKANA": wb["Katakana"],
        "MIDLETTER": wb["MidLetter"] | wb["MidNumLet"] | wb["Single_Quote"],
        "MIDNUM": wb["MidNum"] | wb["MidNumLet"] | wb["Single_Quote"],
        "SINGLE_QUOTE": wb["Single_Quote"],
        "DOUBLE_QUOTE": wb["Double_Quote"],
        "EXTENDNUMLET": wb["ExtendNumLet"],
        "EXTEND": (wb["Format"] | wb["Extend"] | wb["ZWJ"]) - modifiers,
        "HAN": _cps(r"\p{Script=Han}"),
        "HIRAGANA": _cps(r"\p{Script=Hiragana}"),
        "COMPLEX_CONTEXT": _cps(r"\p{Line_Break=Complex_Context}"),
        "REGIONAL_INDICATOR": wb["Regional_Indicator"],
        "EMOJI_CHAR": _cps(r"\p{Extended_Pictographic}") | (emoji - rkam),
        "EMOJI_MODIFIER_BASE": _cps(r"\p{Emoji_Modifier_Base}"),
        "EMOJI_MODIFIER": modifier,
    }
    return classes


def _probe(cp: int) -> str:
    c = chr(cp)
    return f"{c} a{c}a 1{c}1 ب{c}ب {c}{c} a{c} {c}a"


def _grammar(classes: dict[str, set[int]]) -> tokenize.Grammar:
    return tokenize.build_patterns({n: tokenize.class_body(_ranges(cps)) for n, cps in classes.items()})


def _disagreeing(classes: dict[str, set[int]], cps: list[int]) -> list[int]:
    """Code points whose probe text Lucene and the grammar cut differently."""
    grammar = _grammar(classes)
    texts = [_probe(cp) for cp in cps]
    bad = []
    for cp, text, expected in zip(cps, texts, lucene_oracle.run("tok", texts), strict=True):
        got = [(t.text, t.type) for t in tokenize.tokenize(text, grammar)]
        if got != [(t.term, t.type) for t in expected]:
            bad.append(cp)
    return bad


def reconcile(classes: dict[str, set[int]]) -> tuple[dict[str, set[int]], list[int]]:
    """Move each code point Lucene cuts differently into the class that agrees; return leftovers."""
    cps = [cp for cp in range(MAX_CP) if not 0xD800 <= cp <= 0xDFFF and cp not in (0x0A, 0x0D)]
    pending = _disagreeing(classes, cps)
    print(f"{len(pending)} code points disagree with Lucene before reconciling", file=sys.stderr)
    for cp in pending:
        for cps_of_class in classes.values():
            cps_of_class.discard(cp)
    for candidate in CANDIDATES:
        if not pending:
            break
        trial = {n: set(v) for n, v in classes.items()}
        for name in candidate:
            trial[name].update(pending)
        still = set(_disagreeing(trial, pending))
        for name in candidate:
            classes[name].update(cp for cp in pending if cp not in still)
        pending = [cp for cp in pending if cp in still]
    return classes, pending


def main() -> None:
    use_lucene = "--lucene" in sys.argv[1:]
    classes = build()
    leftovers: list[int] = []
    if use_lucene:
        classes, leftovers = reconcile(classes)
    out = sys.stdout
    out.write("# Character classes of Lucene's StandardTokenizer (UAX#29 word break), "
              "as code-point ranges.\n")
    out.write("# Built by tools/build_wordbreak_classes.py from the `regex` module "
              f"({regex.__version__}) Unicode data")
    out.write(", reconciled code point by code point with Lucene 8.7.\n" if use_lucene else ".\n")
    if leftovers:
        out.write("# Code points still cut differently from Lucene: "
                  + " ".join(f"{cp:04X}" for cp in leftovers) + "\n")
    out.write("# format: CLASS<TAB>hex ranges separated by spaces (LO-HI or a single code point).\n")
    for name, cps in classes.items():
        parts = [f"{lo:04X}" if lo == hi else f"{lo:04X}-{hi:04X}" for lo, hi in _ranges(cps)]
        out.write(f"{name}\t{' '.join(parts)}\n")


if __name__ == "__main__":
    main()
