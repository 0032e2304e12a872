"""How results look in a terminal, and as JSON for scripts.

Arabic is printed in logical order, as stored: terminals with bidi support (GNOME Terminal,
Konsole, iTerm2, Windows Terminal, mlterm) shape and order it themselves, and reversing it here
would break every terminal that does. Highlights use ANSI bold only when writing to a terminal.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

import click
from babel.core import parse_locale

from search.backends.base import ArchiveStats
from search.common_words_notice import common_words_notice
from search.counts import count_message
from search.facets import all_facets, hit_facets
from search.model import FacetCount, Fragment, SearchResult

ENV_LANG = "BAHITH_LANG"
CLI_LANGUAGES = ("ar", "en")

FACET_LABELS = {f.name: f"{f.field}s" if f.single else f.field for f in all_facets()}  # person → people


def cli_language() -> str:
    """The language of the terminal's count lines: $BAHITH_LANG, else the POSIX locale, else English.

    The locale is read as POSIX says (LC_ALL, then LC_MESSAGES, then LANG, each parsed by babel), so a
    journalist whose terminal runs in `ar_SA.UTF-8` reads "١١ نتيجة"-style lines without a flag. English
    is the default because the rest of the command line speaks English.
    """
    for name in (ENV_LANG, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").split(".")[0].split("@")[0]
        if not value:
            continue
        try:
            language = parse_locale(value, sep="-" if "-" in value else "_")[0].lower()
        except ValueError:
            language = ""
        return language if language in CLI_LANGUAGES else "en"
    return "en"


def counted(key: str, n: int, lang: str | None = None) -> str:
    """`n` things of kind `key` (search.counts) in the terminal's language, plural-correct, Latin digits."""
    return count_message(key, n, lang or cli_language(), "latn")


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


def result_as_dict(result: SearchResult, page: int, size: int,
                   outlet: Callable[[str | None], str] | None = None) -> dict[str, object]:
    """The result as JSON data; with `outlet` (source id → display name) each hit gets a `source_name`."""
    def frags(fs: list[Fragment]) -> dict[str, object]:
        return {"text": "".join(f.text for f in fs),
                "highlights": [f.text for f in fs if f.hit],
                "fragments": [{"text": f.text, "hit": f.hit} for f in fs]}

    return {
        "total": result.total,
        "page": page,
        "size": size,
        "took_ms": round(result.took_ms, 1),
        "stories": result.stories,  # stories among the `total` articles (null: copies not folded)
        "stories_capped": result.stories_capped,
        "counted": result.counted,  # what facet counts and histogram bars count: articles or stories
        "hits": [{"id": h.id, "title": h.title, "source": h.source, "published": h.published,
                  "url": h.url, "score": round(h.score, 4), "title_highlight": frags(h.title_fragments),
                  "snippet": frags(h.snippet), **{f.field: f.values(h) for f in hit_facets()},
                  **({"source_name": outlet(h.source) if h.source else None} if outlet else {}),
                  **({"copies": h.copies, "story_outlets": h.story_outlets, "story_lead": h.story_lead}
                     if result.stories is not None else {})}
                 for h in result.hits],
        "facets": {name: [asdict(c) for c in counts] for name, counts in result.facets.items()},
        "histogram": {"interval": result.interval,
                      "buckets": [{"start": b.start, "count": b.count} for b in result.histogram]},
        "common_words": {"left_out": list(result.left_out), "as_written": list(result.as_written)},
        "read_as": [{"latin": latin, "arabic": list(arabic)} for latin, arabic in result.read_as],
        "readings": {"names": list(result.read_as_names), "words": list(result.read_as_words)},
        "spelling_variants": [{"typed": typed, "added": list(added)} for typed, added in result.spelling_variants],
        "recall_readings": [{"typed": typed, "added": list(added)} for typed, added in result.recall_readings],
    }


def _styled(fragments: list[Fragment], color: bool) -> str:
    if not color:
        return "".join(f"[{f.text}]" if f.hit else f.text for f in fragments)
    return "".join(click.style(f.text, bold=True, fg="yellow") if f.hit else f.text for f in fragments)


