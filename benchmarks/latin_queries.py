"""Latin-script queries against the Arabic query a journalist would type (issue 15 item 3).

    python benchmarks/latin_queries.py --db snn=/tmp/snn.db --db ant=/tmp/ant.db [--out FILE.json]

Each item pairs a Latin query ("Putin", "King Salman", "Hezbollah") with the Arabic query that means
the same (بوتين, "الملك سلمان", "حزب الله"), the Arabic spelling variants OR-ed in where the press
has several (ترامب OR ترمب). The Arabic query's hits are the reference: for each item, **recall**
is the share of them the Latin query finds, **precision@10** the share of the Latin query's first
ten hits that are among them. The issue's bar: at least 90 % of the items find at least 80 % of
the Arabic query's articles, with at least 9 of the first 10 right. Items whose Arabic query finds
fewer than MIN_REFERENCE articles in a corpus are reported and left out of that corpus's figures.

The list was written before any run, from the people, places and groups in the news of the two
corpora's years (2015 Saudi press, 2018 international outlets); it holds only names and queries.
The archives are built with `bahith index CORPUS --engine sqlite:///FILE`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MIN_REFERENCE = 5
LIMIT = 100_000

ITEMS: list[tuple[str, str, str]] = [
    # kind, Latin query, Arabic query
    ("person", "Putin", "بوتين"),
    ("person", "Obama", "أوباما"),
    ("person", "Trump", "ترامب OR ترمب"),
    ("person", "Erdogan", "أردوغان"),
    ("person", "Rouhani", "روحاني"),
    ("person", "Zarif", "ظريف"),
    ("person", "Kerry", "كيري"),
    ("person", "Lavrov", "لافروف"),
    ("person", "Netanyahu", "نتنياهو OR نتانياهو"),
    ("person", "Bashar al-Assad", '"بشار الأسد"'),
    ("person", "King Salman", '"الملك سلمان"'),
    ("person", "Mohammed bin Salman", '"محمد بن سلمان"'),
    ("person", "Jubeir", "الجبير"),
    ("person", "Sisi", "السيسي"),
    ("person", "Mansour Hadi", '"منصور هادي"'),
    ("person", "Khamenei", "خامنئي OR الخامنئي"),
    ("person", "Merkel", "ميركل"),
    ("person", "Macron", "ماكرون"),
    ("person", "Guterres", "غوتيريش OR غوتيريس OR جوتيريش"),
    ("person", "Tillerson", "تيلرسون"),
    ("person", "Pompeo", "بومبيو"),
    ("person", "Khashoggi", "خاشقجي"),
    ("person", "Nasrallah", '"نصر الله" OR نصرالله'),
    ("person", "Haftar", "حفتر"),
    ("person", "Mahmoud Abbas", '"محمود عباس"'),
    ("place", "Riyadh", "الرياض"),
    ("place", "Jeddah", "جدة"),
    ("place", "Mecca", "مكة"),
    ("place", "Tehran", "طهران"),
    ("place", "Damascus", "دمشق"),
    ("place", "Aleppo", "حلب"),
    ("place", "Sanaa", "صنعاء"),
    ("place", "Aden", "عدن"),
    ("place", "Beirut", "بيروت"),
    ("place", "Cairo", "القاهرة"),
    ("place", "Moscow", "موسكو"),
    ("place", "Yemen", "اليمن"),
    ("place", "Syria", "سوريا OR سورية"),
    ("place", "Qatar", "قطر"),
    ("group", "Houthis", "الحوثيين OR الحوثيون OR الحوثي"),
    ("group", "Hezbollah", '"حزب الله"'),
    ("group", "ISIS", "داعش"),
    ("group", "Hamas", "حماس"),
    ("group", "Taliban", "طالبان"),
    ("group", "Muslim Brotherhood", '"الإخوان المسلمين" OR "الإخوان المسلمون"'),
    ("group", "OPEC", "أوبك"),
    ("group", "Aramco", "أرامكو"),
]


def ids(backend, q: str, read: bool, size: int = LIMIT) -> list[str]:
    from search.model import SearchRequest
    from search.query import parse
    from search.query.latin_reading import read_request

    request = SearchRequest(query=parse(q), size=size, facets=(), histogram="", snippets=False)
    if read:
        read_request(request, backend)
    return [h.id for h in backend.search(request).hits]


def run_corpus(db: Path) -> dict[str, object]:
    from search.backends.sqlite import SqliteBackend

    backend = SqliteBackend(db)
    rows = []
    for kind, latin, arabic in ITEMS:
        reference = set(ids(backend, arabic, read=False))
        t0 = time.perf_counter()
        found = ids(backend, latin, read=True)
        took = (time.perf_counter() - t0) * 1000
        before = ids(backend, latin, read=False)
        row = {"kind": kind, "latin": latin, "arabic": arabic, "reference": len(reference), "found": len(found),
               "found_without_reading": len(before), "ms": round(took, 1)}
        if len(reference) >= MIN_REFERENCE:
            top = found[:10]
            row["recall"] = round(len(reference & set(found)) / len(reference), 3)
            row["precision_at_10"] = round(sum(1 for i in top if i in reference) / len(top), 3) if top else 0.0
            row["ok"] = row["recall"] >= 0.8 and row["precision_at_10"] >= 0.9
        rows.append(row)
    backend.close()
    scored = [r for r in rows if "recall" in r]
    return {
        "items": len(ITEMS), "scored": len(scored),
        "share_ok": round(sum(r["ok"] for r in scored) / len(scored), 3) if scored else None,
        "mean_recall": round(statistics.mean(r["recall"] for r in scored), 3) if scored else None,
        "mean_precision_at_10": round(statistics.mean(r["precision_at_10"] for r in scored), 3) if scored else None,
        "found_anything_without_reading": sum(1 for r in scored if r["found_without_reading"]),
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", action="append", required=True, metavar="NAME=FILE",
                    help="an embedded archive of a corpus, e.g. snn=/tmp/snn.db (repeat)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    report = {}
    for spec in args.db:
        name, _, path = spec.partition("=")
        if not Path(path).exists():
            ap.error(f"--db {spec}: {path} not found")
        report[name] = run_corpus(Path(path))
    text = json.dumps(report, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
