"""Write `mappings/*.json`, the Elasticsearch/OpenSearch index definitions, from the Python analysis.

Run after changing the gazetteer, the stop list or the fields (from the project folder):

    .venv/bin/python -m tools.build_mappings          # rewrite mappings/
    .venv/bin/python -m tools.build_mappings --check  # exit 1 when mappings/ is stale

What goes into the files is `search.backends.index_mappings` (the runtime builds the same bodies
when no committed file fits its analyzer); this script only writes and compares them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from search.backends.index_mappings import expected_files

MAPPINGS_DIR = Path(__file__).resolve().parents[1] / "mappings"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report whether mappings/ is up to date")
    parser.add_argument("--out", type=Path, default=MAPPINGS_DIR)
    args = parser.parse_args(argv)
    stale = []
    for name, text in expected_files().items():
        path = args.out / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if args.check and stale:
        print(f"stale in {args.out}: {', '.join(stale)}; run python -m tools.build_mappings",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
