"""Boilerplate removal for scraped news text, driven by the rules in `search/data/boilerplate.toml`.

Scraped pages carry share buttons, comment forms, tag clouds and lists of other articles' headlines.
Left in, they put words into the index and into entity extraction that the article never said
(a related-headlines list about Gaza makes an article about Moscow match "غزة"). The raw text is kept
by the caller; this module only decides what the indexed `body` is.

The rules are data so that a new site's furniture is one new entry in the TOML file, not code.
They work line by line, because that is the unit scrapers preserve: a widget is a line of its own, a
related-headlines list is a run of short lines without sentence punctuation. Everything is compiled
once per rule file; cleaning an article is a single pass over its lines.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_RULES = Path(__file__).parent / "data" / "boilerplate.toml"

# Stripped from both ends of every line: whitespace (incl. NBSP) and invisible marks scrapers leave.
_EDGE_CHARS = " \t\u00a0\u2000\u2001\u2002\u2003\u2009\u200a\u200b\u200e\u200f\u202a\u202b\u202c\ufeff"
# Diacritics and tatweel are ignored when comparing a line with the title.
_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
_SPACES = re.compile(r"\s+")
# What may sit between a marker and the headline after it: "اقرأ أيضا: …", "اقرأ المزيد... …", "- …".
_MARKER_TAIL = r"(?!\w)\s*[:：\-–—.…]*\s*(?P<rest>.*)"


_LEADING_FLAGS = re.compile(r"\(\?([imsx]+)\)")


class RulesError(ValueError):
    """A boilerplate rule file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True)
class Cleaned:
    """The cleaned body, a source named in the text (if any), and what was removed and why."""

    body: str
    source: str | None
    removed: list[tuple[str, str]]  # (rule name, removed text), for audits


@dataclass(frozen=True)
class _Shape:
    max_words: int
    max_line_chars: int
    terminal: tuple[str, ...]
    closers: str
    bullets: str


@dataclass(frozen=True)
class _Searched:
    """A rule searched anywhere in a line; `hints` (lower-cased) let most articles skip it unread."""

    name: str
    pattern: re.Pattern[str]
    hints: tuple[str, ...]

    def may_occur(self, lowered_text: str) -> bool:
        return not self.hints or any(hint in lowered_text for hint in self.hints)


@dataclass(frozen=True)
class _RelatedRule:
    name: str
    scope: str  # "anywhere" or "tail"
    same_line: bool
    mid_line: bool


@dataclass(frozen=True)
class Rules:
    """Compiled boilerplate rules; build with `load_rules`."""

    path: Path
    names: tuple[str, ...]
    shape: _Shape
    title_name: str | None
    inline: tuple[_Searched, ...]
    source: tuple[tuple[str, re.Pattern[str]], ...]
    line: re.Pattern[str] | None  # one alternation, group _<i> ↔ line_names[i]
    line_names: tuple[str, ...]
    tags: re.Pattern[str] | None  # marker at line start; group _<i> ↔ tag_names[i]
    tag_names: tuple[str, ...]
    related: re.Pattern[str] | None  # marker at line start; group _<i> ↔ related_rules[i]
    related_rules: tuple[_RelatedRule, ...]
    related_mid: tuple[_Searched, ...]  # markers after prose on the same line


# --------------------------------------------------------------------------- loading

_KINDS = {
    "inline": {"name", "comment", "pattern", "hints"},
    "source": {"name", "comment", "pattern"},
    "line": {"name", "comment", "pattern"},
    "tags": {"name", "comment", "marker"},
    "related": {"name", "comment", "marker", "scope", "same_line", "mid_line", "hints"},
}
_OPTIONAL = {"same_line", "mid_line", "hints"}
_SHAPE_KEYS = {"max_headline_words", "max_line_chars", "terminal_punctuation", "closing_marks", "bullets"}
_TITLE_KEYS = {"name", "comment"}


def load_rules(path: Path | None = None) -> Rules:
    """Read and compile a rule file; the packaged `boilerplate.toml` when no path is given.

    Any mistake (TOML syntax, a missing name or comment, an unknown key, a pattern that does not
    compile) raises `RulesError` naming the file and the rule, so a bad edit fails at start-up
    rather than silently cleaning nothing.
    """
    if path is None:
        return _default_rules()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_rules() -> Rules:
    return _load(DEFAULT_RULES)


