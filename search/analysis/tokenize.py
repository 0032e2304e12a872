"""Lucene StandardTokenizer (UAX#29 word boundaries) rebuilt as one compiled `re` pattern.

Why a regex: indexing millions of words must cost one `findall` per text, and the search side must
cut text exactly where Elasticsearch/OpenSearch cut it, or a phrase found by one backend is missed
by the other. The pattern follows StandardTokenizerImpl.jflex (Lucene 8.7–10: `%unicode 9`,
emoji data 11.0) rule by rule; the character classes come from `search/data/wordbreak_classes.txt`
(built by `build_wordbreak_classes.py`).

What it reproduces (checked against Lucene 8.7 in tests/test_analysis_lucene_oracle.py):
- letters, digits and Extend/Format/ZWJ marks (harakat U+064B–U+065F, U+0670, ZWNJ, ZWJ) stay in
  one token; a token never *starts* with a mark: marks after a space are dropped;
- MidLetter (`:` `·` and MidNumLet `.` `'` ’) joins letters, MidNum (`,` `;` ، ٬ and `.` `'`) joins
  digits: `example.com`, `a:b`, `can't`, `3.5`, `1,000`, `١،٢` are one token, `12:30` is two;
  letters and digits join directly (`2024م`), ExtendNumLet (`_`) joins anything;
- `٫` (U+066B) is itself Numeric, so `٣٫٥` is one token;
- emoji sequences are tokens of type <EMOJI> (Lucene ≥ 7 does not drop them); `#`, `@`, other
  symbols and punctuation are dropped;
- each Han ideograph and each Hiragana character is its own token; runs of Thai/Lao/Myanmar/Khmer
  (Line_Break=Complex_Context) are one token;
- a token longer than 255 characters is cut into 255-character pieces, as the scanner buffer does.

Known differences from Lucene (accepted; none touch Arabic or Latin news text):
- Python offsets count code points, Lucene counts UTF-16 units: they differ after any character
  beyond U+FFFF (most emoji). `display.tokens_as_json(tokens, text)` converts. The 255 limit is
  applied in code points too.
- JFlex takes the longest match of all rules; `re` takes the first alternative. Where an emoji
  sequence and a word compete (a letter that is also an emoji, like ℹ, followed by ZWJ + emoji)
  the cut can differ. Emoji ZWJ/tag sequences follow a simplified form of Lucene's emoji rule.
- The class table was reconciled with Lucene 8.7 code point by code point (every code point alone,
  doubled, and between letters, digits and Arabic letters): no difference remains there. Longer
  mixed sequences of rare scripts were not searched exhaustively.
- After a 255 cut Lucene re-scans the rest of the word; here the rest is cut into plain pieces, so
  a piece that starts with a combining mark or a joiner may differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

MAX_TOKEN_LENGTH = 255

ALPHANUM = "<ALPHANUM>"
NUM = "<NUM>"
SOUTHEAST_ASIAN = "<SOUTHEAST_ASIAN>"
IDEOGRAPHIC = "<IDEOGRAPHIC>"
HIRAGANA = "<HIRAGANA>"
KATAKANA = "<KATAKANA>"
HANGUL = "<HANGUL>"
EMOJI = "<EMOJI>"

CLASSES_FILE = "wordbreak_classes.txt"


def class_body(ranges: list[tuple[int, int]]) -> str:
    """The inside of an `re` character class for inclusive code-point ranges."""
    parts = []
    for lo, hi in ranges:
        parts.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
    return "".join(parts)


def load_class_ranges() -> dict[str, list[tuple[int, int]]]:
    """Class name → inclusive code-point ranges, from `search/data/wordbreak_classes.txt`."""
    text = resources.files("search").joinpath("data", CLASSES_FILE).read_text(encoding="utf-8")
    classes: dict[str, list[tuple[int, int]]] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, body = line.partition("\t")
        if not sep:
            raise ValueError(f"search/data/{CLASSES_FILE}:{lineno}: expected CLASS<TAB>ranges, "
                             f"got {line[:40]!r}")
        ranges = []
        for item in body.split():
            try:
                lo, _, hi = item.partition("-")
                ranges.append((int(lo, 16), int(hi or lo, 16)))
            except ValueError:
                raise ValueError(f"search/data/{CLASSES_FILE}:{lineno}: bad range {item!r} "
                                 f"in {name}") from None
        classes[name] = ranges
    missing = set(CLASS_NAMES) - classes.keys()
    if missing:
        raise ValueError(f"search/data/{CLASSES_FILE}: missing classes {sorted(missing)}")
    return classes


CLASS_NAMES = ("AHLETTER", "HEBREW", "HANGUL", "NUMERIC", "KATAKANA", "MIDLETTER", "MIDNUM", "SINGLE_QUOTE",
               "DOUBLE_QUOTE", "EXTENDNUMLET", "EXTEND", "HAN", "HIRAGANA", "COMPLEX_CONTEXT",
               "REGIONAL_INDICATOR", "EMOJI_CHAR", "EMOJI_MODIFIER_BASE", "EMOJI_MODIFIER")


@dataclass(frozen=True)
class Grammar:
    token: re.Pattern[str]          # any token, whole match only (for findall)
    typed: re.Pattern[str]          # same, with named groups saying which rule matched
    numeric: re.Pattern[str]        # Lucene's NUMERIC rule (decides <NUM> over <ALPHANUM>)
    hangul: re.Pattern[str]
    katakana: re.Pattern[str]
    emoji: re.Pattern[str]


@cache
def _patterns() -> Grammar:
    return build_patterns({name: class_body(r) for name, r in load_class_ranges().items()})


def build_patterns(c: dict[str, str]) -> Grammar:
    """Compile the grammar over class bodies `c` (also used by the table builder to try variants)."""
    x = f"[{c['EXTEND']}]*"
    heb = f"[{c['HEBREW']}]{x}"
    num = f"[{c['NUMERIC']}]{x}"
    kat = f"[{c['KATAKANA']}]{x}"
    midl = f"[{c['MIDLETTER']}]{x}"
    midn = f"[{c['MIDNUM']}]{x}"
    enl = f"[{c['EXTENDNUMLET']}]{x}"
    sq = f"[{c['SINGLE_QUOTE']}]{x}"
    dq = f"[{c['DOUBLE_QUOTE']}]{x}"
    hangul = f"(?:[{c['HANGUL']}]{x})+"
    katakana = f"(?:{kat})+"

    numeric_rule = f"(?:{enl})*{num}(?:(?:(?:{enl})*|{midn}){num})*(?:{enl})*"
    # `AHL (ENL* AHL)*` with AHL = letter Extend*: runs of letters and marks collapse into one
    # character-class loop, which is what makes `findall` fast on ordinary words. Same language.
    letters = f"[{c['AHLETTER']}][{c['AHLETTER']}{c['EXTEND']}]*"
    digits = f"[{c['NUMERIC']}][{c['NUMERIC']}{c['EXTEND']}]*"
    unit = (f"(?:{kat}(?:(?:{enl})*{kat})*"
            f"|(?:{heb}(?:{sq}|{dq}{heb})"
            f"|{letters}(?:(?:(?:{enl})+|{midl}){letters})*"
            f"|{digits}(?:(?:(?:{enl})+|{midn}){digits})*)+)")
    word_rule = f"(?:{enl})*{unit}(?:(?:{enl})+{unit})*(?:{enl})*"

    # Emoji: Extend/Format without the presentation selectors and without ZWJ (ZWJ is handled
    # explicitly so that greedy matching reaches the longest sequence, as JFlex does).
    ex = f"(?:(?![\ufe0e\ufe0f\u200d])[{c['EXTEND']}])*"
    element = (f"(?:[{c['EMOJI_MODIFIER_BASE']}]{ex}(?:[{c['EMOJI_MODIFIER']}]{ex})?\ufe0f?"
               f"|[{c['EMOJI_MODIFIER']}]{ex}"
               f"|[{c['EMOJI_CHAR']}]{ex}\ufe0f?)")
    emoji_rule = (f"(?:\u200d*{element}(?:[\U000e0020-\U000e007e]+\U000e007f|(?:\u200d+{element})*)\u200d*"
                  f"|[0-9#*]{x}\ufe0f?\u20e3{x}"
                  f"|[{c['REGIONAL_INDICATOR']}]{x}[{c['REGIONAL_INDICATOR']}]{x})")
    other = (f"(?P<sa>(?:[{c['COMPLEX_CONTEXT']}]{x})+)"
             f"|(?P<han>[{c['HAN']}]{x})"
             f"|(?P<hira>[{c['HIRAGANA']}]{x})")
    # A one-class look-ahead lets `findall` skip spaces and punctuation without trying every rule.
    starts = "".join(c[n] for n in ("AHLETTER", "NUMERIC", "KATAKANA", "EXTENDNUMLET", "EMOJI_CHAR",
                                    "EMOJI_MODIFIER_BASE", "EMOJI_MODIFIER", "REGIONAL_INDICATOR",
                                    "COMPLEX_CONTEXT", "HAN", "HIRAGANA"))
    typed = f"(?=[{starts}#*\u200d])(?:(?P<word>{word_rule})|(?P<emoji>{emoji_rule})|{other})"
    plain = re.sub(r"\(\?P<\w+>", "(?:", typed)
    return Grammar(
        token=re.compile(plain),
        typed=re.compile(typed),
        numeric=re.compile(numeric_rule),
        hangul=re.compile(hangul),
        katakana=re.compile(katakana),
        emoji=re.compile(emoji_rule),
    )


def word_pattern() -> re.Pattern[str]:
    """The compiled token pattern; `findall(text)` gives token texts (before the 255 cut)."""
    return _patterns().token


def split_long(word: str) -> list[str]:
    """Cut an over-long token the way Lucene's 255-character scanner buffer does."""
    if len(word) <= MAX_TOKEN_LENGTH:
        return [word]
    return [word[i:i + MAX_TOKEN_LENGTH] for i in range(0, len(word), MAX_TOKEN_LENGTH)]


