"""People labelled by hand in ANT news articles: training data for the name tagger and a modern-news test set.

ANERcorp is 2000s news with an unverified licence (no model may be trained on it), and AQMAR is
Wikipedia; neither is the news a newsroom indexes today. So the team labelled a sample of ANT
articles (2018, five international outlets; the corpus the issue lets us train on) by reading them.
The file keeps only article ids and the person names as written, never article text:

    {"id": "<ANT id>", "people": ["دونالد ترامب", "ترامب", …], "ambiguous": ["الأسد", …]}

`people` lists every form that names a person in the article (titles and clitics left out);
`ambiguous` lists forms the same article also uses in another sense, whose occurrences are left
out of training and scoring. `project` turns an article and its forms into token spans, by the same
word cut and normalization the extractor uses, so a projected span compares with a `Mention`.
One article in five (by a hash of its id) is held out: the tagger never trains on it and
benchmarks/eval_ner.py scores the extractor on it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from search.enrich.discover import default_cues, is_honorific
from search.enrich.gazetteer import clitic_forms, name_key

LABELS_FILE = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "ant-people.jsonl"
HOLDOUT_SHARE = 5  # one article in five


class LabelsError(ValueError):
    """A labels file that cannot be read; names the file and line."""


@dataclass(frozen=True)
class Labelled:
    id: str
    people: tuple[str, ...]
    ambiguous: tuple[str, ...]


@dataclass(frozen=True)
class Projected:
    """One article cut into words, with the spans its labels name and the positions left out."""

    id: str
    raw: list[str]
    tokens: list[str]
    spans: list[tuple[int, int]]  # people, non-overlapping, in text order
    masked: frozenset[int]  # positions of ambiguous forms: neither a name nor a non-name


def held_out(article_id: str) -> bool:
    """Is this article in the test part (never trained on)? Stable across runs and machines."""
    return hashlib.sha1(article_id.encode("utf-8")).digest()[0] % HOLDOUT_SHARE == 0


def read_labels(path: Path = LABELS_FILE) -> list[Labelled]:
    out: list[Labelled] = []
    seen: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise LabelsError(f"{path}: cannot read ({err.strerror})") from None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            item = Labelled(str(d["id"]), tuple(d.get("people", [])), tuple(d.get("ambiguous", [])))
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise LabelsError(f"{path}:{lineno}: expected {{\"id\", \"people\", \"ambiguous\"}} ({err})") from None
        if not all(isinstance(f, str) and f.strip() for f in (*item.people, *item.ambiguous)):
            raise LabelsError(f"{path}:{lineno}: every form must be a non-empty string")
        if item.id in seen:
            raise LabelsError(f"{path}:{lineno}: article {item.id} is labelled twice")
        seen.add(item.id)
        out.append(item)
    return out


def articles(corpus: Path, ids: set[str]) -> dict[str, tuple[str, str]]:
    """Title and text of the given ANT articles (the labels file holds no text)."""
    out: dict[str, tuple[str, str]] = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["id"] in ids:
                out[d["id"]] = (d.get("title", ""), d.get("text", ""))
    return out


def _occurrences(tokens: list[str], form: str) -> Iterator[tuple[int, int]]:
    key = name_key(form)
    cues = default_cues()
    while len(key) > 1 and is_honorific(key[0], cues):
        key = key[1:]  # #الشيخ_حمد_بن_خليفة: a hashtag keeps the title the guide leaves out
    if not key:
        return
    firsts = {key[0], *clitic_forms(key[0])}
    rest = list(key[1:])
    for i, t in enumerate(tokens):
        if t in firsts and tokens[i + 1:i + len(key)] == rest:
            yield i, i + len(key)


def project(item: Labelled, title: str, text: str) -> Projected:
    """The labelled forms as token spans, longest forms first; every occurrence of a form counts."""
    from search.enrich.entities import words_of  # the extractor's own cut (imports the tagger)

    raw, tokens, _ = words_of(title, text)
    masked = {k for form in item.ambiguous for s, e in _occurrences(tokens, form) for k in range(s, e)}
    taken: set[int] = set()
    spans: list[tuple[int, int]] = []
    for form in sorted(set(item.people) - set(item.ambiguous), key=lambda f: -len(name_key(f))):
        for s, e in _occurrences(tokens, form):
            if not taken.intersection(range(s, e)) and not masked.intersection(range(s, e)):
                spans.append((s, e))
                taken.update(range(s, e))
    return Projected(item.id, raw, tokens, sorted(spans), frozenset(masked))


def projected(corpus: Path, path: Path = LABELS_FILE, holdout: bool | None = None) -> list[Projected]:
    """Every labelled article projected; `holdout` True/False keeps only the test/training part."""
    labels = [x for x in read_labels(path) if holdout is None or held_out(x.id) == holdout]
    texts = articles(corpus, {x.id for x in labels})
    missing = [x.id for x in labels if x.id not in texts]
    if missing:
        raise LabelsError(f"{path}: {len(missing)} labelled articles are not in {corpus} (first: {missing[0]})")
    return [project(x, *texts[x.id]) for x in labels]