def _load(path: Path) -> Rules:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(f"{path}: cannot read boilerplate rules: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise RulesError(f"{path}: boilerplate rules are not UTF-8: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{path}: not valid TOML: {exc}") from exc

    unknown = set(data) - set(_KINDS) - {"shape", "title"}
    if unknown:
        raise RulesError(f"{path}: unknown section(s) {sorted(unknown)}; expected shape, title, "
                         + ", ".join(f"[[{k}]]" for k in _KINDS))
    shape = _load_shape(path, data.get("shape", {}))
    names: list[str] = []
    title_name = _load_title(path, data.get("title"), names)

    entries: dict[str, list[dict[str, Any]]] = {}
    for kind, allowed in _KINDS.items():
        table = data.get(kind, [])
        if not isinstance(table, list):
            raise RulesError(f"{path}: '{kind}' must be an array of tables, written [[{kind}]]")
        for number, entry in enumerate(table, 1):
            where = f"{path}: [[{kind}]] #{number}"
            if not isinstance(entry, dict):
                raise RulesError(f"{where}: must be a table")
            name = entry.get("name")
            if not isinstance(name, str) or not name.strip():
                raise RulesError(f"{where}: missing 'name'")
            where = f"{path}: [[{kind}]] rule '{name}'"
            if name in names:
                raise RulesError(f"{where}: the name is used by another rule")
            names.append(name)
            if not isinstance(entry.get("comment"), str) or not entry["comment"].strip():
                raise RulesError(f"{where}: missing 'comment' (say where this boilerplate comes from)")
            extra = set(entry) - allowed
            if extra:
                raise RulesError(f"{where}: unknown key(s) {sorted(extra)}; allowed: {sorted(allowed)}")
            missing = allowed - _OPTIONAL - set(entry)
            if missing:
                raise RulesError(f"{where}: missing {sorted(missing)}")
            for key in ("pattern", "marker"):
                if key in entry:
                    _check_pattern(where, key, entry[key], want_source=(kind == "source"))
            if kind == "related":
                if entry["scope"] not in ("anywhere", "tail"):
                    raise RulesError(f"{where}: scope must be 'anywhere' or 'tail', not {entry['scope']!r}")
                for key in ("same_line", "mid_line"):
                    if not isinstance(entry.get(key, False), bool):
                        raise RulesError(f"{where}: {key} must be true or false")
            hints = entry.get("hints", [])
            if not isinstance(hints, list) or not all(isinstance(h, str) and h for h in hints):
                raise RulesError(f"{where}: hints must be a list of non-empty strings")
            entries.setdefault(kind, []).append(entry)

    flags = re.IGNORECASE
    inline = tuple(_searched(e["name"], e["pattern"], e) for e in entries.get("inline", []))
    source = tuple((e["name"], re.compile(e["pattern"], flags)) for e in entries.get("source", []))
    line_entries = entries.get("line", [])
    tag_entries = entries.get("tags", [])
    related_entries = entries.get("related", [])
    mid_entries = [e for e in related_entries if e.get("mid_line", False)]
    return Rules(
        path=path,
        names=tuple(names),
        shape=shape,
        title_name=title_name,
        inline=inline,
        source=source,
        line=_alternation([e["pattern"] for e in line_entries], "", ""),
        line_names=tuple(e["name"] for e in line_entries),
        tags=_alternation([e["marker"] for e in tag_entries], "", r"\s*(?P<rest>.*)"),
        tag_names=tuple(e["name"] for e in tag_entries),
        related=_alternation([e["marker"] for e in related_entries], "", _MARKER_TAIL),
        related_rules=tuple(_RelatedRule(e["name"], e["scope"], e.get("same_line", False),
                                         e.get("mid_line", False)) for e in related_entries),
        related_mid=tuple(_searched(e["name"], rf"(?<=\s)(?:{_scoped(e['marker'])}){_MARKER_TAIL}", e)
                          for e in mid_entries),
    )


def _searched(name: str, pattern: str, entry: dict[str, Any]) -> _Searched:
    hints = tuple(hint.lower() for hint in entry.get("hints", []))
    return _Searched(name, re.compile(pattern, re.IGNORECASE), hints)


def _check_pattern(where: str, key: str, pattern: object, want_source: bool) -> None:
    if not isinstance(pattern, str) or not pattern.strip():
        raise RulesError(f"{where}: '{key}' must be a non-empty string")
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RulesError(f"{where}: '{key}' is not a valid regular expression: {exc}") from exc
    groups = set(compiled.groupindex)
    if want_source and groups != {"source"}:
        raise RulesError(f"{where}: a [[source]] pattern needs exactly one named group, (?P<source>…)")
    if not want_source and groups:
        raise RulesError(f"{where}: '{key}' must not define named groups ({sorted(groups)})")
    if compiled.fullmatch(""):
        raise RulesError(f"{where}: '{key}' matches an empty line, so it would match everything")


def _load_shape(path: Path, table: object) -> _Shape:
    where = f"{path}: [shape]"
    if not isinstance(table, dict):
        raise RulesError(f"{where}: must be a table")
    extra = set(table) - _SHAPE_KEYS
    if extra:
        raise RulesError(f"{where}: unknown key(s) {sorted(extra)}; allowed: {sorted(_SHAPE_KEYS)}")
    numbers = {}
    for key, default in (("max_headline_words", 25), ("max_line_chars", 300)):
        value = table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise RulesError(f"{where}: {key} must be a positive integer")
        numbers[key] = value
    lists = {}
    for key, default in (("terminal_punctuation", [".", ":", ";", "؛", "،", ","]),
                         ("closing_marks", ['"', "'", "»", "”", ")"]), ("bullets", ["•", "-", "*"])):
        value = table.get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) and len(v) == 1 for v in value):
            raise RulesError(f"{where}: {key} must be a list of single characters")
        lists[key] = value
    return _Shape(numbers["max_headline_words"], numbers["max_line_chars"],
                  tuple(lists["terminal_punctuation"]), "".join(lists["closing_marks"]),
                  "".join(lists["bullets"]))