def render_result(result: SearchResult, page: int, size: int, color: bool, lang: str | None = None,
                  outlet: Callable[[str | None], str] | None = None) -> str:
    """The result page as text; its count line in `lang` (default: `cli_language()`), plural-correct.

    With `outlet` (source id → display name) a hit's outlet reads "Al Riyadh (alriyadh)": the name to
    read, the id to type in `source:` (search.outlets)."""
    lang = lang or cli_language()
    lines: list[str] = []
    first = (page - 1) * size + 1
    if result.read_as:
        shown = ("، " if lang == "ar" else ", ").join(f"{latin} → {' / '.join(ar)}" for latin, ar in result.read_as)
        lines.append(f"قُرئت الكلمات اللاتينية: {shown} (ضعها بين علامتي تنصيص لتبحث عنها كما كُتبت)." if lang == "ar"
                     else f"Latin words read as: {shown} (quote them to search for them as written).")
    if notice := common_words_notice(result.left_out, result.as_written, lang):
        lines.append(notice)
    if result.read_as_names:
        lines.append(f"قُرئت أسماءً: {'، '.join(result.read_as_names)} (للبحث عن كلمة: word:كلمة)." if lang == "ar"
                     else f"Read as names: {', '.join(result.read_as_names)} (word:X searches X as a word).")
    if result.spelling_variants:
        sep = "، " if lang == "ar" else ", "
        shown = ("؛ " if lang == "ar" else "; ").join(f"{typed} → {sep.join(added)}"
                                                      for typed, added in result.spelling_variants)
        lines.append(f"أُضيفت كتابات أخرى وردت في الأرشيف: {shown} (--no-variants للكتابة المكتوبة وحدها)."
                     if lang == "ar"
                     else f"Other spellings in the archive added: {shown} (--no-variants searches only as typed).")
    if result.recall_readings:
        sep = "، " if lang == "ar" else ", "
        shown = ("؛ " if lang == "ar" else "; ").join(f"{typed} → {sep.join(added)}"
                                                      for typed, added in result.recall_readings)
        lines.append(f"بُحث أيضا عن قراءة يستعملها الأرشيف أكثر: {shown}، ونتائجها بعد نتائج الكلمة كما كُتبت "
                     "(ضع الكلمة بين علامتي تنصيص لتبحث عنها كما كُتبت)." if lang == "ar"
                     else f"Also searched, as the archive uses it more: {shown}, ranked below the word as typed "
                          "(quote the word to search it only as written).")
    if result.read_as_words:
        lines.append(f"قُرئت كلمات لغياب قرينة شخص: {'، '.join(result.read_as_words)} (للاسم: name:اسم)." if lang == "ar"
                     else f"Read as words for want of a person cue: {', '.join(result.read_as_words)} "
                          "(name:X searches X as a name).")
    if result.total == 0:
        lines.append("لا نتائج. جرّب كلمات أقل، أو بلا مرشح." if lang == "ar"
                     else "No results. Try fewer words, or without a filter.")
    else:
        listed = result.total if result.stories is None else result.stories
        last = min(listed, first + len(result.hits) - 1)
        shown = (f"عرض {first}–{last}، {result.took_ms:.0f} ملّي ثانية" if lang == "ar"
                 else f"{first}–{last} shown, {result.took_ms:.0f} ms")
        found = counted('results', result.total, lang)
        if result.stories is not None and (result.stories < result.total or result.stories_capped):
            # folded copies: both counts, the rows are stories (nothing to say when every story is one article)
            at_least = ("≥ " if result.stories_capped else "")
            found += (f"، عدد القصص: {at_least}{result.stories}" if lang == "ar"
                      else f" in {at_least}{counted('stories', result.stories, lang)}")
        lines.append(f"{found} ({shown})")
    for n, hit in enumerate(result.hits, start=first):
        lines.append("")
        title = _styled(hit.title_fragments, color) if hit.title_fragments else hit.title
        lines.append(f"{n}. {title or '(no title)'}")
        shown = outlet(hit.source) if outlet and hit.source else hit.source
        if shown and shown != hit.source:
            shown = f"{shown} ({hit.source})"
        meta = " · ".join(x for x in (shown, hit.published.date().isoformat() if hit.published else None,
                                       hit.url) if x)
        if meta:
            lines.append(f"   {meta}")
        if hit.snippet:
            lines.append("   " + _styled(hit.snippet, color))
        if hit.copies:
            names = "، ".join(hit.story_outlets) if lang == "ar" else ", ".join(hit.story_outlets)
            lines.append(f"   {counted('copies', hit.copies, lang)} {counted('outlets', len(hit.story_outlets), lang)}"
                         f" ({names}) · bahith stories show {hit.story}")
        lines.append(f"   id: {hit.id}")
    facet_lines = render_facets(result.facets)
    if facet_lines and result.total:
        lines.append("")
        if result.counted == "stories":  # the numbers below are stories, not copies (--count stories)
            lines.append("عدد القصص لا النسخ:" if lang == "ar" else "counting stories, not copies:")
        lines.append(facet_lines)
    if result.histogram and result.total:
        lines.append("")
        lines.append(render_histogram(result))
    return "\n".join(lines)


