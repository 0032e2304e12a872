"""A result set as a file a newsroom opens: CSV for Excel, .xlsx, JSON Lines for scripts (ADR 0033).

Shared by the web export (`/api/export.csv`, `/api/export.jsonl`) and `bahith export`, so both write
the same columns, the same cells and the same file names.

- **CSV starts with a UTF-8 byte order mark**: Excel reads a CSV without one in the machine's ANSI
  code page, which turns Arabic into mojibake; with it, Excel, LibreOffice and Google Sheets all read
  UTF-8. Python's csv module reads it back with `encoding="utf-8-sig"`.
- **Cells never run as formulas**: a title starting with `=`, `+`, `-`, `@` gets a leading `'`.
- **Columns**: the outlet's id (what a filter takes) and its display name, the byline, the URL and
  every facet listed with hits (people, countries, places, topics, and `story`: the id of the story the
  article belongs to, search.stories; `bahith stories show ID` lists its copies). Exports list every
  matching article, copies included: a spreadsheet sorts and groups by the story column itself.
- **.xlsx** (openpyxl, MIT, in write-only mode: one row in memory) for a newsroom whose Excel opens
  CSVs in the wrong code page anyway: every cell a string cell (a title starting with `=` is text,
  never a formula, and shows without the CSV's `'`), the sheet right to left, at most Excel's
  1,048,575 data rows (a larger export is refused by the caller, never cut). A zip is complete only
  at its end, so the file is built in a temporary file and then sent.
- **File names** say what was searched and when: `bahith-مفاوضات-فيينا-2026-12-07.csv`, sent with an
  ASCII `filename=` for old clients and the real name as RFC 6266/5987 `filename*=UTF-8''…`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any
from urllib.parse import quote

from search.facets import hit_facets
from search.model import Hit
from search.outlets import OutletNames

BOM = "\ufeff"
COLUMNS = ("id", "title", "source", "source_name", "published", "author", "url",
           *(f.field for f in hit_facets()), "snippet")
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
XLSX_MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the header
XLSX_MAX_CELL = 32_767     # characters Excel keeps in one cell
XLSX_WIDTHS = {"title": 60, "source_name": 22, "published": 26, "author": 20, "url": 40, "snippet": 80}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FLUSH_CHARS = 16_384  # streamed in pieces of about this size: memory of one piece, whatever the row count
_NAME_CHARS = 60       # of the query in a file name


def row(hit: Hit, outlets: OutletNames, lang: str) -> dict[str, Any]:
    """One exported row: text fields as strings (empty when unknown), facets as lists."""
    return {"id": hit.id, "title": hit.title, "source": hit.source or "",
            "source_name": outlets.name(hit.source, lang),
            "published": hit.published.isoformat() if hit.published else "",
            "author": hit.author or "", "url": hit.url or "",
            **{f.field: f.values(hit) for f in hit_facets()},  # the facets listed with hits (search.facets)
            "snippet": "".join(f.text for f in hit.snippet)}


def cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text: lists joined by "; ", no formula runs from an article's words."""
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The CSV text in pieces: BOM and header first, then rows, never more than one piece in memory."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([cell(r[c]) for c in COLUMNS])
        if buffer.tell() > _FLUSH_CHARS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def jsonl_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON object a line, the same fields as the CSV's columns (lists stay lists)."""
    pieces: list[str] = []
    size = 0
    for r in rows:
        line = json.dumps({c: r[c] for c in COLUMNS}, ensure_ascii=False) + "\n"
        pieces.append(line)
        size += len(line)
        if size > _FLUSH_CHARS:
            yield "".join(pieces)
            pieces, size = [], 0
    yield "".join(pieces)


def xlsx_cell(value: Any) -> str:
    """An .xlsx cell's text: lists joined by "; ", characters XML cannot hold shown as �, cut (visibly) at
    Excel's cell limit."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", "; ".join(value) if isinstance(value, list) else str(value))
    return text if len(text) <= XLSX_MAX_CELL else text[:XLSX_MAX_CELL - 1] + "…"


def xlsx_chunks(rows: Iterable[dict[str, Any]], piece: int = 65_536) -> Iterator[bytes]:
    """The workbook's bytes: rows written one at a time (openpyxl's write-only mode), then the zip sent."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("bahith")
    sheet.sheet_view.rightToLeft = True
    for n, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = XLSX_WIDTHS.get(column, 16)

    def text_cell(value: Any) -> WriteOnlyCell:
        c = WriteOnlyCell(sheet, value=xlsx_cell(value))
        c.data_type = "s"  # text, even when it starts with "=": no formula runs from an article's words
        return c

    sheet.append([text_cell(c) for c in COLUMNS])
    for r in rows:
        sheet.append([text_cell(r[c]) for c in COLUMNS])
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while data := out.read(piece):
            yield data


def chunks(fmt: str, rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The text formats' pieces (csv, jsonl)."""
    return csv_chunks(rows) if fmt == "csv" else jsonl_chunks(rows)


def byte_chunks(fmt: str, rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """Any format's pieces as bytes: what a response or a file receives."""
    if fmt == "xlsx":
        return xlsx_chunks(rows)
    return (piece.encode("utf-8") for piece in chunks(fmt, rows))


def file_name(query: str, values: Iterable[str], day: date, ext: str) -> str:
    """`bahith-WORDS-DAY.EXT`: the query's words and the filter values, then the day of the export."""
    text = "".join(c for c in " ".join([query, *values]) if unicodedata.category(c) != "Mn")  # مُفاوضات: one word
    words = re.findall(r"\w+", text)
    slug = "-".join(words)[:_NAME_CHARS].strip("-")
    return f"bahith-{slug + '-' if slug else ''}{day.isoformat()}.{ext}"


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback name and the real one percent-encoded (RFC 6266, RFC 5987)."""
    ascii_name = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]", "", name))  # bahith-2026-12-07.csv at least
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