def _load_title(path: Path, table: object, names: list[str]) -> str | None:
    if table is None:
        return None
    where = f"{path}: [title]"
    if not isinstance(table, dict):
        raise RulesError(f"{where}: must be a table")
    extra = set(table) - _TITLE_KEYS
    if extra:
        raise RulesError(f"{where}: unknown key(s) {sorted(extra)}; allowed: {sorted(_TITLE_KEYS)}")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RulesError(f"{where}: missing 'name'")
    if not isinstance(table.get("comment"), str) or not table["comment"].strip():
        raise RulesError(f"{where} rule '{name}': missing 'comment'")
    names.append(name)
    return name


def _alternation(patterns: list[str], before: str, after: str) -> re.Pattern[str] | None:
    """One regex for many rules: a single match attempt per line instead of one per rule."""
    if not patterns:
        return None
    body = "|".join(f"(?P<_{i}>{_scoped(p)})" for i, p in enumerate(patterns))
    return re.compile(f"{before}(?:{body}){after}", re.IGNORECASE)


def _scoped(pattern: str) -> str:
    """Turn leading flags such as `(?x)` into a group of their own, so patterns can be joined."""
    match = _LEADING_FLAGS.match(pattern)
    return f"(?{match.group(1)}:{pattern[match.end():]})" if match else pattern


def _which(match: re.Match[str]) -> int:
    for key, value in match.groupdict().items():
        if value is not None and key.startswith("_") and key[1:].isdigit():
            return int(key[1:])
    raise AssertionError("an alternation matched without a rule group")  # pragma: no cover


# --------------------------------------------------------------------------- cleaning


