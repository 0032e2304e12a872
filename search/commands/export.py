"""`bahith export`: a result set as a CSV for Excel or JSON Lines, every row, written as it is read.

The same columns, cells and file names as the web export (search.exports), without a server in
between: for a journalist who wants 80,000 rows in a spreadsheet, or a script that wants them all.
Nothing is capped; `--limit N` takes the first N only because someone asked. The file is written
under a `.part` name and renamed when complete, so an interrupted export never leaves a file that
looks whole.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import click

from search.commands.common import backend_for, build_request, fail, outlets_for, search_options
from search.model import Hit, SearchRequest, Sort

PROGRESS_EVERY = 5_000  # rows between two progress lines on stderr, for exports at least this large
PAGE = 200  # rows per search, for an engine without an `export` capability


def _hits(backend, request: SearchRequest, limit: int) -> tuple[int, Iterator[Hit]]:
    """(row count, hits in the search's order), the result set read once where the engine can."""
    export = backend.capabilities.export
    if export is not None:
        rows = export(request, limit, batch=500)
        return min(limit, rows.total), (h for batch in rows.batches for h in batch)
    total = min(limit, backend.search(replace(request, size=1, page=1)).total)

    def paged() -> Iterator[Hit]:
        sent, page = 0, 1
        while sent < total:
            hits = backend.search(replace(request, page=page, size=PAGE)).hits
            if not hits:
                return
            yield from hits[:total - sent]
            sent += len(hits)
            page += 1

    return total, paged()


def register(main: click.Group) -> None:
    @main.command("export")
    @search_options
    @click.option("--sort", default="relevance", show_default=True, type=click.Choice([s.value for s in Sort]))
    @click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "jsonl"]), default=None,
                  help="csv (UTF-8 with BOM, for Excel), xlsx or jsonl; default: from the output's extension, "
                       "else csv.")
    @click.option("-o", "--output", metavar="PATH", default=None,
                  help="Where to write ('-' for stdout). Default: a file named after the query and the day "
                       "(bahith-WORDS-YYYY-MM-DD.csv) in the current folder.")
    @click.option("--limit", type=click.IntRange(1, None), default=None, help="Only the first N rows (default: all).")
    @click.option("--lang", type=click.Choice(["ar", "en"]), default="ar", show_default=True,
                  help="Language of the outlets' names in the source_name column.")
    def export_cmd(query, include, exclude, date_from, date_to, engine, sort, fmt, output, limit, lang) -> None:
        """Export every article a search finds as CSV (for Excel) or JSON Lines. QUERY as for `bahith search`."""
        from search import exports
        from search.backends import BackendError
        from search.plan import PlanError

        if fmt is None:
            suffix = Path(output).suffix.lower() if output else ""
            fmt = {".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx"}.get(suffix, "csv")
        request = build_request(query, include, exclude, date_from, date_to, sort, 1, 10)
        request.facets, request.histogram = (), ""
        backend = backend_for(engine)
        outlets = outlets_for(backend)
        values = [outlets.name(v, lang) if f == "source" else v for f, vs in include.items() for v in vs]
        target = output or exports.file_name(query, values, date.today(), fmt)
        try:
            total, hits = _hits(backend, request, limit or 2**62)
        except PlanError as exc:
            fail(str(exc), 2)
        except BackendError as exc:
            fail(str(exc))
        if fmt == "xlsx" and total > exports.XLSX_MAX_ROWS:
            fail(f"{total:,} rows are more than an Excel sheet holds ({exports.XLSX_MAX_ROWS:,}): export as csv or "
                 "jsonl, or narrow the search")
        written = 0

        def rows():
            nonlocal written
            for h in hits:
                yield exports.row(h, outlets, lang)
                written += 1
                if total >= PROGRESS_EVERY and written % PROGRESS_EVERY == 0:
                    click.echo(f"{written:,} of {total:,} rows …", err=True)

        try:
            if target == "-":
                out = sys.stdout.buffer
                for piece in exports.byte_chunks(fmt, rows()):
                    out.write(piece)
                out.flush()
            else:
                path = Path(target)
                part = path.with_name(path.name + ".part")
                with part.open("wb") as f:
                    for piece in exports.byte_chunks(fmt, rows()):
                        f.write(piece)
                part.replace(path)
        except BackendError as exc:
            fail(f"{exc}; {written:,} of {total:,} rows were read, no file was written"
                 + (f" (the partial rows are in {part})" if target != "-" else ""))
        except OSError as exc:
            fail(f"cannot write {target}: {exc}")
        click.echo(f"{written:,} rows written to {'stdout' if target == '-' else target}", err=True)
        if written < total:
            fail(f"the archive changed while exporting: {total:,} rows were found, {written:,} written")
