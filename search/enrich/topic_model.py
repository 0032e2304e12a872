"""A small naive Bayes model of news sections that backs the topic rules where they are weakest.

Why: held out outlet by outlet on ANT, the rules file the first topic under the article's section
76 % of the time; a multinomial naive Bayes over words, trained on the other four outlets, finds
the coarse section (sport, economy, technology, culture or hard news) about 90 % of the time
(benchmarks/eval_topics.py prints both). The rules stay the facet's source and its fine taxonomy
(نووي, عقوبات, طاقة ونفط …); the model only adds or promotes the coarse topic it is sure of
(`combine`). Hard news gives no topic of its own: the rules say which kind.

The model is data (search/data/topic_model.json), trained by `python -m tools.build_topic_model`
on ANT's section labels. Features are the matcher's normalized words (no stemming: the cost per
article is one dict lookup per distinct word).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import repeat

MODEL_FILE = "topic_model.json"
# ANT section → topic id of topics.toml; sections not listed ("news") add no topic.
SECTION_TOPIC = {"sport": "sport", "economy": "economy", "technology": "technology", "culture": "culture"}
ADD_AT = 0.9        # probability from which a missing coarse topic is added
EVIDENCE_AT = 0.5   # ... and only when the rules scored it at least half its own threshold
PROMOTE_AT = 0.97   # probability from which it is moved to the front
MAX_WORDS = 250     # title and lead: enough to place an article, and the cost stays flat for long ones


@dataclass
class TopicModel:
    classes: list[str]
    prior: list[float]
    unknown: list[float]                       # log P(unseen word | class)
    weights: dict[str, tuple[float, ...]]      # word → log P(word | class), per class

    def __post_init__(self) -> None:
        # one lookup per word gives all the classes' weights; `zip(*rows)` then turns the article's
        # rows into one column per class, summed in C (an article's first MAX_WORDS words only)
        self._rows = {w: tuple(r) for w, r in self.weights.items()}

    def predict(self, tokens: list[str]) -> tuple[str, float]:
        """The most likely section and its probability, from the first MAX_WORDS words (unknown words skipped)."""
        rows = list(filter(None, map(self._rows.get, tokens[:MAX_WORDS])))
        columns = zip(*rows, strict=True) if rows else repeat((), len(self.classes))
        scores = [prior + sum(column) for prior, column in zip(self.prior, columns, strict=True)]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        best = exp.index(1.0)
        return self.classes[best], 1.0 / sum(exp)

    def to_json(self) -> dict[str, object]:
        return {"classes": self.classes, "prior": self.prior, "unknown": self.unknown,
                "weights": {w: list(r) for w, r in self.weights.items()}}


def train(docs: Iterable[tuple[str, list[str]]], vocabulary: int = 12000, min_count: int = 5) -> TopicModel:
    """Multinomial naive Bayes with add-one smoothing over the `vocabulary` most frequent words."""
    per_class: dict[str, Counter[str]] = {}
    n_docs: Counter[str] = Counter()
    for label, tokens in docs:
        per_class.setdefault(label, Counter()).update(tokens)
        n_docs[label] += 1
    total: Counter[str] = Counter()
    for c in per_class.values():
        total.update(c)
    vocab = [w for w, n in total.most_common(vocabulary) if n >= min_count]
    classes = sorted(per_class)
    size = len(vocab) + 1
    denom = {c: sum(per_class[c][w] for w in vocab) + size for c in classes}
    all_docs = sum(n_docs.values())
    weights = {w: tuple(round(math.log((per_class[c][w] + 1) / denom[c]), 4) for c in classes) for w in vocab}
    return TopicModel(classes, [math.log(n_docs[c] / all_docs) for c in classes],
                      [math.log(1 / denom[c]) for c in classes], weights)


def from_json(data: dict[str, object], where: str) -> TopicModel:
    try:
        classes = [str(c) for c in data["classes"]]  # type: ignore[union-attr]
        weights = {str(w): tuple(float(x) for x in r) for w, r in data["weights"].items()}  # type: ignore[union-attr]
        model = TopicModel(classes, [float(x) for x in data["prior"]],  # type: ignore[union-attr]
                           [float(x) for x in data["unknown"]], weights)  # type: ignore[union-attr]
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise ValueError(f"{where}: not a topic model ({err}); rebuild it with "
                         "`python -m tools.build_topic_model`") from None
    if any(len(r) != len(classes) for r in weights.values()):
        raise ValueError(f"{where}: weights do not have one value per class")
    return model


@cache
def default_model() -> TopicModel | None:
    """The packaged model, or None when the file is absent (the rules then work alone)."""
    path = resources.files("search").joinpath("data", MODEL_FILE)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return from_json(json.loads(text), f"search/data/{MODEL_FILE}")


def combine(rule_topics: list[tuple[str, float]], section: str, probability: float,
            max_topics: int = 3, evidence: dict[str, float] | None = None) -> list[tuple[str, float]]:
    """Rule topics, with the model's coarse topic added or moved first when it is sure of it.

    An added topic gets the best rule score (or 1.0), so scores stay comparable within the article.
    `evidence` (topic → rule score over the topic's threshold, kept or not; `topics.score_topics`)
    bars a topic the rules saw little of: naive Bayes is sure of itself far from its training news (a reception at
    Riyadh's relief centre read as sport at 0.99 because ANT's Saudi news is mostly sport), so
    the model may add a topic only where the article's own words back it (docs/adr/0029).
    """
    topic = SECTION_TOPIC.get(section)
    if topic is None or probability < ADD_AT:
        return rule_topics
    ids = [t for t, _ in rule_topics]
    best = rule_topics[0][1] if rule_topics else 1.0
    if topic not in ids:
        if evidence is not None and evidence.get(topic, 0.0) < EVIDENCE_AT:
            return rule_topics
        return [(topic, best), *rule_topics][:max_topics]
    if ids[0] != topic and probability >= PROMOTE_AT:
        score = dict(rule_topics)[topic]
        return [(topic, max(score, best)), *[(t, s) for t, s in rule_topics if t != topic]]
    return rule_topics