@dataclass(frozen=True)
class RawToken:
    """A tokenizer token before any filter: original text, offsets into the input, Lucene type."""

    text: str
    start: int
    end: int
    type: str


def _token_type(p: Grammar, group: str | None, text: str) -> str:
    if group == "word":
        # JFlex breaks ties between rules of equal length by rule order: EMOJI, NUM, HANGUL, KATAKANA, word.
        if p.emoji.fullmatch(text):
            return EMOJI
        if p.numeric.fullmatch(text):
            return NUM
        if p.hangul.fullmatch(text):
            return HANGUL
        if p.katakana.fullmatch(text):
            return KATAKANA
        return ALPHANUM
    return {"emoji": EMOJI, "sa": SOUTHEAST_ASIAN, "han": IDEOGRAPHIC, "hira": HIRAGANA}[group or ""]


def tokenize(text: str, grammar: Grammar | None = None) -> list[RawToken]:
    """Tokens with offsets into `text` and Lucene's token type, in text order."""
    p = grammar or _patterns()
    out: list[RawToken] = []
    for m in p.typed.finditer(text):
        word = m.group()
        kind = _token_type(p, m.lastgroup, word)
        start = m.start()
        if len(word) <= MAX_TOKEN_LENGTH:
            out.append(RawToken(word, start, m.end(), kind))
            continue
        for i, piece in enumerate(split_long(word)):
            s = start + i * MAX_TOKEN_LENGTH
            piece_kind = kind if kind == EMOJI else _token_type(p, "word", piece)
            out.append(RawToken(piece, s, s + len(piece), piece_kind))
    return out
