"""Score Bahith's article facets (people, countries, places) against the hand labels of issue 14.

    python benchmarks/eval_facets.py                  # P/R/F1 per corpus and type, JSON
    python benchmarks/eval_facets.py --agreement      # the two annotators against each other
    python benchmarks/eval_facets.py --errors 20      # also list missed and wrong values

Labels: `benchmarks/data/facets-labels.jsonl` (first pass, every article of the sample of
`benchmarks/facet_sample.py`) and `facets-labels-second.jsonl` (an independent second pass over
100 of them), made under `benchmarks/data/facets-guide.md`.

What is counted: micro precision and recall over (article, entity) pairs. A country is its ISO
code (Bahith's Arabic country names are mapped through the gazetteer). A place or person value of
Bahith matches a labelled entity when their names agree after the folding the facets use
(`search.plan.facet_key`), titles (الملك, الأمير, الرئيس…) and nasab particles (بن, ابن) set
aside and عبد joined to the next word, either exactly with one of the forms the article uses, or as
a name of two words or more contained in the other (سلمان بن عبدالعزيز ~ سلمان بن عبد العزيز آل
سعود). Each labelled entity is matched once: a second value for the same person is a false
positive (one person under two values is an error a journalist sees). A place also matches
through the gazetteer's other spellings of it. With `--variant-key`, a value also matches a labelled
form that is one name with it by the shared variant key (docs/adr/0031): a label copies the
article's spelling (علي خامئني), the facet shows the person's canonical one (علي خامنئي).

This measures the facets an article shows, the thing a journalist checks; it is not NER span
scoring (see benchmarks/eval_ner.py for that).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from search.enrich import enrich  # noqa: E402
from search.names.variant_key import same_name as same_variant  # noqa: E402
from search.plan import facet_key  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
FIRST = DATA / "facets-labels.jsonl"
SECOND = DATA / "facets-labels-second.jsonl"
GAZETTEER = ROOT / "search" / "data" / "gazetteer" / "countries.json"
PEOPLE = ROOT / "search" / "data" / "gazetteer" / "people.json"
TYPES = ("people", "countries", "places")
# Titles and roles Bahith may keep in a person value; the labels leave them out (see the guide).
TITLES = frozenset(facet_key(t) for t in (
    "الملك", "الأمير", "الأميرة", "الرئيس", "الشيخ", "الشيخة", "السلطان", "الإمام", "الدكتور", "د",
    "المهندس", "الوزير", "السفير", "اللواء", "العميد", "الفريق", "المشير", "العقيد", "سمو", "صاحب",
    "السمو", "الملكي", "خادم", "الحرمين", "الشريفين", "المدرب", "اللاعب", "النجم", "الفنان", "السيد",
    "السيدة", "معالي", "فضيلة", "سماحة"))
PARTICLES = frozenset(facet_key(t) for t in ("بن", "ابن", "بنت"))


class LabelError(ValueError):
    """A label line that is not in the guide's format; the message names file and line."""


def name_tokens(value: str) -> tuple[str, ...]:
    """The words of a name as compared: folded, titles and بن set aside, عبد joined to what follows."""
    words = facet_key(value).replace("_", " ").split()
    out: list[str] = []
    skip_title = True
    for w in words:
        if skip_title and w in TITLES:
            continue
        skip_title = False
        if w in PARTICLES:
            continue
        if out and out[-1] in ("عبد", "ابو", "أبو") and len(out[-1]) <= 3:
            out[-1] += w
            continue
        out.append(w)
    return tuple(out)


VARIANT_GIVEN: frozenset[str] | None = None
"""With `--variant-key`: the given names that keep two spellings apart (search.names.variant_key)."""


