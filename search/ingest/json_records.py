"""JSON archives: an array of records, an object holding such an array, or JSON Lines.

Archives name their fields differently (`title`/`headline`, `content`/`text`, `date_extracted`/
`published`), so a `FieldMapping` lists, per article field, the keys to try in order; the defaults
cover the names common exports use. One bad record never costs the rest of the file: JSON Lines is
read line by line, and in a broken array reading resumes at the next record that starts cleanly.
Every problem names the file and line (and column for syntax errors) and, for a wrong value, the
JSON key, so the user can fix that one spot.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields

from search.ingest.dates import parse_date
from search.ingest.encoding import decode, unescape_entities
from search.ingest.json_depth import load_bounded, too_deep
from search.ingest.limits import Limits
from search.model import Article, ReadProblem, stable_id

Keys = tuple[str, ...]


def _keys(*names: str) -> Keys:
    return tuple(names)


@dataclass(frozen=True)
class FieldMapping:
    """Which JSON keys hold which article field; the first key present in a record wins.

    A key may be a dotted path into nested objects (`meta.published`). `records` names the key
    (dotted path) of the list of records inside a top-level object; when None, the first list of
    objects found at the top level is used.
    """

    title: Keys = field(default_factory=lambda: _keys("title", "headline", "TITLE"))
    body: Keys = field(default_factory=lambda: _keys("content", "text", "body", "article", "TEXT"))
    url: Keys = field(default_factory=lambda: _keys("url", "link", "URL"))
    date: Keys = field(default_factory=lambda: _keys(
        "date", "date_extracted", "published", "published_at", "pubDate", "datePublished", "time", "TIME"))
    source: Keys = field(default_factory=lambda: _keys("source", "outlet", "site", "SRC"))
    author: Keys = field(default_factory=lambda: _keys("author", "byline", "AUTHOR"))
    id: Keys = field(default_factory=lambda: _keys("id", "docno", "DOCNO", "_id", "guid"))
    section: Keys = field(default_factory=lambda: _keys("section", "category", "label", "CAT"))
    language: Keys = field(default_factory=lambda: _keys("language", "lang"))
    records: str | None = None

    @classmethod
    def from_pairs(cls, pairs: Iterable[str]) -> FieldMapping:
        """Build a mapping from `field=key[,key…]` strings (CLI `--field title=headline`).

        Fields not named keep their default keys. Raises ValueError naming the bad pair.
        """
        known = {f.name for f in fields(cls)}
        changes: dict[str, object] = {}
        for pair in pairs:
            name, sep, value = pair.partition("=")
            name = name.strip()
            keys = tuple(k.strip() for k in value.split(",") if k.strip())
            if not sep or not keys:
                raise ValueError(f"field mapping {pair!r}: expected FIELD=KEY[,KEY...]")
            if name not in known:
                raise ValueError(f"field mapping {pair!r}: unknown field {name!r}; "
                                 f"choose from {', '.join(sorted(known))}")
            changes[name] = keys[0] if name == "records" else keys
        return cls(**changes)  # type: ignore[arg-type]


DEFAULT_MAPPING = FieldMapping()

_TEXT_FIELDS = ("title", "body", "url", "source", "author", "section", "language")
_RECORD_START = re.compile(r"\}\s*,\s*(?=\{)")


def _lookup(record: dict[str, object], key: str) -> tuple[bool, object]:
    """(found, value) for a plain or dotted key."""
    if key in record:
        return True, record[key]
    value: object = record
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


def _first(record: dict[str, object], keys: Keys) -> tuple[str | None, object]:
    for key in keys:
        found, value = _lookup(record, key)
        if found and value is not None:
            return key, value
    return None, None


def _type_name(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def record_to_article(record: object, origin: str, mapping: FieldMapping = DEFAULT_MAPPING
                      ) -> Article | ReadProblem:
    """One JSON record as an Article, or a problem naming the record and the offending key."""
    if not isinstance(record, dict):
        return ReadProblem(origin, f"record is {_type_name(record)}, not a JSON object")
    values: dict[str, str] = {}
    for name in _TEXT_FIELDS:
        key, value = _first(record, getattr(mapping, name))
        if key is None:
            continue
        if not isinstance(value, str):
            return ReadProblem(origin, f"field {key!r} ({name}) must be text, got {_type_name(value)}: "
                                       f"{json.dumps(value, ensure_ascii=False)[:60]}")
        values[name] = (unescape_entities(value) if name in ("title", "body", "author") else value).strip()
    id_key, given = _first(record, mapping.id)
    if id_key is not None and (isinstance(given, bool) or not isinstance(given, str | int)):
        return ReadProblem(origin, f"field {id_key!r} (id) must be text or a whole number, "
                                   f"got {_type_name(given)}")
    date_key, date_value = _first(record, mapping.date)
    if date_key is not None and not isinstance(date_value, str):
        return ReadProblem(
            origin, f"field {date_key!r} (date) must be a date string, got {_type_name(date_value)}")
    title, body, url = values.get("title", ""), values.get("body", ""), values.get("url") or None
    if not title and not body and not url:
        looked = ", ".join(mapping.title + mapping.body + mapping.url)
        return ReadProblem(origin, f"record has no title, text or url (looked for keys: {looked})")
    return Article(
        id=stable_id(str(given) if given is not None else None, url, title, body),
        title=title,
        body=body,
        raw=body,
        source=values.get("source") or None,
        url=url,
        author=values.get("author") or None,
        published=parse_date(date_value) if isinstance(date_value, str) else None,
        language=values.get("language") or "ar",
        section=values.get("section") or None,
        origin=origin,
    )


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _too_deep_problem(origin: str, line: int, limit: int) -> ReadProblem:
    return ReadProblem(f"{origin}:{line}", f"JSON nested deeper than {limit} levels (arrays/objects inside each "
                                           "other); refused (ingest limit max_nesting_depth)")


def read_json_lines(data: bytes, origin: str, mapping: FieldMapping | None = None, limits: Limits | None = None
                    ) -> Iterator[Article | ReadProblem]:
    """JSON Lines: one record a line; a bad line (syntax, encoding, nesting) is reported and skipped."""
    mapping = mapping or DEFAULT_MAPPING
    max_depth = (limits or Limits()).max_nesting_depth
    whole = decode(data, origin)
    if isinstance(whole, ReadProblem) and not whole.reason.startswith("invalid UTF-8"):
        yield whole  # empty or binary: nothing to save line by line
        return
    lines: Iterable[tuple[int, str | ReadProblem]]
    if isinstance(whole, str):
        lines = enumerate(whole.split("\n"), start=1)
    else:  # decode line by line so one badly encoded line costs only itself
        lines = ((n, _decode_line(raw, f"{origin}:{n}")) for n, raw in enumerate(data.split(b"\n"), start=1))
    for number, line in lines:
        if isinstance(line, ReadProblem):
            yield line
            continue
        if not line.strip():
            continue
        if too_deep(line, max_depth) is not None:
            yield _too_deep_problem(origin, number, max_depth)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield ReadProblem(f"{origin}:{number}:{err.colno}", f"broken JSON: {err.msg}")
            continue
        yield record_to_article(record, f"{origin}:{number}", mapping)


def _decode_line(raw: bytes, origin: str) -> str | ReadProblem:
    if not raw.strip():
        return ""
    return decode(raw, origin)


def read_json(data: bytes, origin: str, mapping: FieldMapping | None = None, limits: Limits | None = None
              ) -> Iterator[Article | ReadProblem]:
    """A JSON document: an array of records, an object with such an array inside, or one record.

    A document nested deeper than the ingest limit is refused whole (search.ingest.json_depth).
    """
    mapping = mapping or DEFAULT_MAPPING
    text = decode(data, origin)
    if isinstance(text, ReadProblem):
        yield text
        return
    max_depth = (limits or Limits()).max_nesting_depth
    try:
        document, line = load_bounded(text, max_depth)
    except json.JSONDecodeError as err:
        if too_deep(text, max_depth) is not None:  # broken and too deep: the depth is the first problem
            yield _too_deep_problem(origin, too_deep(text, max_depth), max_depth)
            return
        yield from _read_broken_array(text, origin, mapping, err)
        return
    if line is not None:
        yield _too_deep_problem(origin, line, max_depth)
        return
    records, where = _records_of(document, mapping)
    if records is None:
        yield ReadProblem(origin, where)
        return
    for number, record in enumerate(records, start=1):
        yield record_to_article(record, f"{origin}#{number}", mapping)


def _records_of(document: object, mapping: FieldMapping) -> tuple[list[object] | None, str]:
    """The list of records in a document, or None and why not."""
    if isinstance(document, list):
        return document, ""
    if not isinstance(document, dict):
        return None, f"JSON document is {_type_name(document)}, not records"
    if mapping.records:
        found, value = _lookup(document, mapping.records)
        if not found or not isinstance(value, list):
            return None, f"no list of records under key {mapping.records!r}"
        return value, ""
    for value in document.values():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return value, ""
    return [document], ""


def _read_broken_array(text: str, origin: str, mapping: FieldMapping, error: json.JSONDecodeError
                       ) -> Iterator[Article | ReadProblem]:
    """Read what can be read from a broken JSON array, reporting each spot that cannot.

    Records are decoded one at a time; after a broken one, reading resumes at the next `}, {`
    boundary, which is where the next record of a flat news export starts.
    """
    decoder = json.JSONDecoder()
    start = len(text) - len(text.lstrip())
    if not text.startswith("[", start):
        line, col = _line_col(text, error.pos)
        yield ReadProblem(f"{origin}:{line}:{col}", f"broken JSON: {error.msg}")
        return
    pos = start + 1
    number = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            line, col = _line_col(text, len(text))
            yield ReadProblem(f"{origin}:{line}:{col}",
                              "broken JSON: the array is not closed (file cut short?)")
            return
        if text[pos] == "]":
            return
        number += 1
        try:
            record, end = decoder.raw_decode(text, pos)
        except RecursionError:  # not expected after the depth check; one record must not stop the run
            yield ReadProblem(f"{origin}#{number}", "JSON record nested too deeply to read; refused")
            return
        except json.JSONDecodeError as err:
            line, col = _line_col(text, err.pos)
            yield ReadProblem(f"{origin}:{line}:{col}", f"broken JSON in record {number}: {err.msg}")
            # The boundary may sit just before the error (an unclosed string swallows `},`),
            # so look from the start of the error's line, though never before this record.
            resume = _RECORD_START.search(text, max(pos + 1, text.rfind("\n", 0, err.pos) + 1))
            if resume is None:
                return
            pos = resume.end()
            continue
        yield record_to_article(record, f"{origin}#{number}", mapping)
        pos = end