def clean(title: str, text: str, rules: Rules | None = None) -> Cleaned:
    """Remove boilerplate from an article's text; keep paragraphs, collapse runs of blank lines."""
    rules = rules or _default_rules()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip(_EDGE_CHARS) for line in text.split("\n")]
    lowered = text.lower()
    inline = [rule for rule in rules.inline if rule.may_occur(lowered)]
    mid = [rule for rule in rules.related_mid if rule.may_occur(lowered)]
    max_chars = rules.shape.max_line_chars
    removed: list[tuple[str, str]] = []
    source: str | None = None
    title_key = _compare_key(title) if rules.title_name else ""
    seen_text = False  # once a line of the article is kept, a line equal to the title is the article's
    tail_from: int | None = None  # where the closing run of headline-like lines starts; computed on demand
    kept: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        i += 1
        if not line:
            kept.append("")
            continue
        for rule in inline:
            match = rule.pattern.search(line)
            if match:
                removed.append((rule.name, match.group(0)))
                line = (line[:match.start()] + " " + line[match.end():]).strip(_EDGE_CHARS)
                if not line:
                    break
        if not line:
            continue
        if len(line) <= max_chars:  # longer lines are prose, never a widget, a source line or a title
            if title_key and not seen_text and len(line) < 2 * len(title) + 10 \
                    and _compare_key(line) == title_key:
                removed.append((rules.title_name or "", line))
                continue
            found = _source_line(line, rules)
            if found:
                removed.append((found[0], line))
                source = source or found[1]
                continue
            if rules.line:
                match = rules.line.fullmatch(line)
                if match:
                    removed.append((rules.line_names[_which(match)], line))
                    continue
        if rules.tags:
            match = rules.tags.match(line)
            if match:
                block = [line]
                if not match.group("rest"):
                    i = _take_list(lines, i, rules, block)
                removed.append((rules.tag_names[_which(match)], "\n".join(block)))
                continue
        if rules.related:
            match = rules.related.match(line)
            if match:
                rule = rules.related_rules[_which(match)]
                rest = match.group("rest")
                fires = not rest or (rule.same_line and _headline_like(rest, rules.shape))
                if fires and rule.scope == "tail":
                    if tail_from is None:
                        tail_from = _tail_start(lines, rules)
                    fires = i >= tail_from
                if fires:
                    block = [line]
                    if not rest or rule.scope == "tail":
                        i = _take_list(lines, i, rules, block)
                    removed.append((rule.name, "\n".join(block)))
                    continue
        for rule in mid:
            match = rule.pattern.search(line)
            if match and (not match.group("rest") or _headline_like(match.group("rest"), rules.shape)):
                removed.append((rule.name, line[match.start():]))
                line = line[:match.start()].rstrip(_EDGE_CHARS)
                break
        if line:
            kept.append(line)
            seen_text = True
    return Cleaned(body=_join(kept), source=source, removed=removed)


def _source_line(line: str, rules: Rules) -> tuple[str, str] | None:
    for name, pattern in rules.source:
        match = pattern.fullmatch(line)
        if match:
            value = match.group("source").strip(_EDGE_CHARS + ".،,")
            if value:
                return name, value
    return None


def _take_list(lines: list[str], start: int, rules: Rules, block: list[str]) -> int:
    """Consume the headline-like lines from `start`; return where prose (or another marker) begins."""
    i = start
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        if _is_marker(line, rules) or not _headline_like(line, rules.shape):
            break
        block.append(line)
        i += 1
    # Blank lines skipped at the end belong to the gap before the next text, not to the list.
    while i > start and not lines[i - 1]:
        i -= 1
    return i


def _is_marker(line: str, rules: Rules) -> bool:
    return bool((rules.tags and rules.tags.match(line)) or (rules.related and rules.related.match(line)))


def _tail_start(lines: list[str], rules: Rules) -> int:
    """Index after the last line of prose: from there to the end, only short headline-like lines."""
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if line and not _headline_like(line, rules.shape):
            return index + 1
    return 0


def _headline_like(line: str, shape: _Shape) -> bool:
    """Short and without a sentence-final mark: a headline, a tag or a menu entry, not prose."""
    text = line.lstrip(shape.bullets + _EDGE_CHARS)
    words = text.split()
    if not words or len(words) > shape.max_words:
        return False
    text = text.rstrip(shape.closers + _EDGE_CHARS)
    if text.endswith(("..", "…")):
        return True
    return not text.endswith(shape.terminal)


def _compare_key(text: str) -> str:
    return _SPACES.sub(" ", _MARKS.sub("", text)).strip(" .:!?؟،,-–—|\"'«»“”()[]" + _EDGE_CHARS)


def _join(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