def same_name(value: tuple[str, ...], forms: list[tuple[str, ...]], full: tuple[str, ...]) -> bool:
    if not value:
        return False
    if value in forms:
        return True
    if VARIANT_GIVEN is not None and any(len(f) == len(value) and same_variant(value, f, VARIANT_GIVEN)
                                         for f in forms):
        return True  # a spelling the label copies from the article (خامئني) of the value's name (خامنئي)
    if len(value) >= 2 and len(full) >= 2:
        shorter, longer = sorted((value, full), key=len)
        return shorter[0] == longer[0] and set(shorter) <= set(longer)
    if len(full) == 1 and len(value) >= 2:  # the article says only الملك سلمان; the value is his full name
        return full[0] == value[0]
    return False


def read_labels(path: Path) -> dict[str, dict]:
    """id → label record, checked against the guide's format."""
    out: dict[str, dict] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LabelError(f"{path}:{n}: not JSON ({exc.msg})") from None
            for key in ("id", *TYPES):
                if key not in rec:
                    raise LabelError(f"{path}:{n}: no {key!r}")
            for p in rec["people"] + rec["places"]:
                if not isinstance(p, dict) or not p.get("name"):
                    raise LabelError(f"{path}:{n}: a person or place without a name: {p!r}")
            for c in rec["countries"]:
                if not (isinstance(c, str) and len(c) == 2 and c.isupper()):
                    raise LabelError(f"{path}:{n}: country {c!r} is not an ISO 3166-1 alpha-2 code")
            if rec["id"] in out:
                raise LabelError(f"{path}:{n}: article {rec['id']} labelled twice")
            out[rec["id"]] = rec
    return out


class Gazetteer:
    """Country names → ISO codes, and every spelling of each gazetteer place and person."""

    def __init__(self, path: Path = GAZETTEER, people: Path = PEOPLE) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        self.country_code: dict[str, str] = {}
        self.place_forms: dict[str, set[tuple[str, ...]]] = {}
        for c in data["countries"]:
            for name in (c["name"], *c["variants"]):
                self.country_code[facet_key(name)] = c["id"]
            for city in c["cities"]:
                forms = {name_tokens(city), *(name_tokens(v) for v in c["city_variants"].get(city, []))}
                self.place_forms.setdefault(facet_key(city), set()).update(forms)
        for p in data["places"]:
            forms = {name_tokens(p["name"]), *(name_tokens(f) for f in p.get("forms", []))}
            self.place_forms.setdefault(facet_key(p["name"]), set()).update(forms)
        # a person value is the gazetteer's canonical name (دونالد ترامب) where the article may write
        # another spelling of it (ترمب): the value matches through every alias the gazetteer files under it
        self.person_forms: dict[str, set[tuple[str, ...]]] = {}
        for person in json.loads(people.read_text(encoding="utf-8"))["people"]:
            forms = {name_tokens(person["name"]), *(name_tokens(a) for a in person["aliases"])}
            self.person_forms.setdefault(facet_key(person["name"]), set()).update(forms)

    def code(self, country: str) -> str:
        return self.country_code.get(facet_key(country), "?" + country)


def entities(rec: dict, kind: str) -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """A label's people or places: (full name, the forms) as compared."""
    out = []
    for e in rec[kind]:
        forms = [name_tokens(f) for f in (e.get("forms") or [])] + [name_tokens(e["name"])]
        out.append((name_tokens(e["name"]), forms))
    return out


def match_names(found: list[str], gold: list[tuple[tuple[str, ...], list[tuple[str, ...]]]],
                extra_forms=None) -> tuple[int, list[str], list[str]]:
    """(true positives, wrong values, missed labelled names): each labelled entity matched once."""
    used = [False] * len(gold)
    tp, wrong = 0, []
    for value in found:
        candidates = {name_tokens(value)} | (extra_forms(value) if extra_forms else set())
        hit = next((i for i, (full, forms) in enumerate(gold) if not used[i]
                    and any(same_name(c, forms, full) for c in candidates)), None)
        if hit is None:
            wrong.append(value)
        else:
            used[hit] = True
            tp += 1
    missed = [" ".join(full) for i, (full, _) in enumerate(gold) if not used[i]]
    return tp, wrong, missed