def render_facets(facets: dict[str, list[FacetCount]]) -> str:
    out = []
    for name, counts in facets.items():
        if not counts:
            continue
        shown = ", ".join(
            f"{'-' if c.excluded else ''}{c.value} ({c.count}){' ✓' if c.selected else ''}" for c in counts)
        out.append(f"{FACET_LABELS.get(name, name)}: {shown}")
    return "\n".join(out)


def render_histogram(result: SearchResult, width: int = 40) -> str:
    peak = max(b.count for b in result.histogram) or 1
    fmt = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}.get(result.interval, "%Y-%m-%d")
    rows = [f"by {result.interval}:"]
    for b in result.histogram:
        bar = "█" * max(1, round(width * b.count / peak))
        rows.append(f"  {b.start.strftime(fmt)} {bar} {b.count}")
    return "\n".join(rows)


def render_stats(stats: ArchiveStats) -> str:
    lines = [f"archive: {stats.location}", f"articles: {stats.articles}"]
    if stats.size_bytes is not None:
        lines.append(f"size: {stats.size_bytes / 1_048_576:.1f} MiB")
    if stats.first_published:
        lines.append(f"dates: {stats.first_published} … {stats.last_published} ({stats.undated} undated)")
    if stats.sources:
        lines.append("sources: " + ", ".join(f"{s or '(unknown)'} ({n})" for s, n in stats.sources.items()))
    for key, value in stats.extra.items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines)


class IndexProgress:
    """A progress bar for `bahith index` on a terminal: share of input bytes read, articles, rate.

    Readers stream, so the number of articles is unknown until the end; the bytes of the input
    files are known at once, and an article's `origin` says which file it came from.
    """

    def __init__(self, paths: list[Path], every: int = 200, width: int = 24) -> None:
        self.files = {str(p): p.stat().st_size for root in paths
                      for p in ([root] if root.is_file() else root.rglob("*")) if p.is_file()}
        self.total = sum(self.files.values()) or 1
        self.done_files: set[str] = set()
        self.done_bytes = 0
        self.current: str | None = None
        self.every = every
        self.width = width
        self.started = time.monotonic()

    def _file_of(self, origin: str) -> str | None:
        candidate = origin.split("#", 1)[0]
        while candidate:
            if candidate in self.files:
                return candidate
            if ":" not in candidate:
                return None
            candidate = candidate.rsplit(":", 1)[0]
        return None

    def __call__(self, n: int, origin: str) -> None:
        file = self._file_of(origin)
        if file and file != self.current:
            if self.current and self.current not in self.done_files:
                self.done_files.add(self.current)
                self.done_bytes += self.files[self.current]
            self.current = file
        if n % self.every:
            return
        share = min(self.done_bytes / self.total, 1.0)
        filled = int(share * self.width)
        elapsed = time.monotonic() - self.started
        rate = n / elapsed if elapsed > 0 else 0.0
        bar = "█" * filled + "░" * (self.width - filled)
        click.echo(f"\r  {bar} {share:4.0%}  {n:,} articles  {rate:,.0f}/s  {int(elapsed) // 60}:"
                   f"{int(elapsed) % 60:02d}  ", nl=False, err=True)

    def clear(self) -> None:
        click.echo("\r" + " " * 80 + "\r", nl=False, err=True)
