"""One story as a reader checks it: every version with its outlet and time, lead first, and what each
copy added to or removed from the lead, sentence by sentence.

Why sentences and difflib: an editor's changes to an agency story are whole sentences (a credit
line added, the last paragraph cut, a quote dropped); a word-level diff of two 400-word texts is
unreadable, and `difflib.SequenceMatcher` over the sentence lists says exactly which ones moved.
Sentences are compared with whitespace folded, so a re-wrapped line is no change.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from search.model import Article
from search.stories.versions import StoryVersion, lead_order, outlets

_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The text's sentences (cut after . ! ? ؟ … and at line breaks), whitespace folded."""
    return [" ".join(s.split()) for s in _SENTENCE_END.split(text) if s.strip()]


@dataclass
class VersionView:
    version: StoryVersion
    article: Article | None
    lead: bool
    added: list[str] = field(default_factory=list)     # sentences this copy has and the lead has not
    removed: list[str] = field(default_factory=list)   # sentences of the lead this copy lacks
    # for a reader's eye (the web page): a lead sentence the copy only retouched (a dateline, a word) is one
    # line of word pieces rather than a whole sentence removed and another added; `only_added`/`only_removed`
    # are the rest
    rewritten: list[list[tuple[str, str]]] = field(default_factory=list)
    only_added: list[str] = field(default_factory=list)
    only_removed: list[str] = field(default_factory=list)


@dataclass
class StoryView:
    story: str
    versions: list[VersionView]

    @property
    def outlets(self) -> list[str]:
        return outlets([v.version for v in self.versions])


def changes(lead: str, copy: str) -> tuple[list[str], list[str]]:
    """(sentences added, sentences removed) going from the lead's text to the copy's."""
    a, b = sentences(lead), sentences(copy)
    added: list[str] = []
    removed: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            removed += a[i1:i2]
        if op in ("replace", "insert"):
            added += b[j1:j2]
    return added, removed


REWRITE_RATIO = 0.6  # words two sentences share (difflib ratio) for one to be read as a retouch of the other


def words_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, words) pieces from `old` to `new`: kind is "same", "added" or "removed"."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", " ".join(a[i1:i2])))
            continue
        if op in ("replace", "delete"):
            out.append(("removed", " ".join(a[i1:i2])))
        if op in ("replace", "insert"):
            out.append(("added", " ".join(b[j1:j2])))
    return out


def retouches(lead: str, copy: str) -> tuple[list[list[tuple[str, str]]], list[str], list[str]]:
    """(retouched sentences as word pieces, sentences only added, sentences only removed): inside each
    replaced run, a lead sentence is paired with the first unpaired copy sentence that keeps most of its
    words (ratio ≥ REWRITE_RATIO); the unpaired ones stay whole."""
    a, b = sentences(lead), sentences(copy)
    rewritten: list[list[tuple[str, str]]] = []
    added: list[str] = []
    removed: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        free = list(range(j1, j2))
        for i in range(i1, i2):
            match = next((j for j in free if difflib.SequenceMatcher(
                a=a[i].split(), b=b[j].split(), autojunk=False).ratio() >= REWRITE_RATIO), None)
            if match is None:
                removed.append(a[i])
            else:
                free.remove(match)
                rewritten.append(words_diff(a[i], b[match]))
        added += [b[j] for j in free]
    return rewritten, added, removed


def story_view(backend, story: str) -> StoryView | None:
    """The story's versions from the engine, lead first, each with its changes against the lead; None if unknown."""
    reader = backend.capabilities.require("stories", backend.location, "list a story's copies")
    found = lead_order(reader.story_versions([story]).get(story, []))
    if not found:
        return None
    views = [VersionView(version=v, article=backend.get(v.article), lead=n == 0) for n, v in enumerate(found)]
    lead = views[0].article
    for view in views[1:]:
        if lead is not None and view.article is not None:
            view.added, view.removed = changes(lead.body, view.article.body)  # headlines are listed, not diffed
            view.rewritten, view.only_added, view.only_removed = retouches(lead.body, view.article.body)
    return StoryView(story=story, versions=views)


__all__ = ["StoryView", "VersionView", "changes", "retouches", "sentences", "story_view", "words_diff"]