def _spellings(table: dict[str, set[tuple[str, ...]]], value: str) -> set[tuple[str, ...]]:
    return table.get(facet_key(value), set())


def score_pairs(system: dict[str, dict], gold: dict[str, dict], gaz: Gazetteer) -> dict:
    """Per type: tp, fp, fn, precision, recall, F1, and the error lists."""
    out: dict[str, dict] = {}
    for kind in TYPES:
        tp = fp = fn = 0
        wrong: Counter[str] = Counter()
        missed: Counter[str] = Counter()
        for aid, g in gold.items():
            s = system[aid]
            if kind == "countries":
                found = {gaz.code(c) if not (len(c) == 2 and c.isupper()) else c for c in s["countries"]}
                want = set(g["countries"])
                t, w, m = len(found & want), sorted(found - want), sorted(want - found)
            else:
                table = gaz.place_forms if kind == "places" else gaz.person_forms
                extra = partial(_spellings, table)
                names = [e if isinstance(e, str) else e["name"] for e in s[kind]]
                t, w, m = match_names(names, entities(g, kind), extra)
            tp, fp, fn = tp + t, fp + len(w), fn + len(m)
            wrong.update(w)
            missed.update(m)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        out[kind] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
                     "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                     "wrong": wrong.most_common(), "missed": missed.most_common()}
    return out


def system_facets(ids: set[str], shared: Path) -> dict[str, dict]:
    """Bahith's facets for the labelled articles, read and enriched as `bahith index` does."""
    from facet_sample import sample

    out: dict[str, dict] = {}
    for corpus, a in sample(shared):
        if a.id in ids:
            enrich(a)
            out[a.id] = {"corpus": corpus, "people": a.people, "countries": a.countries, "places": a.places}
    missing = ids - set(out)
    if missing:
        raise SystemExit(f"error: {len(missing)} labelled ids are not in the sample, e.g. {sorted(missing)[0]}")
    return out


def main(argv: list[str] | None = None) -> int:
    from facet_sample import SHARED

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=FIRST)
    parser.add_argument("--second", type=Path, default=SECOND)
    parser.add_argument("--agreement", action="store_true", help="score the second pass against the first")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list the N commonest errors")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--variant-key", action="store_true",
                        help="a value also matches a labelled form that is one name with it by the variant key "
                             "(search.names.variant_key: فرنسوا / فرانسوا), not only the gazetteer's aliases")
    args = parser.parse_args(argv)
    if args.variant_key:
        from search.enrich.discover import default_cues

        global VARIANT_GIVEN
        VARIANT_GIVEN = frozenset(default_cues().given_forms.values())
    try:
        first = read_labels(args.labels)
        gaz = Gazetteer()
        if args.agreement:
            second = read_labels(args.second)
            common = {i: first[i] for i in second if i in first}
            report = {"articles": len(common), **{k: v for k, v in score_pairs(
                {i: second[i] for i in common}, common, gaz).items()}}
            report = {k: ({kk: vv for kk, vv in v.items() if kk not in ("wrong", "missed") or args.errors}
                          if isinstance(v, dict) else v) for k, v in report.items()}
            print(json.dumps(report, ensure_ascii=False, indent=1))
            return 0
    except LabelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    system = system_facets(set(first), args.shared)
    report: dict[str, object] = {}
    for corpus in ("snn", "ant"):
        gold = {i: r for i, r in first.items() if system[i]["corpus"] == corpus}
        scores = score_pairs(system, gold, gaz)
        for v in scores.values():
            v["wrong"] = v["wrong"][:args.errors]
            v["missed"] = v["missed"][:args.errors]
            if not args.errors:
                del v["wrong"], v["missed"]
        report[corpus] = {"articles": len(gold), **scores}
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
